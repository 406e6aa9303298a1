using System.Collections;
using System.Globalization;
using DataGen.Generation;
using DataGen.Quality.Checks;

namespace DataGen.Reporting;

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

    public IReadOnlyDictionary<string, string> Axes => Entries("axes");

    /// <summary>Chat turns, for advice chats and rejected chats; null for prose and for rejects that never became a sample.</summary>
    public IReadOnlyList<ChatTurn>? Messages => Columns.GetValueOrDefault("messages") is IEnumerable list and not string
        && list.OfType<IReadOnlyDictionary<string, object?>>().Select(m => new ChatTurn(m.GetValueOrDefault("role") as string ?? string.Empty, m.GetValueOrDefault("content") as string ?? string.Empty)).ToList() is { Count: > 0 } turns
        ? turns
        : null;

    /// <summary>The prose, or the turns joined, or a reject's raw reply (<c>content</c> in older shards).</summary>
    public string Text => Field("text") ?? (Messages is { } turns ? string.Join("\n\n", turns.Select(t => t.Content)) : Field("raw_reply") ?? Field("content") ?? string.Empty);

    /// <summary>
    /// A key/value column (<c>axes</c>, <c>ablations</c>, <c>step_prompt_ids</c>, <c>provenance</c>) as a dictionary:
    /// read from a list of <c>{key, value}</c> structs, or from a Parquet map in shards written before that change.
    /// </summary>
    public IReadOnlyDictionary<string, string> Entries(string column) => Columns.GetValueOrDefault(column) switch
    {
        IReadOnlyDictionary<string, string> map => map,
        IEnumerable list and not string => list.OfType<IReadOnlyDictionary<string, object?>>()
            .Where(e => e.GetValueOrDefault("key") is string)
            .GroupBy(e => (string)e["key"]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().GetValueOrDefault("value") as string ?? string.Empty, StringComparer.Ordinal),
        _ => new Dictionary<string, string>(),
    };

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
