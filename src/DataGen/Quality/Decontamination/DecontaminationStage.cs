using System.Globalization;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Pipeline.Stages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// Drops samples that overlap a held-out eval item with reason <c>contaminated</c> (the item's id in
/// <see cref="Rejection.Matched"/>), and applies the reserved-name policy: <c>replace</c> swaps the names and keeps the
/// sample (recording what was replaced), <c>reject</c> drops it with reason <c>reserved_name</c>. Names are handled
/// first, so a replaced sample is then checked for overlap as it will be written. Every text a row carries is checked
/// (<see cref="Columns"/>), and the reject names the column that matched.
/// </summary>
public sealed class DecontaminationStage : FilterStage
{
    public const string StageName = "decontaminate";

    private readonly DecontaminationGate _gate;
    private readonly ILogger _logger;

    public DecontaminationStage(DecontaminationGate gate, TimeProvider time, ILogger? logger = null)
        : base(StageName, StageScope.PerSample, time, logger)
    {
        ArgumentNullException.ThrowIfNull(gate);
        _gate = gate;
        _logger = logger ?? NullLogger.Instance;
    }

    // The embedding step is CPU work of tens of milliseconds on the texts that reach it; one sample at a time would
    // hold every later sample behind it. Verdicts stay in input order.
    protected override int Concurrency => Environment.ProcessorCount;

    /// <summary>
    /// The stage's decision on one sample without counting it: the sample (reserved names replaced under
    /// <c>replace</c>) or its rejection. Used to re-check critique-and-revise output as a new sample.
    /// </summary>
    public async Task<GenerationOutcome> DecideAsync(Sample sample, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var verdict = await EvaluateAsync(sample, cancellationToken);
        return verdict.Reason is { } reason
            ? GenerationOutcome.Of(Rejection.Of(verdict.Sample ?? sample, StageName, reason, verdict.Detail, Time.GetUtcNow(), verdict.Matched))
            : GenerationOutcome.Of(verdict.Sample ?? sample);
    }

    /// <summary>
    /// Every text a row carries, named by its column: the content (prose or each turn) and every provenance text
    /// (scenario, prompts before and after rewrite, responses before rewrite, critiques, drafts).
    /// </summary>
    public static IReadOnlyList<(string Column, string Text)> Columns(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var columns = new List<(string, string)>();
        if (sample.Text is { } text)
        {
            columns.Add(("text", text));
        }

        if (sample.Messages is { } messages)
        {
            columns.Add(("messages", string.Join("\n\n", messages.Select(m => m.Content))));
        }

        columns.AddRange(sample.Provenance.Where(kv => Checked(kv.Key) && kv.Value.Length > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)));
        return columns;
    }

    protected override async ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var columns = Columns(sample);
        var names = columns.SelectMany(c => _gate.Names.Find(c.Text)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count > 0 && _gate.Names.Policy == ReservedNamePolicies.Reject)
        {
            var where = columns.First(c => _gate.Names.Find(c.Text).Count > 0).Column;
            return Drop(sample, "reserved_name", $"uses reserved eval name(s) {string.Join(", ", names)} in {where}", null);
        }

        if (names.Count > 0 && _gate.Names.Policy == ReservedNamePolicies.Replace)
        {
            sample = sample with
            {
                Text = sample.Text is null ? null : _gate.Names.Replace(sample.Text),
                Messages = sample.Messages is null ? null : [.. sample.Messages.Select(m => m with { Content = _gate.Names.Replace(m.Content) })],
                Provenance = sample.Provenance.ToDictionary(kv => kv.Key, kv => Checked(kv.Key) ? _gate.Names.Replace(kv.Value) : kv.Value, StringComparer.Ordinal),
                Quality = sample.Quality with { ReplacedNames = [.. sample.Quality.ReplacedNames, .. names.Select(n => $"{n}→{_gate.Names.ReplacementFor(n)}")] },
            };
            columns = Columns(sample);
            _logger.LogDebug("Replaced reserved names {Names} in {SampleId}", names, sample.Id);
        }

        DecontaminationMetrics.Timings.Record("names", started);

        // The row's columns repeat one another's sentences (draft and revision, prompt before and after rewrite), so
        // a sentence embedded for one column is not embedded again for the next.
        var sentenceVectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (column, text) in columns)
        {
            if (await _gate.MatchAsync(text, sentenceVectors, cancellationToken) is { } match)
            {
                return Drop(sample, "contaminated",
                    string.Create(CultureInfo.InvariantCulture, $"{match.Method} match with eval item {match.Item.Id} ({match.Item.Source}) in {column}, score {match.Score:0.000}")
                        + (match.Rationale is { } rationale ? $": {rationale}" : string.Empty), match.Item.Id);
            }
        }

        return StageVerdict.Keep(sample);
    }

    // The record of what was replaced names the reserved names on purpose; flags are not text.
    private static bool Checked(string column) => column is not (ProvenanceKeys.NameReplacements or ProvenanceKeys.RewriteChanged);

    private StageVerdict Drop(Sample sample, string reason, string detail, string? matched)
    {
        _logger.LogInformation("Dropped {SampleId} of {Kind}: {Reason} ({Detail})", sample.Id, sample.Kind.Name(), reason, detail);
        return StageVerdict.Drop(reason, detail, matched, sample);
    }
}
