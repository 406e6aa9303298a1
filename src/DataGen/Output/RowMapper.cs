using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Output.Rows;

namespace DataGen.Output;

/// <summary>
/// Maps samples and rejections to their Parquet row shapes. A reject is filled by the same code as a kept row, so both
/// carry the same provenance columns; a reject that never became a sample takes them from what its steps left.
/// </summary>
public static class RowMapper
{
    public static TextSampleRow Text(Sample sample, RunIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var row = new TextSampleRow { Text = sample.Text ?? string.Empty };
        Fill(row, sample, identity);
        return row;
    }

    public static ChatSampleRow Chat(Sample sample, RunIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var row = new ChatSampleRow { Messages = Messages(sample.Messages) };
        Fill(row, sample, identity);
        return row;
    }

    public static RejectRow Reject(Rejection rejection, RunIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        ArgumentNullException.ThrowIfNull(identity);
        var row = new RejectRow
        {
            Stage = rejection.Stage,
            Reason = rejection.Reason,
            Detail = rejection.Detail,
            Matched = rejection.Matched,
        };
        if (rejection.Sample is { } sample)
        {
            Fill(row, sample, identity);
            row.Text = sample.Text;
            row.Messages = Messages(sample.Messages);
        }
        else
        {
            var seed = rejection.Seed;
            FillCommon(row, seed, identity, rejection.Provenance, rejection.StepPromptIds, identity.Ablations);
            row.StepModels = KeyValueRow.From(rejection.StepModels);
            row.Provider = identity.Provider;
            row.Model = identity.Model;
            row.Simulated = identity.Simulated;
            row.InputTokens = rejection.Usage.Input;
            row.OutputTokens = rejection.Usage.Output;
            row.Calls = rejection.Calls;
            row.CreatedAt = rejection.CreatedAt.UtcDateTime;
            row.RawReply = rejection.RawReply;
        }

        // A stage that names its own template (the judge's rubric) or a step that failed is the reject's prompt id.
        row.PromptId = rejection.PromptId ?? row.PromptId;
        row.CreatedAt = rejection.CreatedAt.UtcDateTime;
        return row;
    }

    private static List<MessageRow> Messages(IReadOnlyList<ChatTurn>? turns) =>
        [.. (turns ?? []).Select(m => new MessageRow { Role = m.Role, Content = m.Content })];

    private static void Fill(SampleRow row, Sample sample, RunIdentity identity)
    {
        FillCommon(row, sample.Seed, identity, sample.Provenance, sample.StepPromptIds, sample.Ablations);
        row.StepModels = KeyValueRow.From(sample.StepModels);
        row.PromptId = sample.PromptId;
        row.Provider = sample.Provider;
        row.Model = sample.Model;
        row.Simulated = sample.Simulated;
        row.InputTokens = sample.Usage.Input;
        row.OutputTokens = sample.Usage.Output;
        row.Calls = sample.Calls;
        row.FinishReason = sample.FinishReason;
        row.CreatedAt = sample.CreatedAt.UtcDateTime;
        FillQuality(row, sample.Quality);
    }

    private static void FillCommon(
        SampleRow row, Seeds.Seed seed, RunIdentity identity, IReadOnlyDictionary<string, string> recorded,
        IReadOnlyDictionary<string, string> stepPromptIds, IReadOnlyDictionary<string, string> ablations)
    {
        row.Id = seed.Id;
        row.Kind = seed.Kind.Name();
        row.PrincipleId = seed.Principle.Id;
        row.PrincipleTitle = seed.Principle.Title;
        row.Axes = KeyValueRow.From(seed.Axes);
        row.SeedIndex = seed.Index;
        row.SamplingSeed = seed.SamplingSeed;
        row.Temperature = identity.Temperature;
        row.JudgeModel = identity.JudgeModel;
        row.ConstitutionSha256 = identity.ConstitutionSha256;
        row.RunId = identity.RunId;
        row.Ablations = KeyValueRow.From(ablations);
        row.StepPromptIds = KeyValueRow.From(stepPromptIds);
        var provenance = new Dictionary<string, string>(recorded, StringComparer.Ordinal);
        string? Take(string key) => provenance.Remove(key, out var value) ? value : null;
        row.Framing = Take(ProvenanceKeys.Framing);
        row.DocumentType = Take(ProvenanceKeys.DocumentType);
        row.DocumentSubtype = Take(ProvenanceKeys.DocumentSubtype);
        row.RewriteChanged = Take(ProvenanceKeys.RewriteChanged) is { } changed ? changed == "true" : null;
        row.TextBeforeRewrite = Take(ProvenanceKeys.TextBeforeRewrite);
        row.AdvicePrincipleId = Take(ProvenanceKeys.AdvicePrincipleId);
        row.Scenario = Take(ProvenanceKeys.Scenario);
        row.PromptBeforeRewrite = Take(ProvenanceKeys.PromptBeforeRewrite);
        row.RewrittenPrompt = Take(ProvenanceKeys.RewrittenPrompt);
        row.InjectionId = Take(ProvenanceKeys.InjectionId);
        row.ResponseBeforeRewrite = Take(ProvenanceKeys.ResponseBeforeRewrite);
        row.PromptCritique = Take(ProvenanceKeys.PromptCritique);
        row.ResponseCritique = Take(ProvenanceKeys.ResponseCritique);
        row.DocumentCritique = Take(ProvenanceKeys.DocumentCritique);
        row.Provenance = KeyValueRow.From(provenance);
    }

    private static void FillQuality(SampleRow row, Quality.QualityAnnotations quality)
    {
        row.NearDupCluster = quality.NearDupCluster;
        row.Revised = quality.Revised;
        row.ReplacedNames = quality.ReplacedNames.Count == 0 ? null : string.Join("; ", quality.ReplacedNames);
        if (quality.Verdict is not { } verdict)
        {
            return;
        }

        int? Score(string name) => verdict.Scores.TryGetValue(name, out var s) ? s : null;
        row.JudgeExplainsWhy = Score("explains_why");
        row.JudgeConsistent = Score("consistent");
        row.JudgeRealistic = Score("realistic");
        row.JudgeNotPreachy = Score("not_preachy");
        row.JudgeNoEvalLeakage = Score("no_eval_leakage");
        row.JudgeMean = Math.Round(verdict.Mean, 3);
        row.JudgeRationale = verdict.Rationale;
        row.JudgeSection = verdict.Section;
        row.RubricHash = verdict.RubricHash;
    }
}
