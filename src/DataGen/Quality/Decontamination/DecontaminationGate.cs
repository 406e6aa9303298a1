using System.Diagnostics;
using DataGen.Configuration;
using Microsoft.Extensions.AI;

namespace DataGen.Quality.Decontamination;

/// <summary>
/// The decontamination decision for one text, shared by the sample stage and the seed gate: a cascade, cheapest
/// first. (1) Shingle containment: a text holding at least <c>shingleContainment</c> of an item's 3-word shingles is
/// contaminated (verbatim copies and light edits). (2) Content-word overlap per sliding window proposes paraphrase
/// candidates (<c>candidateOverlap</c>). (3) The local MiniLM embedding confirms a candidate by sentence coverage:
/// each sentence of the eval item is matched to its closest sentence of the window, and the mean of those cosines must
/// reach <c>embeddingCoverage</c> (a retelling covers every beat of the plot; a text sharing only the setting covers one). Clean text almost never reaches step 3, which is what keeps the cascade cheap.
/// </summary>
public sealed class DecontaminationGate
{
    private const int MaxCandidates = 3;

    private readonly DecontaminationOptions _options;
    private readonly IReadOnlyList<EvalItem> _items;
    private readonly EvalShingleIndex _shingles;
    private readonly EvalPassageIndex _passages;
    private readonly EvalEmbeddingIndex? _embeddings;
    private readonly ContaminationJudge? _llmJudge;
    private long _embedded;

    // llmJudge: the optional LLM judge of the strongest candidate the embedding did not confirm (step 4); null: none.
    // background: the run's constitution, whose common words weigh less in step 2 (EvalPassageIndex); null: none.
    public DecontaminationGate(
        DecontaminationOptions options, IReadOnlyList<EvalItem> items, IEmbeddingGenerator<string, Embedding<float>>? embeddings, ContaminationJudge? llmJudge = null, string? background = null)
    {
        _llmJudge = llmJudge;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(items);
        _options = options;
        _items = items;
        _shingles = new EvalShingleIndex(items, options.ShingleWords);
        _passages = new EvalPassageIndex(items, options.WindowWords, background);
        _embeddings = options.Embedding && embeddings is not null ? new EvalEmbeddingIndex(items, embeddings) : null;
        Names = ReservedNameMatcher.For(options, items);
    }

    public ReservedNameMatcher Names { get; }

    public int EvalItems => _items.Count;

    /// <summary>Texts that reached the embedding step (for the bench's cost figures).</summary>
    public long Embedded => Interlocked.Read(ref _embedded);

    /// <summary>The eval item the text overlaps, or null when it is clean.</summary>
    public Task<EvalMatch?> MatchAsync(string text, CancellationToken cancellationToken) => MatchAsync(text, null, cancellationToken);

    /// <summary>
    /// The eval item the text overlaps, or null when it is clean; <paramref name="sentenceVectors"/> carries the
    /// embedded sentences from one text to the next (the columns of one row share most of theirs), null for none.
    /// </summary>
    public async Task<EvalMatch?> MatchAsync(string text, Dictionary<string, float[]>? sentenceVectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_items.Count == 0 || text.Length == 0)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        var (item, containment) = _shingles.Best(text);
        DecontaminationMetrics.Timings.Record("containment", started);
        if (item >= 0 && containment >= _options.ShingleContainment)
        {
            return new EvalMatch(_items[item], "containment", containment);
        }

        if (_embeddings is null && _llmJudge is null)
        {
            return null;
        }

        started = Stopwatch.GetTimestamp();
        var candidates = _passages.Candidates(text, _options.CandidateOverlap, MaxCandidates);
        DecontaminationMetrics.Timings.Record("candidates", started);
        if (candidates.Count == 0)
        {
            return null;
        }

        started = Stopwatch.GetTimestamp();
        var words = RawWords(text);
        var pairs = candidates.Select(c => (c.Item, string.Join(' ', words, c.FirstWord, c.LastWord - c.FirstWord + 1))).ToList();
        if (_embeddings is null)
        {
            return await AskLlmJudgeAsync(pairs[0], cancellationToken);
        }

        Interlocked.Increment(ref _embedded);
        var coverages = await _embeddings.CoveragesAsync(pairs, cancellationToken, sentenceVectors);
        EvalMatch? best = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (coverages[i] >= _options.EmbeddingCoverage && (best is null || coverages[i] > best.Score))
            {
                best = new EvalMatch(_items[candidates[i].Item], "embedding", coverages[i]);
            }
        }

        DecontaminationMetrics.Timings.Record("embedding", started);

        // Step 4, the hook of the optional LLM judge: the strongest candidate the embedding did not confirm.
        return best ?? await AskLlmJudgeAsync(pairs[0], cancellationToken);
    }

    private async Task<EvalMatch?> AskLlmJudgeAsync((int Item, string Passage) candidate, CancellationToken cancellationToken)
    {
        if (_llmJudge is null)
        {
            return null;
        }

        var (same, rationale) = await _llmJudge.JudgeAsync(candidate.Passage, _items[candidate.Item], cancellationToken);
        return same ? new EvalMatch(_items[candidate.Item], "llm_judge", 1.0) { Rationale = rationale } : null;
    }

    // The text's whitespace tokens that normalise to a word: the same sequence, index for index, as the normalised
    // words the windows count, but with case and punctuation kept for the embedding.
    private static string[] RawWords(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(t => TextNormalizer.Normalize(t).Length > 0)];

    /// <summary>The cascade's raw signals for one text, for calibration: best containment, best candidates and their cosines.</summary>
    public async Task<CascadeSignals> SignalsAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (item, containment) = _shingles.Best(text);
        var candidates = _passages.Candidates(text, 0, MaxCandidates);
        IReadOnlyList<double> cosines = [];
        IReadOnlyList<double> coverages = [];
        if (_embeddings is not null && candidates.Count > 0)
        {
            var words = RawWords(text);
            var pairs = candidates.Select(c => (c.Item, string.Join(' ', words, c.FirstWord, c.LastWord - c.FirstWord + 1))).ToList();
            cosines = await _embeddings.CosinesAsync(pairs, cancellationToken);
            coverages = await _embeddings.CoveragesAsync(pairs, cancellationToken);
        }

        return new CascadeSignals(
            item < 0 ? null : _items[item].Id, containment,
            [.. candidates.Select((c, i) => (_items[c.Item].Id, c.Overlap, i < cosines.Count ? cosines[i] : double.NaN, i < coverages.Count ? coverages[i] : double.NaN))]);
    }
}

/// <summary>A confirmed overlap with an eval item: how it was found (containment or embedding) and its score.</summary>
public sealed record EvalMatch(EvalItem Item, string Method, double Score)
{
    /// <summary>Why the LLM contamination judge said yes; null for the other methods.</summary>
    public string? Rationale { get; init; }
}

/// <summary>The cascade's signals on one text: best-contained item and share, and the top overlap candidates with cosines.</summary>
public sealed record CascadeSignals(string? ContainedItem, double Containment, IReadOnlyList<(string Item, double Overlap, double Cosine, double Coverage)> Candidates);
