namespace DataGen.Generation;

/// <summary>
/// Parses one reply that holds the output of several seeds (a call a <see cref="Seeds.SeedGroup"/> shares), then hands
/// each member its own fields. Contract: <see cref="IReplyParser.Parse"/> succeeds when the reply holds at least one
/// member's output (a reply with none is re-asked); <see cref="Member"/> never throws: a member the reply left out
/// gets a reason of its own, so it is rejected, never lost.
/// </summary>
public interface IGroupReplyParser : IReplyParser
{
    /// <summary>The fields of the member at <paramref name="position"/> of <paramref name="size"/>, from fields <see cref="IReplyParser.Parse"/> returned.</summary>
    MemberReply Member(IReadOnlyDictionary<string, string> fields, int position, int size);
}
