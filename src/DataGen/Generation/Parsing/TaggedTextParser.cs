using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace DataGen.Generation.Parsing;

/// <summary>
/// Reads free text between <c>&lt;tag&gt;</c> and <c>&lt;/tag&gt;</c>. Exactly one complete, non-empty block is
/// accepted; text around it (a plan, a preamble) is ignored. An unclosed tag usually means the reply was cut off.
/// </summary>
public sealed class TaggedTextParser : IReplyParser
{
    private readonly Regex _block;
    private readonly string _tag;

    public TaggedTextParser(string tag, string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        _tag = tag;
        Field = field;
        _block = new Regex($"<{Regex.Escape(tag)}>(?<body>.*?)</{Regex.Escape(tag)}>", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    public string Field { get; }

    public ChatResponseFormat? ResponseFormat => null;

    public IReadOnlyList<string> FieldNames => [Field];

    public ParseResult Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var matches = _block.Matches(reply);
        if (matches.Count == 0)
        {
            return reply.Contains($"<{_tag}>", StringComparison.Ordinal)
                ? ParseResult.Failure($"the <{_tag}> block is never closed with </{_tag}>")
                : ParseResult.Failure($"no <{_tag}>...</{_tag}> block in the reply");
        }

        if (matches.Count > 1)
        {
            return ParseResult.Failure($"{matches.Count} <{_tag}> blocks; write exactly one");
        }

        var body = matches[0].Groups["body"].Value.Trim();
        return body.Length == 0
            ? ParseResult.Failure($"the <{_tag}> block is empty")
            : ParseResult.Success(new Dictionary<string, string> { [Field] = body });
    }
}
