using System.Collections;
using System.Globalization;
using DataGen.Generation;
using DataGen.Quality.Checks;

namespace DataGen.Output.Reading;

/// <summary>
/// One row of a run, read without a row class: every column by name, so columns added later (judge scores,
/// provenance, near-duplicate clusters) are seen without code changes. A kept sample or a rejected one.
/// </summary>
public sealed class RunRow
{
    /// <summary>Columns whose name starts with this and whose value is numeric are judge scores.</summary>
    public const string ScorePrefix = "judge_";

    /// <summary>The judge's explanation, shown beside the sample when present.</summary>
    public const string RationaleColumn = "judge_rationale";

    /// <summary>Near-duplicate cluster id (quality stage), when present.</summary>
    public const string ClusterColumn = "near_dup_cluster";

    public RunRow(IReadOnlyDictionary<string, object?> columns, bool isReject)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        IsReject = isReject;
    }

    /// <summary>Every column, with Parquet maps as string dictionaries and lists of structs as lists of dictionaries.</summary>
    public IReadOnlyDictionary<string, object?> Columns { get; }

    /// <summary>True for a row read from <c>rejects/</c>.</summary>
    public bool IsReject { get; }

    public string Id => Field("id") ?? string.Empty;

    public string Kind => Field("kind") ?? string.Empty;

    public string PrincipleId => Field("principle_id") ?? string.Empty;

    public string? PrincipleTitle => Field("principle_title");

    public string? Stage => Field("stage");

    public string? Reason => Field("reason");

    public string? Detail => Field("detail");

    public string? Rationale => Field(RationaleColumn);

    /// <summary>The diversity axes of the row, whatever shape the shard stores them in (see <see cref="MapColumn"/>).</summary>
    public IReadOnlyDictionary<string, string> Axes => MapColumn.Read(Columns.GetValueOrDefault("axes"));

    /// <summary>
    /// Chat turns, for advice chats and rejected chats; null for prose and for rejects that never became a sample. A
    /// reject written before rejects carried <c>messages</c> has its turns as JSON in <c>content</c>.
    /// </summary>
    public IReadOnlyList<ChatTurn>? Messages => Columns.GetValueOrDefault("messages") is IEnumerable list and not string
        && list.OfType<IReadOnlyDictionary<string, object?>>().Select(m => new ChatTurn(m.GetValueOrDefault("role") as string ?? string.Empty, m.GetValueOrDefault("content") as string ?? string.Empty)).ToList() is { Count: > 0 } turns
        ? turns
        : IsReject ? RejectTurns(Columns.GetValueOrDefault("content") as string) : null;

    /// <summary>
    /// A hash of what a reviewer reads: the turns (role and content) or the prose. A verdict records it, so a verdict
    /// on an earlier text of the same id is recognised as stale after a rerun.
    /// </summary>
    public string ContentHash
    {
        get
        {
            var canonical = Messages is { } turns
                ? string.Join("\u0001", turns.Select(t => $"{t.Role}\u0002{t.Content}"))
                : Text;
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)))[..32];
        }
    }

    /// <summary>The prose, or the turns joined, or a reject's raw reply (<c>content</c> in older shards).</summary>
    public string Text => Field("text") ?? (Messages is { } turns ? string.Join("\n\n", turns.Select(t => t.Content)) : Field("raw_reply") ?? Field("content") ?? string.Empty);

    public int WordCount => TextStats.CountWords(Text);

    /// <summary>Judge scores: every numeric column whose name starts with <see cref="ScorePrefix"/>.</summary>
    public IReadOnlyDictionary<string, double> Scores
    {
        get
        {
            var scores = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, value) in Columns)
            {
                if (name.StartsWith(ScorePrefix, StringComparison.Ordinal) && Number(value) is { } number)
                {
                    scores[name] = number;
                }
            }

            return scores;
        }
    }

    public string? Field(string column) => Columns.GetValueOrDefault(column) switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    private static readonly System.Text.Json.JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    private static List<ChatTurn>? RejectTurns(string? content)
    {
        // A reject stores a chat as its turns serialised to JSON; raw unparseable replies are not JSON arrays.
        if (content is not { Length: > 1 } || content[0] != '[')
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<List<ChatTurn>>(content, CaseInsensitive) is { Count: > 0 } turns
                && turns.All(t => t.Role is not null && t.Content is not null) ? turns : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not turns after all (a raw reply that happens to start with '['): shown as prose.
            return null;
        }
    }

    /// <summary>A column's value as a double, if it is numeric.</summary>
    public double? Number(string column) => Number(Columns.GetValueOrDefault(column));

    private static double? Number(object? value) => value switch
    {
        double d when double.IsFinite(d) => d,
        float f when float.IsFinite(f) => f,
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        decimal m => (double)m,
        _ => null,
    };
}
