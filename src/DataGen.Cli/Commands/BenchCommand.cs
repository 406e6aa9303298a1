using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Providers;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataGen.Cli.Commands;

/// <summary>
/// <c>datagen bench</c>: runs the real pipeline (store, resilience, dedupe, Parquet) against the simulator and
/// prints the figures: achieved requests per second against the ideal C/L, CPU time per sample, peak memory.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CommonOptions.Config();
        var concurrency = new Option<int>("--concurrency", "-C") { Description = "Calls in flight (provider.concurrency); the ideal is C / L.", DefaultValueFactory = _ => 256 };
        var latency = new Option<double>("--latency-ms", "-L") { Description = "Simulator latency (fixed), milliseconds.", DefaultValueFactory = _ => 200 };
        var samples = new Option<int>("--samples", "-n") { Description = "Samples to generate.", DefaultValueFactory = _ => 10_000 };
        var kind = new Option<string>("--kind") { Description = "Kind to generate: stories (one call per sample, a section-sized prompt) or documents (list calls, then draft and rewrite with the whole constitution in the prompt: about 2 calls per sample with ~30 KB prompts) or advice_chats (scenario, prompt, response and their rewrites: several calls per sample).", DefaultValueFactory = _ => "stories" };
        kind.AcceptOnlyFromAmong("stories", "documents", "advice_chats");
        var warmup = new Option<int>("--warmup") { Description = "Samples generated first in the same process and not measured, so the figures are steady state (JIT compiled, pools and connections open); 0 measures a cold start. Its own figures are printed too.", DefaultValueFactory = _ => 2_000 };
        var quality = new Option<string>("--quality") { Description = "config: the quality stages as the config sets them (checks, dedupe, decontamination, judge); off: generation alone (model calls, store, resilience, Parquet).", DefaultValueFactory = _ => "config" };
        quality.AcceptOnlyFromAmong("config", "off");
        var decontamination = new Option<string>("--decontamination") { Description = "With --quality config: config keeps decontamination as the config sets it; off turns only decontamination off, so a pair of runs prices it.", DefaultValueFactory = _ => "config" };
        decontamination.AcceptOnlyFromAmong("config", "off");
        var endpoint = new Option<Uri?>("--endpoint")
        {
            CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : Fail(result, $"--endpoint: '{result.Tokens.Single().Value}' is not an http(s) URL"),
            Description = "Measure against this OpenAI-compatible server instead (e.g. `datagen simulate-server` in another process, or a vLLM replica); --transport and --latency-ms then only label the figures." };
        var serverKind = new Option<string>("--server") { Description = "With --transport http: replay runs `datagen simulate-server --clean --replay` as a separate process on loopback and measures against replies it recorded in the warm-up pass (the warm-up then generates the measured pass's samples; answering costs the server a lookup and a write, so the ratio measures the client); process runs the same server composing every reply; inprocess hosts the simulator server inside the benchmark process. The servers' CPU is reported apart.", DefaultValueFactory = _ => "replay" };
        serverKind.AcceptOnlyFromAmong("replay", "process", "inprocess");
        var repeat = new Option<int>("--repeat") { Description = "Measured passes after the warm-up (each a fresh output folder and store); with more than one the median ratio and client CPU per sample are printed too.", DefaultValueFactory = _ => 1 };
        repeat.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 20)
            {
                result.AddError("--repeat: must be between 1 and 20");
            }
        });
        var transport = new Option<string>("--transport") { Description = "http: the openai provider against the simulator server on loopback (where it runs: --server); inprocess: the simulated provider, no HTTP.", DefaultValueFactory = _ => "http" };
        transport.AcceptOnlyFromAmong("http", "inprocess");
        var command = new Command("bench", "Measure throughput against the ideal C/L, call latency, CPU time per sample, GC pauses and peak memory, running the real pipeline against the simulator server (or --endpoint); prints its figures.")
        {
            config, concurrency, latency, samples, transport, serverKind, kind, warmup, quality, decontamination, endpoint, repeat,
            BenchMinHashCommand.Create(stdout),
            BenchDecontaminationCommand.Create(stdout, stderr),
            BenchParquetCommand.Create(stdout),
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            PipelineOptions options;
            try
            {
                options = PipelineConfigLoader.Load(parse.GetValue(config)!.FullName);
            }
            catch (ConfigException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return DataGenCli.UserError;
            }

            if (parse.GetValue(quality) == "off")
            {
                options = WithoutQualityStages(options);
            }

            if (parse.GetValue(decontamination) == "off")
            {
                options = options with { Quality = options.Quality with { Decontamination = options.Quality.Decontamination with { Enabled = false } } };
            }

            var settings = new BenchSettings(parse.GetValue(concurrency), parse.GetValue(latency), parse.GetValue(transport)!, parse.GetValue(kind)!, parse.GetValue(quality)! + (parse.GetValue(decontamination) == "off" ? " without decontamination" : string.Empty), parse.GetValue(endpoint), parse.GetValue(serverKind)!);
            return await RunAsync(options, parse.GetValue(config)!.FullName, settings, parse.GetValue(warmup), parse.GetValue(samples), parse.GetValue(repeat), stdout, cancellationToken);
        });
        return command;
    }

    private static PipelineOptions WithoutQualityStages(PipelineOptions options) => options with
    {
        Dedupe = options.Dedupe with { Exact = false },
        Quality = options.Quality with
        {
            Checks = options.Quality.Checks with { Enabled = false },
            NearDuplicates = options.Quality.NearDuplicates with { Enabled = false },
            SemanticDedupe = options.Quality.SemanticDedupe with { Enabled = false },
            Decontamination = options.Quality.Decontamination with { Enabled = false },
            Judge = options.Quality.Judge with { Enabled = false },
            ExactN = options.Quality.ExactN with { Enabled = false },
        },
    };

    private static async Task<int> RunAsync(PipelineOptions options, string configPath, BenchSettings settings, int warmup, int samples, int repeat, TextWriter stdout, CancellationToken cancellationToken)
    {
        var simulator = SimulatorOptions.Clean with { Latency = new LatencyOptions { Distribution = "fixed", MeanMs = settings.LatencyMs } };
        await using var server = await BenchServer.StartAsync(settings.Transport, settings.Server, settings.Endpoint, configPath, simulator, cancellationToken);
        var where = settings.Endpoint is not null ? $"endpoint {settings.Endpoint}"
            : server.Replays ? $"replay server in its own process at {server.BaseUrl} (the simulator's replies, recorded in the warm-up pass)"
            : settings.Transport == "http" ? $"simulator server {(server.SharesProcess ? "in this process" : "in its own process")} at {server.BaseUrl}"
            : "in-process simulated provider";
        await stdout.WriteLineAsync($"bench: kind {settings.Kind}, {where}, quality stages {settings.Quality}, concurrency {settings.Concurrency}, latency {settings.LatencyMs.ToString("0", CultureInfo.InvariantCulture)} ms");
        if (server.Replays)
        {
            // The measured pass sends the same requests as a pass of the same size (same seeds, same replies, so the
            // same judge prompts): recording exactly that pass lets the replay server answer every one from memory.
            if (warmup != samples)
            {
                await stdout.WriteLineAsync($"note: --server replay records the measured pass first, so the warm-up generates {samples} samples (not --warmup {warmup})");
            }

            var recording = await MeasureAsync(options, simulator, server, settings, samples, "warm-up and recording (the simulator composes every reply; not the result)", stdout, cancellationToken);
            if (recording.Status != "completed")
            {
                return DataGenCli.Failure;
            }
        }
        else if (warmup > 0)
        {
            var cold = await MeasureAsync(options, simulator, server, settings, warmup, "warm-up (cold, not the result)", stdout, cancellationToken);
            if (cold.Status != "completed")
            {
                return DataGenCli.Failure;
            }
        }

        var passes = new List<Pass>();
        for (var i = 1; i <= repeat; i++)
        {
            var before = server.Replays ? await server.ReplayCountsAsync(cancellationToken) : default;
            var label = (warmup > 0 || server.Replays ? "measured (steady state)" : i == 1 ? "measured (cold start)" : "measured") + (repeat > 1 ? $" {i} of {repeat}" : string.Empty);
            var pass = await MeasureAsync(options, simulator, server, settings, samples, label, stdout, cancellationToken);
            if (server.Replays)
            {
                var after = await server.ReplayCountsAsync(cancellationToken);
                await stdout.WriteLineAsync($"  replay: {after.Hits - before.Hits} requests answered from memory, {after.Misses - before.Misses} composed by the simulator (not seen in the recording pass); {after.Recorded} replies recorded");
            }

            passes.Add(pass);
            if (pass.Status != "completed")
            {
                break;
            }
        }

        var status = passes[^1].Status;
        if (passes.Count > 1)
        {
            string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
            static double Median(IEnumerable<double> values)
            {
                var sorted = values.Order().ToArray();
                return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
            }

            await stdout.WriteLineAsync($"median of {passes.Count} measured passes: ratio {F(Median(passes.Select(p => p.Ratio)), "0.000")} ({string.Join(", ", passes.Select(p => F(p.Ratio, "0.000")))}), client cpu {F(Median(passes.Select(p => p.CpuMsPerSample)), "0.000")} ms per sample ({string.Join(", ", passes.Select(p => F(p.CpuMsPerSample, "0.000")))})");
        }

        var process = Process.GetCurrentProcess();
        await stdout.WriteLineAsync($"memory: peak working set {(process.PeakWorkingSet64 / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)} MiB over both passes (this process)");
        return status == "completed" ? DataGenCli.Success : DataGenCli.Failure;
    }

    // One pass: a fresh output folder and store, so nothing is replayed; prints its figures and returns the run status.
    private static async Task<Pass> MeasureAsync(
        PipelineOptions options, SimulatorOptions simulator, BenchServer server, BenchSettings settings, int samples, string label, TextWriter stdout, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), "datagen-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var provider = options.Provider with { Name = ProviderNames.Simulated, Concurrency = settings.Concurrency, Endpoints = [] };
            if (server.BaseUrl is { } url)
            {
                provider = provider with { Name = ProviderNames.OpenAI, Endpoint = url, Model = "bench" };
            }

            var generation = options.Generation with
            {
                Documents = options.Generation.Documents with { Count = settings.Kind == "documents" ? samples : 0 },
                Stories = options.Generation.Stories with { Count = settings.Kind == "stories" ? samples : 0 },
                AdviceChats = options.Generation.AdviceChats with { Count = settings.Kind == "advice_chats" ? samples : 0 },
            };
            var run = PreparedRun.Prepare(options with
            {
                Provider = provider,
                Simulator = simulator,
                Generation = generation,
                Output = options.Output with { Directory = output },
                Store = new StoreOptions { Enabled = true },
            });
            using var client = HostProviders.Create(run.Options, NullLoggerFactory.Instance);
            var process = Process.GetCurrentProcess();
            GC.Collect();
            var cpuBefore = process.TotalProcessorTime;
            var serverCpuBefore = server.ChildCpu;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var pauseBefore = GC.GetTotalPauseDuration();
            int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            using var steps = new BenchStepListener();
            var clock = Stopwatch.StartNew();
            var manifest = await new PipelineRunner(client, NullLoggerFactory.Instance, TimeProvider.System) { HostMiddleware = HostProviders.Middleware }.RunAsync(run, "bench", cancellationToken);
            clock.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var serverCpu = server.ChildCpu - serverCpuBefore;
            var calls = manifest.Usage.Total.Calls;
            var achieved = calls / clock.Elapsed.TotalSeconds;
            var ideal = settings.LatencyMs > 0 ? settings.Concurrency / (settings.LatencyMs / 1000.0) : double.NaN;
            var gc = GC.GetGCMemoryInfo();
            string F(double v, string format = "0.0") => v.ToString(format, CultureInfo.InvariantCulture);
            await stdout.WriteLineAsync($"{label}: samples {samples}, status {manifest.Status}");
            await stdout.WriteLineAsync($"  calls: {calls} in {F(clock.Elapsed.TotalSeconds, "0.00")} s, rows {manifest.Shards.Sum(s => s.Rows)}, rejects {manifest.Rejects.Sum(s => s.Rows)}");
            await stdout.WriteLineAsync($"  throughput: {F(achieved)} req/s, ideal C/L {F(ideal)} req/s, ratio {(double.IsNaN(ideal) ? "n/a" : F(achieved / ideal, "0.000"))}");
            foreach (var endpoint in manifest.Endpoints)
            {
                // The client's view of a call (queueing in this process and the server included): above L, the gap is
                // time a call spent waiting for CPU rather than for the model.
                await stdout.WriteLineAsync($"  endpoint {endpoint.Name}: mean call latency {F(endpoint.MeanLatencyMs)} ms (simulated {F(settings.LatencyMs, "0")} ms)");
            }

            var cores = $"{F(cpu.TotalSeconds / clock.Elapsed.TotalSeconds, "0.00")} of {Environment.ProcessorCount} cores";
            await stdout.WriteLineAsync($"  cpu: {F(cpu.TotalMilliseconds / Math.Max(1, samples), "0.000")} ms per sample in the pipeline process{(server.SharesProcess ? " (simulator server included)" : string.Empty)}, {F(cpu.TotalSeconds, "0.0")} s, {cores}");
            if (serverCpu is { } child)
            {
                await stdout.WriteLineAsync($"  server cpu: {F(child.TotalMilliseconds / Math.Max(1, calls), "0.000")} ms per call in the {(server.Replays ? "replay" : "simulator")} server process, {F(child.TotalSeconds, "0.0")} s, {F(child.TotalSeconds / clock.Elapsed.TotalSeconds, "0.00")} cores");
            }
            foreach (var line in steps.Lines(samples))
            {
                await stdout.WriteLineAsync(line);
            }

            var pause = GC.GetTotalPauseDuration() - pauseBefore;
            await stdout.WriteLineAsync($"  gc: {GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]} gen0/1/2 collections, paused {F(pause.TotalMilliseconds, "0")} ms ({F(100 * pause.TotalSeconds / clock.Elapsed.TotalSeconds)}% of the time)");
            await stdout.WriteLineAsync($"  memory: GC heap now {F(GC.GetTotalMemory(false) / 1048576.0)} MiB, GC committed {F(gc.TotalCommittedBytes / 1048576.0)} MiB, allocated {F((GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0, "0")} MiB");
            return new Pass(manifest.Status, achieved / ideal, cpu.TotalMilliseconds / Math.Max(1, samples));
        }
        finally
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
                // Why ignored: a leftover temp folder must not fail a benchmark that ran.
            }
        }
    }

    private static Uri? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private sealed record Pass(string Status, double Ratio, double CpuMsPerSample);

    private sealed record BenchSettings(int Concurrency, double LatencyMs, string Transport, string Kind, string Quality, Uri? Endpoint, string Server);
}
