namespace DataGen.Quality.Dedupe;

/// <summary>One kept row of an earlier run: the run's id, the row's id and its text as the dedupe stages compare it.</summary>
public sealed record EarlierRow(string Run, string Id, string Text)
{
    /// <summary>How the dedupe indexes and a drop's <c>matched</c> name it: <c>run/row-id</c>.</summary>
    public string Reference => $"{Run}/{Id}";

    /// <summary>
    /// A keeper as a drop's detail names it: <c>earlier run R row I</c> for a <see cref="Reference"/>, else the id
    /// itself. This run's ids are hex digests (<see cref="Seeds.SeedPlanner.Id"/>), so only a reference holds a slash.
    /// </summary>
    public static string Describe(string keeper)
    {
        ArgumentNullException.ThrowIfNull(keeper);
        var slash = keeper.LastIndexOf('/');
        return slash < 0 ? keeper : $"earlier run {keeper[..slash]} row {keeper[(slash + 1)..]}";
    }
}
