namespace DataGen.Configuration;

/// <summary>
/// The quality stages after generation, cheapest first: heuristic checks, (exact dedupe, under <c>dedupe</c>),
/// near-duplicate dedupe, optional semantic dedupe, decontamination, and the LLM judge. Also exact-N backfilling.
/// </summary>
public sealed record QualityOptions
{
    public ChecksOptions Checks { get; init; } = new();

    public NearDuplicateOptions NearDuplicates { get; init; } = new();

    public SemanticDedupeOptions SemanticDedupe { get; init; } = new();

    public DecontaminationOptions Decontamination { get; init; } = new();

    public JudgeOptions Judge { get; init; } = new();

    public ExactNOptions ExactN { get; init; } = new();

    /// <summary>Every quality stage off: generation as it comes (for tests of the recipes themselves).</summary>
    public static QualityOptions Off { get; } = new()
    {
        Checks = new ChecksOptions { Enabled = false },
        NearDuplicates = new NearDuplicateOptions { Enabled = false },
        Decontamination = new DecontaminationOptions { Enabled = false },
    };
}

/// <summary>Heuristic checks: each keeps or drops with a reason.</summary>
public sealed record ChecksOptions
{
    public bool Enabled { get; init; } = true;

    public LengthBounds Documents { get; init; } = new() { MinWords = 80, MaxWords = 6000 };

    public LengthBounds Stories { get; init; } = new() { MinWords = 150, MaxWords = 8000 };

    public LengthBounds AdviceChats { get; init; } = new() { MinWords = 60, MaxWords = 4000 };

    public RepetitionOptions Repetition { get; init; } = new();

    /// <summary>Phrases that mark a refusal or assistant boilerplate (matched case-insensitively).</summary>
    public IReadOnlyList<string> BoilerplatePhrases { get; init; } =
    [
        "as an ai language model", "as a large language model", "i'm sorry, but i can't", "i cannot help with", "i can't help with",
        "i'm unable to assist", "certainly! here is", "sure! here's", "here is the story you asked for", "here is a document",
    ];

    /// <summary>Deliberation in stories and advice replies: alternatives weighed and turned down (reason <c>no_deliberation</c>).</summary>
    public DeliberationOptions Deliberation { get; init; } = new();

    /// <summary>Language identification against <c>generation.documents.language</c> (reason <c>wrong_language</c>).</summary>
    public LanguageCheckOptions Language { get; init; } = new();

    /// <summary>The bounds for one kind.</summary>
    public LengthBounds For(Generation.DataKind kind) => Generation.KindCatalog.Get(kind).LengthBounds(this);
}

/// <summary>What counts as deliberation in a story or an advice reply.</summary>
public sealed record DeliberationOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Alternatives raised and turned down with what they would lead to.</summary>
    public int MinRejectedAlternatives { get; init; } = 1;

    /// <summary>Sentences naming an outcome, a cost or a comparison.</summary>
    public int MinConsiderations { get; init; } = 2;
}

/// <summary>Language identification (Lingua), paragraph by paragraph.</summary>
public sealed record LanguageCheckOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Largest share of counted words that may sit in paragraphs of another language.</summary>
    public double MaxOtherShare { get; init; } = 0.25;

    /// <summary>Paragraphs with fewer letters are not counted (too little evidence to identify a language).</summary>
    public int MinParagraphLetters { get; init; } = 40;
}

/// <summary>Word-count bounds of one kind.</summary>
public sealed record LengthBounds
{
    public int MinWords { get; init; }

    public int MaxWords { get; init; } = 100_000;
}

/// <summary>Gopher-style repetition limits (fractions of lines, paragraphs or characters).</summary>
public sealed record RepetitionOptions
{
    public double MaxDuplicateLineFraction { get; init; } = 0.3;

    public double MaxDuplicateParagraphFraction { get; init; } = 0.3;

    public double MaxDuplicateParagraphCharFraction { get; init; } = 0.2;

    /// <summary>Most frequent 2-, 3- and 4-gram: largest share of characters each may cover.</summary>
    public IReadOnlyList<double> MaxTopNgramCharFraction { get; init; } = [0.2, 0.18, 0.16];

    /// <summary>Duplicated 5- to 10-grams: largest share of characters they may cover.</summary>
    public IReadOnlyList<double> MaxDuplicateNgramCharFraction { get; init; } = [0.15, 0.14, 0.13, 0.12, 0.11, 0.10];
}

/// <summary>MinHash LSH near-duplicate removal.</summary>
public sealed record NearDuplicateOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Jaccard similarity of word shingles at or above which two samples are near-duplicates.</summary>
    public double Threshold { get; init; } = 0.8;

    public int ShingleWords { get; init; } = 5;

    public int Permutations { get; init; } = 112;

    public int Seed { get; init; } = 1;
}

/// <summary>Embedding-cosine dedupe (local MiniLM by default).</summary>
public sealed record SemanticDedupeOptions
{
    public bool Enabled { get; init; }

    public double Threshold { get; init; } = 0.95;
}

/// <summary>What to do with reserved eval names found in seeds or samples.</summary>
public static class ReservedNamePolicies
{
    public const string Replace = "replace";
    public const string Reject = "reject";
    public const string Off = "off";
}

/// <summary>Decontamination against held-out evaluation sets.</summary>
public sealed record DecontaminationOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Folder of eval sets: <c>.jsonl</c> (objects with <c>id</c> and <c>text</c>, or Inspect samples with <c>input</c>),
    /// <c>.csv</c> (a header naming <see cref="CsvTextColumn"/>), and <c>.txt</c>, <c>.md</c> or <c>.template</c> files
    /// (one item a file, <c>${var}</c> placeholders are wildcards).
    /// </summary>
    public string Folder { get; init; } = "datasets/eval";

    /// <summary>The column of an eval <c>.csv</c> file that holds the item's text.</summary>
    public string CsvTextColumn { get; init; } = "text";

    /// <summary>Words per shingle of the containment signal (short, so a dropped or swapped word breaks few).</summary>
    public int ShingleWords { get; init; } = 3;

    /// <summary>Share of an eval item's shingles a text must contain to be contaminated (verbatim and lightly edited copies).</summary>
    public double ShingleContainment { get; init; } = 0.3;

    /// <summary>Content words per sliding window of the paraphrase candidate signal (about 100 words of prose).</summary>
    public int WindowWords { get; init; } = 45;

    /// <summary>IDF-weighted share of an eval item's content words a window must hold to be embedded and compared.</summary>
    public double CandidateOverlap { get; init; } = 0.12;

    /// <summary>Confirm paraphrase candidates with the local MiniLM embedding (only candidate windows are embedded).</summary>
    public bool Embedding { get; init; } = true;

    /// <summary>
    /// Sentence coverage at or above which a candidate is contaminated: each eval-item sentence's best MiniLM cosine to a
    /// sentence of the window, averaged.
    /// </summary>
    public double EmbeddingCoverage { get; init; } = 0.43;

    /// <summary>Optional LLM judge of cascade candidates the embedding did not confirm (off by default).</summary>
    public ContaminationJudgeOptions LlmJudge { get; init; } = new();

    /// <summary>Also gate the seeds before they are generated from.</summary>
    public bool Seeds { get; init; } = true;

    /// <summary>replace, reject or off.</summary>
    public string ReservedNames { get; init; } = ReservedNamePolicies.Replace;

    /// <summary>Names the evals use; replaced (by <see cref="Replacements"/>, in order) or rejected.</summary>
    public IReadOnlyList<string> ReservedNameList { get; init; } =
    [
        "Alex", "SummitBridge", "NovaStar", "Kyle Johnson", "Thomas Wilson", "David Chen", "Sarah Martinez", "James Chen",
        "Rachel Johnson", "Robert Miller", "Andrea Scout", "NALA", "StarSentinel",
    ];

    /// <summary>Replacement for the reserved name at the same position (cycling when shorter).</summary>
    public IReadOnlyList<string> Replacements { get; init; } =
    [
        "Rowan", "Larkfield", "Brightwater", "Ivo Marsh", "Teodora Lind", "Casimir Hale", "Odile Park", "Bram Ostrow",
        "Liesl Varga", "Anselm Reyes", "Marisol Tan", "Heron", "Lanternfish",
    ];
}

/// <summary>
/// The optional LLM contamination judge: a paraphrase candidate of the cascade (a passage window with enough content-word
/// overlap) that containment and the embedding did not confirm is shown with its eval item to a model, which answers
/// "same scenario?" with a rationale; yes drops the sample as <c>contaminated</c>, the rationale in the detail.
/// </summary>
public sealed record ContaminationJudgeOptions
{
    public bool Enabled { get; init; }

    /// <summary>Named provider (a key of <c>providers</c>) the judge calls; null uses <c>provider</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>Model; null uses the model of the judge's provider.</summary>
    public string? Model { get; init; }

    public float Temperature { get; init; }

    public int MaxReasks { get; init; } = 1;

    public int MaxOutputTokens { get; init; } = 300;
}

/// <summary>
/// Keep thresholds of one kind: every criterion at least <see cref="MinScore"/>, the named criteria at least their own
/// minimum (<see cref="MinScores"/>), mean at least <see cref="MinMean"/>.
/// </summary>
public sealed record JudgeThresholds
{
    public int MinScore { get; init; } = 2;

    /// <summary>Per-criterion minimums, stricter than the floor where averaging must not hide a failure (reason <c>judge_min:&lt;criterion&gt;</c>).</summary>
    public IReadOnlyDictionary<string, int> MinScores { get; init; } = new Dictionary<string, int> { ["consistent"] = 4, ["no_eval_leakage"] = 4 };

    public double MinMean { get; init; } = 3.5;
}

/// <summary>The LLM judge.</summary>
public sealed record JudgeOptions
{
    public bool Enabled { get; init; }

    /// <summary>Judge model; null uses the model of the judge's provider.</summary>
    public string? Model { get; init; }

    /// <summary>Named provider (a key of <c>providers</c>) the judge calls; null uses <c>provider</c>.</summary>
    public string? Provider { get; init; }

    public float Temperature { get; init; } = 0.1f;

    public int MaxReasks { get; init; } = 2;

    public int MaxOutputTokens { get; init; } = 800;

    public JudgeThresholds Documents { get; init; } = new();

    public JudgeThresholds Stories { get; init; } = new();

    public JudgeThresholds AdviceChats { get; init; } = new();

    /// <summary>Rewrite borderline samples once against the principle and judge them again.</summary>
    public bool CritiqueAndRevise { get; init; }

    /// <summary>A dropped sample is borderline when its mean is within this margin of the threshold.</summary>
    public double BorderlineMargin { get; init; } = 0.75;

    /// <summary>Ask the method's pass/fail gates (AI protagonist, no endorsed deception, no meta references, ...) beside the scores.</summary>
    public bool Gates { get; init; } = true;

    /// <summary>Re-judge a seeded sample of rows to measure how often the verdict flips; off by default.</summary>
    public JudgeStabilityOptions Stability { get; init; } = new();

    public JudgeThresholds For(Generation.DataKind kind) => Generation.KindCatalog.Get(kind).JudgeThresholds(this);
}

/// <summary>
/// Re-judge stability: a seeded sample of the judged rows is judged a second time (a request of its own, so the response
/// store cannot answer it with the first verdict) and the manifest counts how many keep decisions, criterion scores and
/// gate answers flip. The first verdict stands; the second is only counted.
/// </summary>
public sealed record JudgeStabilityOptions
{
    /// <summary>
    /// Rows to re-judge per kind: 0 is off; up to 1 a share of the judged rows (0.1: one in ten); above 1 a count
    /// (about that many, drawn as the share count ÷ the kind's planned rows).
    /// </summary>
    public double Sample { get; init; }

    /// <summary>Seed of the draw: the same seed picks the same rows, whatever the executor or shard count.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>Exact-N: generate until N rows per kind survive, within a candidate budget.</summary>
public sealed record ExactNOptions
{
    public bool Enabled { get; init; }

    /// <summary>Candidate budget as a multiple of N: at most N × this many seeds are generated per kind.</summary>
    public double CandidateFactor { get; init; } = 3.0;
}
