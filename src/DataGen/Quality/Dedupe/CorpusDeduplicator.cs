using DataGen.Configuration;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Exact and near-duplicate dedupe of any corpus with the run's own code and thresholds: the exact key of
/// <see cref="ExactDedupeStage"/>, then <see cref="NearDuplicateIndex"/> over the exact survivors. Documents are taken
/// in input order and the first of each cluster keeps, as in a run (where input order is seed order). Shingling and
/// signatures run over the cores a batch at a time; matching is in order, so the result does not depend on the
/// number of cores.
/// </summary>
public sealed class CorpusDeduplicator
{
    private const int BatchSize = 8_192;

    private readonly Dictionary<UInt128, string> _exact = [];
    private readonly NearDuplicateIndex? _near;

    public CorpusDeduplicator(NearDuplicateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _near = options.Enabled ? new NearDuplicateIndex(options.Threshold, options.ShingleWords, options.Permutations, options.Seed) : null;
    }

    /// <summary>The index's bands × rows, or null with near-duplicate dedupe off.</summary>
    public LshParameters? Parameters => _near?.Parameters;

    /// <summary>
    /// Keys and indexes earlier runs' rows (<see cref="EarlierRuns"/>) before the first document, under
    /// <see cref="EarlierRow.Reference"/>, so a document repeating one drops naming it. Returns the rows read.
    /// </summary>
    public async Task<long> LoadEarlierAsync(IAsyncEnumerable<EarlierRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ids = new List<string>(BatchSize);
        var texts = new List<string>(BatchSize);
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            count++;
            if (!_exact.TryAdd(ExactDedupeStage.KeyOf(row.Text), row.Reference))
            {
                continue;
            }

            ids.Add(row.Reference);
            texts.Add(row.Text);
            if (ids.Count == BatchSize)
            {
                _near?.AddOrMatchAll(ids, texts);
                ids.Clear();
                texts.Clear();
            }
        }

        _near?.AddOrMatchAll(ids, texts);
        return count;
    }

    /// <summary>One decision per document, in input order.</summary>
    public async IAsyncEnumerable<CorpusDecision> DeduplicateAsync(IAsyncEnumerable<CorpusDocument> documents, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var batch = new List<CorpusDocument>(BatchSize);
        await foreach (var document in documents.WithCancellation(cancellationToken))
        {
            batch.Add(document);
            if (batch.Count == BatchSize)
            {
                foreach (var decision in Decide(batch))
                {
                    yield return decision;
                }

                batch.Clear();
            }
        }

        foreach (var decision in Decide(batch))
        {
            yield return decision;
        }
    }

    private CorpusDecision[] Decide(List<CorpusDocument> batch)
    {
        var decisions = new CorpusDecision[batch.Count];
        var survivors = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var key = ExactDedupeStage.KeyOf(batch[i].Text);
            if (_exact.TryGetValue(key, out var keeper))
            {
                decisions[i] = new CorpusDecision(batch[i].Id, keeper, 1.0, "duplicate");
                continue;
            }

            _exact[key] = batch[i].Id;
            survivors.Add(i);
        }

        var matches = _near?.AddOrMatchAll([.. survivors.Select(i => batch[i].Id)], [.. survivors.Select(i => batch[i].Text)]);
        for (var s = 0; s < survivors.Count; s++)
        {
            var i = survivors[s];
            decisions[i] = matches?[s] is { } match
                ? new CorpusDecision(batch[i].Id, match.KeeperId, match.Jaccard, "near_duplicate")
                : new CorpusDecision(batch[i].Id, null, 0, null);
        }

        return decisions;
    }
}
