using Microsoft.Extensions.AI;

namespace DataGen.Generation;

/// <summary>
/// Turns a model reply into named fields. Contract: never throws on bad input; a reply that does not fit returns
/// <see cref="ParseResult.Failure"/> with a message the model can act on when it is re-asked.
/// </summary>
public interface IReplyParser
{
    /// <summary>The response format to request, or null for free text.</summary>
    ChatResponseFormat? ResponseFormat { get; }

    /// <summary>The fields a successful parse yields.</summary>
    IReadOnlyList<string> FieldNames { get; }

    ParseResult Parse(string reply);
}
