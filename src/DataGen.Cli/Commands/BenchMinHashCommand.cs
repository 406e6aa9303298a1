using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataGen.Quality.Dedupe;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen bench minhash</c>: MinHash LSH near-duplicate throughput on a planted synthetic corpus.</summary>
internal static class BenchMinHashCommand
{
    public static Command Create(TextWriter stdout)
    {
        var docs = new Option<int>("--docs") { Description = "Documents in the corpus (a tenth of them planted near-duplicates).", DefaultValueFactory = _ => 100_000 };
        var threshold = new Option<double>("--threshold") { Description = "Jaccard threshold.", DefaultValueFactory = _ => 0.8 };
        var permutations = new Option<int>("--permutations") { Description = "MinHash permutations.", DefaultValueFactory = _ => 112 };
        var minhash = new Command("minhash", "Time near-duplicate dedupe (shingling, MinHash, LSH, exact Jaccard verification) over a planted corpus of 150-300-word documents, one thread, as the pipeline stage runs it.")
        {
            docs, threshold, permutations,
        };
        minhash.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(docs);
            var corpus = PlantedCorpus.Generate(distinct: count - (count / 10), nearDuplicates: count / 10, maxEdits: 12, seed: 7);
            var index = new NearDuplicateIndex(parse.GetValue(threshold), 5, parse.GetValue(permutations), 1);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var clock = Stopwatch.StartNew();
            var flagged = 0;
            foreach (var doc in corpus)
            {
                cancellationToken.ThrowIfCancellationRequested();
                flagged += index.AddOrMatch(doc.Id, doc.Text) is null ? 0 : 1;
            }

            clock.Stop();
            var memory = GC.GetTotalMemory(forceFullCollection: true) - before;
            var words = corpus.Sum(d => (long)d.Text.Count(c => c == ' ') + 1);
            var culture = CultureInfo.InvariantCulture;
            await stdout.WriteLineAsync(string.Create(culture, $"minhash: {corpus.Count} documents ({words / corpus.Count} words on average), threshold {parse.GetValue(threshold)}, {index.Parameters.Bands} bands x {index.Parameters.Rows} rows"));
            await stdout.WriteLineAsync(string.Create(culture, $"flagged {flagged} near-duplicates in {clock.Elapsed.TotalSeconds:0.00} s: {corpus.Count / clock.Elapsed.TotalSeconds:0} documents/s, index memory about {memory / (1024 * 1024)} MiB"));
            return DataGenCli.Success;
        });
        return minhash;
    }
}
