using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace DataGen.Generation.Parsing;

/// <summary>
/// Reads several numbered blocks from one reply, <c>&lt;tag n="1"&gt;...&lt;/tag&gt;</c>, <c>&lt;tag n="2"&gt;...</c>,
/// for a call several seeds share: member k (0-based) gets block number k + 1 as <c>field</c>. Blocks without a number
/// are numbered in the order they appear. A reply with no complete block, or with a number twice, does not parse; a
/// reply with fewer blocks than members parses, and the members without one are <see cref="MissingReason"/>. A block
/// that holds only a line starting <c>UNSUITABLE</c> makes its member unsuitable (the escape per document).
/// </summary>
public sealed partial class NumberedTextParser : IGroupReplyParser
{
    /// <summary>Reason of a member the reply holds no block for.</summary>
    public const string MissingReason = "missing_in_reply";

    private const string CountField = "#count";
    private readonly string _tag;
    private readonly Regex _block;

    public NumberedTextParser(string tag, string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        _tag = tag;
        Field = field;
        _block = new Regex($@"<{Regex.Escape(tag)}(?:\s+n\s*=\s*[""']?(?<n>\d+)[""']?)?\s*>(?<body>.*?)</{Regex.Escape(tag)}>", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    public string Field { get; }

    public ChatResponseFormat? ResponseFormat => null;

    public IReadOnlyList<string> FieldNames => [Field];

    public ParseResult Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 1;
        foreach (Match match in _block.Matches(reply))
        {
            var number = match.Groups["n"].Success ? int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : next;
            next = number + 1;
            var body = match.Groups["body"].Value.Trim();
            if (body.Length == 0)
            {
                continue;
            }

            if (!fields.TryAdd(Key(number), body))
            {
                return ParseResult.Failure($"two <{_tag}> blocks are numbered {number}; number each document once, n=\"1\", n=\"2\", ...");
            }
        }

        if (fields.Count == 0)
        {
            return ParseResult.Failure(reply.Contains($"<{_tag}", StringComparison.Ordinal)
                ? $"no complete, non-empty <{_tag} n=\"1\">...</{_tag}> block in the reply (an unclosed tag usually means it was cut off)"
                : $"no <{_tag} n=\"1\">...</{_tag}> block in the reply");
        }

        fields[CountField] = fields.Count.ToString(CultureInfo.InvariantCulture);
        return ParseResult.Success(fields);
    }

    public MemberReply Member(IReadOnlyDictionary<string, string> fields, int position, int size)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (!fields.TryGetValue(Key(position + 1), out var body))
        {
            var held = fields.TryGetValue(CountField, out var count) ? count : "0";
            return MemberReply.Missing(MissingReason, $"the shared reply held {held} of the {size} documents asked for, none numbered {position + 1}");
        }

        if (Unsuitable().Match(body) is { Success: true } unsuitable)
        {
            var reason = unsuitable.Groups["reason"].Value.Trim();
            return MemberReply.Missing("unsuitable", reason.Length > 0 ? reason : "no reason given");
        }

        return MemberReply.Of(new Dictionary<string, string>(StringComparer.Ordinal) { [Field] = body });
    }

    private string Key(int number) => $"{Field}#{number.ToString(CultureInfo.InvariantCulture)}";

    [GeneratedRegex(@"\A\s*UNSUITABLE\b[ \t:.\-]*(?<reason>[^\n]*)\s*\z")]
    private static partial Regex Unsuitable();
}
