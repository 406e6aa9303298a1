namespace DataGen.Generation;

/// <summary>One group member's share of a shared reply: its fields, or the reason it has none (<see cref="IGroupReplyParser"/>).</summary>
public sealed record MemberReply
{
    public IReadOnlyDictionary<string, string>? Fields { get; init; }

    /// <summary>Why the member has no output (<c>missing_in_reply</c>, <c>unsuitable</c>); null when <see cref="Fields"/> is set.</summary>
    public string? Reason { get; init; }

    public string? Detail { get; init; }

    public static MemberReply Of(IReadOnlyDictionary<string, string> fields) => new() { Fields = fields };

    public static MemberReply Missing(string reason, string detail) => new() { Reason = reason, Detail = detail };
}
