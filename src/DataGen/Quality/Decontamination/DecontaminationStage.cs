using System.Globalization;
using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Pipeline.Stages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// Drops samples that overlap a held-out eval item with reason <c>contaminated</c> (the item's id in
/// <see cref="Rejection.Matched"/>), and applies the reserved-name policy: <c>replace</c> swaps the names and keeps the
/// sample (recording what was replaced), <c>reject</c> drops it with reason <c>reserved_name</c>. Names are handled
/// first, so a replaced sample is then checked for overlap as it will be written.
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

    protected override async ValueTask<StageVerdict> EvaluateAsync(Sample sample, CancellationToken cancellationToken)
    {
        var names = _gate.Names.Find(sample.Content);
        if (names.Count > 0 && _gate.Names.Policy == ReservedNamePolicies.Reject)
        {
            return Drop(sample, "reserved_name", $"uses reserved eval name(s) {string.Join(", ", names)}", null);
        }

        if (names.Count > 0 && _gate.Names.Policy == ReservedNamePolicies.Replace)
        {
            sample = sample with
            {
                Text = sample.Text is null ? null : _gate.Names.Replace(sample.Text),
                Messages = sample.Messages is null ? null : [.. sample.Messages.Select(m => m with { Content = _gate.Names.Replace(m.Content) })],
                Quality = sample.Quality with { ReplacedNames = [.. names.Select(n => $"{n}→{_gate.Names.ReplacementFor(n)}")] },
            };
            _logger.LogDebug("Replaced reserved names {Names} in {SampleId}", names, sample.Id);
        }

        var match = await _gate.MatchAsync(sample.Content, cancellationToken);
        if (match is not null)
        {
            return Drop(sample, "contaminated",
                string.Create(CultureInfo.InvariantCulture, $"{match.Method} match with eval item {match.Item.Id} ({match.Item.Source}), score {match.Score:0.000}"), match.Item.Id);
        }

        return StageVerdict.Keep(sample);
    }

    private StageVerdict Drop(Sample sample, string reason, string detail, string? matched)
    {
        _logger.LogInformation("Dropped {SampleId} of {Kind}: {Reason} ({Detail})", sample.Id, sample.Kind.Name(), reason, detail);
        return StageVerdict.Drop(reason, detail, matched, sample);
    }
}
