using Microsoft.Extensions.AI;

namespace DataGen.Generation.Parsing;

/// <summary>
/// Reads free text between <c>&lt;tag&gt;</c> and <c>&lt;/tag&gt;</c>. Exactly one complete, non-empty block is
/// accepted; text around it (a plan, a preamble) is ignored. An unclosed tag usually means the reply was cut off.
/// </summary>
public sealed class TaggedTextParser : IReplyParser
{
    private readonly string _tag;
    private readonly string _open;
    private readonly string _close;

    public TaggedTextParser(string tag, string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        _tag = tag;
        Field = field;
        _open = $"<{tag}>";
        _close = $"</{tag}>";
    }

    public string Field { get; }

    public ChatResponseFormat? ResponseFormat => null;

    public IReadOnlyList<string> FieldNames => [Field];

    public ParseResult Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        // Ordinal scans, not a regex: replies are long and this runs for every one of them.
        var count = 0;
        string? first = null;
        for (var position = 0; ;)
        {
            var start = reply.IndexOf(_open, position, StringComparison.Ordinal);
            var end = start < 0 ? -1 : reply.IndexOf(_close, start + _open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            count++;
            first ??= reply[(start + _open.Length)..end];
            position = end + _close.Length;
        }

        if (count == 0)
        {
            return reply.Contains(_open, StringComparison.Ordinal)
                ? ParseResult.Failure($"the <{_tag}> block is never closed with </{_tag}>")
                : ParseResult.Failure($"no <{_tag}>...</{_tag}> block in the reply");
        }

        if (count > 1)
        {
            return ParseResult.Failure($"{count} <{_tag}> blocks; write exactly one");
        }

        var body = first!.Trim();
        return body.Length == 0
            ? ParseResult.Failure($"the <{_tag}> block is empty")
            : ParseResult.Success(new Dictionary<string, string> { [Field] = body });
    }
}
