using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace DataGen.Output.Rows;

/// <summary>
/// Columns every row has, kept or rejected, whatever its kind: identity, provenance and quality. Column names are the
/// <c>JsonPropertyName</c>s (snake_case), which Parquet.Net uses as the schema names. Every column is of a type the
/// Hugging Face <c>datasets</c> library loads (strings, numbers, booleans, timestamps, lists of structs): key/value
/// columns are lists of <see cref="KeyValueRow"/>, never Parquet MAPs.
/// </summary>
public abstract class SampleRow
{
    /// <summary>Deterministic from the seed: the same config and run seed give the same id.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    /// <summary>documents, stories or advice_chats.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    /// <summary>Heading-path id of the constitution principle the sample is about.</summary>
    [JsonPropertyName("principle_id")]
    public string PrincipleId { get; set; } = string.Empty;

    [JsonPropertyName("principle_title")]
    public string PrincipleTitle { get; set; } = string.Empty;

    /// <summary>Template path plus a short content hash: tells rows of an edited prompt apart.</summary>
    [JsonPropertyName("prompt_id")]
    public string PromptId { get; set; } = string.Empty;

    [JsonPropertyName("provider")]
    public string Provider { get; set; } = string.Empty;

    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>True when the offline simulator, not a model, wrote the content.</summary>
    [JsonPropertyName("simulated")]
    public bool Simulated { get; set; }

    /// <summary>The seed's diversity axis values (genre, setting, persona, ...), as <c>{key, value}</c> entries in key order.</summary>
    [JsonPropertyName("axes")]
    public List<KeyValueRow> Axes { get; set; } = [];

    [JsonPropertyName("seed_index")]
    public int SeedIndex { get; set; }

    /// <summary>The sampling seed sent with every generation call of the sample (derived from the id).</summary>
    [JsonPropertyName("sampling_seed")]
    public int SamplingSeed { get; set; }

    /// <summary>The sampling temperature of the generation calls.</summary>
    [JsonPropertyName("temperature")]
    public double Temperature { get; set; }

    /// <summary>The model the judge gate runs on; null when the judge is off.</summary>
    [JsonPropertyName("judge_model")]
    public string? JudgeModel { get; set; }

    /// <summary>SHA-256 of the constitution text the run used.</summary>
    [JsonPropertyName("constitution_sha256")]
    public string ConstitutionSha256 { get; set; } = string.Empty;

    [JsonPropertyName("input_tokens")]
    public long InputTokens { get; set; }

    [JsonPropertyName("output_tokens")]
    public long OutputTokens { get; set; }

    /// <summary>Model calls for this sample, re-asks included.</summary>
    [JsonPropertyName("calls")]
    public int Calls { get; set; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set; }

    [JsonPropertyName("run_id")]
    public string RunId { get; set; } = string.Empty;

    [JsonPropertyName("created_at")]
    [ParquetTimestamp]
    public DateTime CreatedAt { get; set; }

    /// <summary>The ablation switches in force (config key to value).</summary>
    [JsonPropertyName("ablations")]
    public List<KeyValueRow> Ablations { get; set; } = [];

    /// <summary>Step name to the id of the template it ran, for the steps that ran (for a reject: up to the step that failed).</summary>
    [JsonPropertyName("step_prompt_ids")]
    public List<KeyValueRow> StepPromptIds { get; set; } = [];

    /// <summary>Step name to the model that answered it, for the steps that ran: routing shows here per row.</summary>
    [JsonPropertyName("step_models")]
    public List<KeyValueRow> StepModels { get; set; } = [];

    /// <summary>Stories: embodiment or recitation.</summary>
    [JsonPropertyName("framing")]
    public string? Framing { get; set; }

    /// <summary>Documents: the type the model listed.</summary>
    [JsonPropertyName("document_type")]
    public string? DocumentType { get; set; }

    /// <summary>Documents: the subtype the model listed.</summary>
    [JsonPropertyName("document_subtype")]
    public string? DocumentSubtype { get; set; }

    /// <summary>Whether the fresh-context rewrite changed the text (documents) or the response (advice); null when it did not run.</summary>
    [JsonPropertyName("rewrite_changed")]
    public bool? RewriteChanged { get; set; }

    /// <summary>Documents: the draft before the rewrite; null when the rewrite did not run.</summary>
    [JsonPropertyName("text_before_rewrite")]
    public string? TextBeforeRewrite { get; set; }

    /// <summary>Advice: id of the listed principle the chat tests (section id, <c>#</c>, SHA-256 prefix of the principle's text).</summary>
    [JsonPropertyName("advice_principle_id")]
    public string? AdvicePrincipleId { get; set; }

    /// <summary>Advice: the scenario the prompt was written from.</summary>
    [JsonPropertyName("scenario")]
    public string? Scenario { get; set; }

    /// <summary>Advice: the drafted system and user prompt, before the realism rewrite.</summary>
    [JsonPropertyName("prompt_before_rewrite")]
    public string? PromptBeforeRewrite { get; set; }

    /// <summary>Advice: the rewritten system and user prompt; null when the rewrite did not run.</summary>
    [JsonPropertyName("rewritten_prompt")]
    public string? RewrittenPrompt { get; set; }

    /// <summary>Advice: id of the injection the response was sampled under (never in the messages); null without one.</summary>
    [JsonPropertyName("injection_id")]
    public string? InjectionId { get; set; }

    /// <summary>Advice: the response before the fresh-context rewrite; null when the rewrite did not run.</summary>
    [JsonPropertyName("response_before_rewrite")]
    public string? ResponseBeforeRewrite { get; set; }

    /// <summary>Advice: the prompt-rewrite step's critique of the drafted prompt; null when the rewrite did not run.</summary>
    [JsonPropertyName("prompt_critique")]
    public string? PromptCritique { get; set; }

    /// <summary>Advice: the response-rewrite step's list of problems in the response; null when the rewrite did not run.</summary>
    [JsonPropertyName("response_critique")]
    public string? ResponseCritique { get; set; }

    /// <summary>Documents: the rewrite step's list of problems in the draft; null when the rewrite did not run.</summary>
    [JsonPropertyName("document_critique")]
    public string? DocumentCritique { get; set; }

    /// <summary>Any other provenance a recipe recorded (name replacements, the source document of a converted chat, ...).</summary>
    [JsonPropertyName("provenance")]
    public List<KeyValueRow> Provenance { get; set; } = [];

    /// <summary>Near-duplicate cluster the row heads (its own id); rejects with reason near_duplicate name it in <c>matched</c>.</summary>
    [JsonPropertyName("near_dup_cluster")]
    public string? NearDupCluster { get; set; }

    /// <summary>Judge score 1-5: the reasons are given or shown. Null when the judge did not run.</summary>
    [JsonPropertyName("judge_explains_why")]
    public int? JudgeExplainsWhy { get; set; }

    /// <summary>Judge score 1-5: consistent with the principles.</summary>
    [JsonPropertyName("judge_consistent")]
    public int? JudgeConsistent { get; set; }

    /// <summary>Judge score 1-5: realistic and specific.</summary>
    [JsonPropertyName("judge_realistic")]
    public int? JudgeRealistic { get; set; }

    /// <summary>Judge score 1-5: not preachy.</summary>
    [JsonPropertyName("judge_not_preachy")]
    public int? JudgeNotPreachy { get; set; }

    /// <summary>Judge score 1-5: no leakage of eval scenarios.</summary>
    [JsonPropertyName("judge_no_eval_leakage")]
    public int? JudgeNoEvalLeakage { get; set; }

    [JsonPropertyName("judge_mean")]
    public double? JudgeMean { get; set; }

    [JsonPropertyName("judge_rationale")]
    public string? JudgeRationale { get; set; }

    /// <summary>Id of the constitution section the judge's verdict relied on.</summary>
    [JsonPropertyName("judge_section")]
    public string? JudgeSection { get; set; }

    /// <summary>SHA-256 prefix of the judge rubric template the verdict was given under.</summary>
    [JsonPropertyName("rubric_hash")]
    public string? RubricHash { get; set; }

    /// <summary>True when critique-and-revise rewrote the content.</summary>
    [JsonPropertyName("revised")]
    public bool Revised { get; set; }

    /// <summary>Reserved eval names replaced in the content ("Alex→Rowan").</summary>
    [JsonPropertyName("replaced_names")]
    public string? ReplacedNames { get; set; }
}
