using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataGen.Quality.Dedupe;
using DataGen.Simulator;

namespace DataGen.Cli.Commands;

/// <summary>
/// <c>datagen bench minhash</c>: near-duplicate dedupe throughput on a planted synthetic corpus, per second of wall
/// time and per CPU-second, with the drop decisions scored against the exact ideal and the memory the index holds.
/// </summary>
internal static class BenchMinHashCommand
{
    private const int GenerateBatch = 100_000;
    private const int DedupeBatch = 8_192;

    public static Command Create(TextWriter stdout)
    {
        var docs = new Option<int>("--docs") { Description = "Documents in the corpus (a tenth of them planted near-duplicates).", DefaultValueFactory = _ => 100_000 };
        var threshold = new Option<double>("--threshold") { Description = "Jaccard threshold.", DefaultValueFactory = _ => 0.8 };
        var permutations = new Option<int>("--permutations") { Description = "MinHash permutations.", DefaultValueFactory = _ => 112 };
        var threads = new Option<int>("--threads") { Description = "Cores for shingling and signatures (matching is one thread, in input order). Default: all.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var ideal = new Option<bool>("--no-ideal") { Description = "Skip scoring the drops against the exact ideal (a second pass over the corpus)." };
        var warmup = new Option<int>("--warmup") { Description = "Documents of a separate planted corpus deduplicated first, untimed, in a throwaway index, so the JIT has tiered up the hot loops before the timed pass; at most --docs (0: time a cold start).", DefaultValueFactory = _ => 20_000 };
        var minhash = new Command("minhash", "Time near-duplicate dedupe (shingling, MinHash, LSH, Jaccard verification) over a planted corpus of 150-300-word documents, as `datagen dedupe` and the pipeline stage run it; prints documents per wall-second and per CPU-second, signature time per instruction path, drop recall and precision against the exact ideal, and memory.")
        {
            docs, threshold, permutations, threads, ideal, warmup,
        };
        minhash.SetAction(async (parse, cancellationToken) =>
        {
            var culture = CultureInfo.InvariantCulture;
            var count = parse.GetValue(docs);
            var t = parse.GetValue(threshold);
            var index = NewIndex(t, parse.GetValue(permutations));
            var degree = Math.Max(1, parse.GetValue(threads));
            var warm = Math.Clamp(parse.GetValue(warmup), 0, count);
            WarmUp(warm, t, parse.GetValue(permutations), degree);
            var process = Process.GetCurrentProcess();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var wall = TimeSpan.Zero;
            var cpu = TimeSpan.Zero;
            var words = 0L;
            var pauses = TimeSpan.Zero;
            var dropped = new Dictionary<string, string>(StringComparer.Ordinal);
            using var corpus = PlantedCorpus.Stream(count, maxEdits: 12, seed: 7).GetEnumerator();
            var remaining = true;
            while (remaining)
            {
                // Generating the corpus is not timed: a batch is built first, then deduplicated.
                var batch = new List<PlantedCorpus.Document>(GenerateBatch);
                while (batch.Count < GenerateBatch && (remaining = corpus.MoveNext()))
                {
                    batch.Add(corpus.Current);
                }

                words += batch.Sum(d => (long)d.Text.Count(c => c == ' ') + 1);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var pausesBefore = GC.GetTotalPauseDuration();
                var clock = Stopwatch.StartNew();
                Deduplicate(index, batch, degree, dropped, cancellationToken);

                clock.Stop();
                process.Refresh();
                wall += clock.Elapsed;
                cpu += process.TotalProcessorTime - cpuBefore;
                pauses += GC.GetTotalPauseDuration() - pausesBefore;
            }

            process.Refresh();
            var peak = process.PeakWorkingSet64;
            var held = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            GC.KeepAlive(index);
            await stdout.WriteLineAsync(string.Create(culture, $"minhash: {count} documents ({words / count} words on average), threshold {t}, {index.Parameters.Bands} bands x {index.Parameters.Rows} rows, signatures on {MinHasher.Best} over {degree} thread(s) of {Environment.ProcessorCount} cores, {(warm > 0 ? $"after an untimed warm-up of {warm} documents" : "cold (no warm-up)")}"));
            await stdout.WriteLineAsync(string.Create(culture, $"dropped {dropped.Count} near-duplicates in {wall.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} CPU-s: {count / wall.TotalSeconds:0} documents per wall-second, {count / cpu.TotalSeconds:0} per CPU-second; GC paused {pauses.TotalSeconds:0.00} s"));
            await stdout.WriteLineAsync(string.Create(culture, $"memory: index holds {held / 1048576.0:0} MiB ({(double)held / index.Count:0} bytes per kept document); peak working set {peak / 1048576.0:0} MiB (with a {Math.Min(count, GenerateBatch)}-document batch of corpus text)"));
            await stdout.WriteLineAsync(SignaturePaths(index.ShingleWords, parse.GetValue(permutations)));
            if (!parse.GetValue(ideal))
            {
                await stdout.WriteLineAsync(Ideal(count, t, dropped));
            }

            return DataGenCli.Success;
        });
        return minhash;
    }

    // The timed pass's own code, run first on another corpus and index: otherwise the JIT's tier-up of the shingling,
    // signature and matching loops (its background compiles count as CPU) lands in the timed pass, as 0.3-0.5 CPU-s.
    private static void WarmUp(int count, double threshold, int permutations, int degree)
    {
        if (count == 0)
        {
            return;
        }

        var corpus = PlantedCorpus.Stream(count, maxEdits: 12, seed: 11).ToList();
        Deduplicate(NewIndex(threshold, permutations), corpus, degree, dropped: null, CancellationToken.None);

        // Tiered compilation promotes a method in the background after its calls settle (about 100 ms with no new
        // tier-0 methods): give it that before the clock starts.
        Thread.Sleep(250);
    }

    private static NearDuplicateIndex NewIndex(double threshold, int permutations) => new(threshold, 5, permutations, 1);

    // Feeds the index a batch in slices of DedupeBatch, as the dedupe stage does; a dropped document's keeper goes to
    // `dropped` when one is given.
    private static void Deduplicate(NearDuplicateIndex index, List<PlantedCorpus.Document> batch, int degree, Dictionary<string, string>? dropped, CancellationToken cancellationToken)
    {
        for (var start = 0; start < batch.Count; start += DedupeBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = batch.GetRange(start, Math.Min(DedupeBatch, batch.Count - start));
            var matches = index.AddOrMatchAll([.. slice.Select(d => d.Id)], [.. slice.Select(d => d.Text)], degree);
            for (var i = 0; dropped is not null && i < matches.Length; i++)
            {
                if (matches[i] is { } match)
                {
                    dropped[slice[i].Id] = match.KeeperId;
                }
            }
        }
    }

    // Microseconds per signature on every path this CPU runs, over the same 20,000 documents: the vector paths'
    // speed-up, apart from shingling and matching.
    private static string SignaturePaths(int shingleWords, int permutations)
    {
        var texts = PlantedCorpus.Stream(20_000, 12, 11).Select(d => d.Text).ToArray();
        var shingling = Stopwatch.StartNew();
        var fingerprints = texts.Select(t => Shingler.Fingerprints(t, shingleWords)).ToArray();
        shingling.Stop();
        var hasher = new MinHasher(permutations, 1);
        var signature = new uint[permutations];
        var parts = new List<string>();
        foreach (var path in Enum.GetValues<MinHasher.Path>().Where(MinHasher.IsSupported))
        {
            var clock = Stopwatch.StartNew();
            foreach (var set in fingerprints)
            {
                hasher.Signature(set, signature, path);
            }

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{path} {clock.Elapsed.TotalMicroseconds / fingerprints.Length:0.00} us"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"per document, one thread: shingling {shingling.Elapsed.TotalMicroseconds / texts.Length:0.00} us; signature {string.Join(", ", parts)}");
    }

    // The exact ideal: documents in stream order, each dropped when its exact 64-bit-shingle Jaccard with an earlier
    // kept document of its family reaches the threshold. Planted families share no more than a few stock sentences,
    // so pairs across families stay far below any useful threshold and are not compared.
    private static string Ideal(int count, double threshold, Dictionary<string, string> dropped)
    {
        var families = new HashSet<int>(PlantedCorpus.Stream(count, 12, 7).Where(d => d.Edits > 0).Select(d => d.Family));
        var kept = new Dictionary<int, List<ulong[]>>();
        var ideal = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in PlantedCorpus.Stream(count, 12, 7))
        {
            if (!families.Contains(doc.Family))
            {
                continue;
            }

            var shingles = Shingler.Shingles(doc.Text, 5);
            if (!kept.TryGetValue(doc.Family, out var members))
            {
                kept[doc.Family] = members = [];
            }

            if (members.Any(m => Shingler.Jaccard(shingles, m) >= threshold))
            {
                ideal.Add(doc.Id);
            }
            else
            {
                members.Add(shingles);
            }
        }

        var agreed = dropped.Keys.Count(ideal.Contains);
        var recall = ideal.Count == 0 ? 1 : (double)agreed / ideal.Count;
        var precision = dropped.Count == 0 ? 1 : (double)agreed / dropped.Count;
        return string.Create(CultureInfo.InvariantCulture, $"against the exact ideal ({ideal.Count} drops): recall {recall:0.0000}, precision {precision:0.0000}");
    }
}
