using Microsoft.Extensions.AI;

namespace DataGen.Generation.Parsing;

/// <summary>
/// Reads free text between <c>&lt;tag&gt;</c> and <c>&lt;/tag&gt;</c>. Exactly one complete, non-empty block is
/// accepted; text after it is ignored, and so is text before it (a plan, a reviewer's problem list) unless a
/// <c>leadField</c> is named, which then holds that text (empty when there is none). An unclosed tag usually means
/// the reply was cut off.
/// </summary>
public sealed class TaggedTextParser : IReplyParser
{
    private readonly string _tag;
    private readonly string _open;
    private readonly string _close;
    private readonly string? _leadField;

    public TaggedTextParser(string tag, string field, string? leadField = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        _tag = tag;
        Field = field;
        _leadField = leadField;
        _open = $"<{tag}>";
        _close = $"</{tag}>";
    }

    public string Field { get; }

    public ChatResponseFormat? ResponseFormat => null;

    public IReadOnlyList<string> FieldNames => _leadField is null ? [Field] : [Field, _leadField];

    public ParseResult Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        // Ordinal scans, not a regex: replies are long and this runs for every one of them.
        var count = 0;
        string? first = null;
        var lead = string.Empty;
        for (var position = 0; ;)
        {
            var start = reply.IndexOf(_open, position, StringComparison.Ordinal);
            var end = start < 0 ? -1 : reply.IndexOf(_close, start + _open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            count++;
            if (first is null)
            {
                first = reply[(start + _open.Length)..end];
                lead = reply[..start].Trim();
            }

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
            : ParseResult.Success(_leadField is null
                ? new Dictionary<string, string> { [Field] = body }
                : new Dictionary<string, string> { [Field] = body, [_leadField] = lead });
    }
}
