using System.Text.Json;
using DataGen.Generation;
using DataGen.Generation.Recipes;
using DataGen.Output.Rows;

namespace DataGen.Output;

/// <summary>Maps samples and rejections to their Parquet row shapes.</summary>
public static class RowMapper
{
    public static TextSampleRow Text(Sample sample, string runId)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var row = new TextSampleRow { Text = sample.Text ?? string.Empty };
        Fill(row, sample, runId);
        return row;
    }

    public static ChatSampleRow Chat(Sample sample, string runId)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var row = new ChatSampleRow { Messages = [.. (sample.Messages ?? []).Select(m => new MessageRow { Role = m.Role, Content = m.Content })] };
        Fill(row, sample, runId);
        return row;
    }

    public static RejectRow Reject(Rejection rejection, RunIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        ArgumentNullException.ThrowIfNull(identity);
        var sample = rejection.Sample;
        return new RejectRow
        {
            Id = rejection.Seed.Id,
            Kind = rejection.Seed.Kind.Name(),
            Stage = rejection.Stage,
            Reason = rejection.Reason,
            Detail = rejection.Detail,
            Matched = rejection.Matched,
            JudgeMean = sample?.Quality.Verdict?.Mean,
            PrincipleId = rejection.Seed.Principle.Id,
            PromptId = rejection.PromptId,
            Provider = identity.Provider,
            Model = identity.Model,
            Simulated = identity.Simulated,
            Axes = new Dictionary<string, string>(rejection.Seed.Axes),
            Content = sample is null ? rejection.RawReply : sample.Text ?? JsonSerializer.Serialize(sample.Messages),
            InputTokens = rejection.Usage.Input,
            OutputTokens = rejection.Usage.Output,
            RunId = identity.RunId,
            CreatedAt = rejection.CreatedAt.UtcDateTime,
        };
    }

    private static void Fill(SampleRow row, Sample sample, string runId)
    {
        row.Id = sample.Id;
        row.Kind = sample.Kind.Name();
        row.PrincipleId = sample.Seed.Principle.Id;
        row.PrincipleTitle = sample.Seed.Principle.Title;
        row.PromptId = sample.PromptId;
        row.Provider = sample.Provider;
        row.Model = sample.Model;
        row.Simulated = sample.Simulated;
        row.Axes = new Dictionary<string, string>(sample.Seed.Axes);
        row.SeedIndex = sample.Seed.Index;
        row.InputTokens = sample.Usage.Input;
        row.OutputTokens = sample.Usage.Output;
        row.Calls = sample.Calls;
        row.FinishReason = sample.FinishReason;
        row.RunId = runId;
        row.CreatedAt = sample.CreatedAt.UtcDateTime;
        row.Ablations = new Dictionary<string, string>(sample.Ablations);
        row.StepPromptIds = new Dictionary<string, string>(sample.StepPromptIds);
        var provenance = new Dictionary<string, string>(sample.Provenance);
        string? Take(string key) => provenance.Remove(key, out var value) ? value : null;
        row.Framing = Take(ProvenanceKeys.Framing);
        row.DocumentType = Take(ProvenanceKeys.DocumentType);
        row.DocumentSubtype = Take(ProvenanceKeys.DocumentSubtype);
        row.RewriteChanged = Take(ProvenanceKeys.RewriteChanged) is { } changed ? changed == "true" : null;
        row.TextBeforeRewrite = Take(ProvenanceKeys.TextBeforeRewrite);
        row.Scenario = Take(ProvenanceKeys.Scenario);
        row.PromptBeforeRewrite = Take(ProvenanceKeys.PromptBeforeRewrite);
        row.RewrittenPrompt = Take(ProvenanceKeys.RewrittenPrompt);
        row.InjectionId = Take(ProvenanceKeys.InjectionId);
        row.ResponseBeforeRewrite = Take(ProvenanceKeys.ResponseBeforeRewrite);
        row.Provenance = provenance;
        FillQuality(row, sample.Quality);
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
