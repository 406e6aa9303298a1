using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DataGen.Configuration;
using DataGen.Pipeline;
using DataGen.Providers;
using DataGen.Providers.Simulation;
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
        var concurrency = new Option<int>("--concurrency", "-C") { Description = "Calls in flight.", DefaultValueFactory = _ => 256 };
        var latency = new Option<double>("--latency-ms", "-L") { Description = "Simulator latency (fixed), milliseconds.", DefaultValueFactory = _ => 200 };
        var samples = new Option<int>("--samples", "-n") { Description = "Samples to generate.", DefaultValueFactory = _ => 10_000 };
        var kind = new Option<string>("--kind") { Description = "Kind to generate: stories (one call per sample, a section-sized prompt) or documents (list calls, then draft and rewrite with the whole constitution in the prompt: about 2 calls per sample with ~30 KB prompts).", DefaultValueFactory = _ => "stories" };
        kind.AcceptOnlyFromAmong("stories", "documents", "advice_chats");
        var transport = new Option<string>("--transport") { Description = "http: openai provider against the simulator server on loopback (same process); inprocess: the simulated provider.", DefaultValueFactory = _ => "http" };
        transport.AcceptOnlyFromAmong("http", "inprocess");
        var command = new Command("bench", "Measure generation throughput, CPU time per sample and peak memory against the simulator; prints its figures.")
        {
            config, concurrency, latency, samples, transport, kind,
            BenchMinHashCommand.Create(stdout),
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

            return await RunAsync(options, parse.GetValue(concurrency), parse.GetValue(latency), parse.GetValue(samples), parse.GetValue(transport)!, parse.GetValue(kind)!, stdout, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(PipelineOptions options, int concurrency, double latencyMs, int samples, string transport, string kind, TextWriter stdout, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), "datagen-bench", Guid.NewGuid().ToString("N"));
        var simulator = SimulatorOptions.Clean with { Latency = new LatencyOptions { Distribution = "fixed", MeanMs = latencyMs } };
        SimulatorHttpServer? server = null;
        try
        {
            var provider = options.Provider with { Name = ProviderNames.Simulated, Concurrency = concurrency, Endpoints = [] };
            if (transport == "http")
            {
                server = await SimulatorHttpServer.StartAsync(simulator, cancellationToken: cancellationToken);
                provider = provider with { Name = ProviderNames.OpenAI, Endpoint = server.BaseUrl, Model = "bench" };
            }

            var generation = options.Generation with
            {
                Documents = options.Generation.Documents with { Count = kind == "documents" ? samples : 0 },
                Stories = options.Generation.Stories with { Count = kind == "stories" ? samples : 0 },
                AdviceChats = options.Generation.AdviceChats with { Count = kind == "advice_chats" ? samples : 0 },
            };
            var run = PreparedRun.Prepare(options with
            {
                Provider = provider,
                Simulator = simulator,
                Generation = generation,
                Output = options.Output with { Directory = output },
                Store = new StoreOptions { Enabled = true },
            });
            using var client = ChatClientFactory.Create(run.Options, NullLoggerFactory.Instance);
            var process = Process.GetCurrentProcess();
            GC.Collect();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var clock = Stopwatch.StartNew();
            var manifest = await new PipelineRunner(client, NullLoggerFactory.Instance, TimeProvider.System).RunAsync(run, "bench", cancellationToken);
            clock.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var calls = manifest.Usage.Total.Calls;
            var achieved = calls / clock.Elapsed.TotalSeconds;
            var ideal = latencyMs > 0 ? concurrency / (latencyMs / 1000.0) : double.NaN;
            var gc = GC.GetGCMemoryInfo();
            string F(double v, string format = "0.0") => v.ToString(format, CultureInfo.InvariantCulture);
            await stdout.WriteLineAsync($"bench: kind {kind}, transport {transport}, concurrency {concurrency}, latency {F(latencyMs, "0")} ms, samples {samples}, status {manifest.Status}");
            await stdout.WriteLineAsync($"calls: {calls} in {F(clock.Elapsed.TotalSeconds, "0.00")} s, rows {manifest.Shards.Sum(s => s.Rows)}, rejects {manifest.Rejects.Sum(s => s.Rows)}");
            await stdout.WriteLineAsync($"throughput: {F(achieved)} req/s, ideal C/L {F(ideal)} req/s, ratio {(double.IsNaN(ideal) ? "n/a" : F(achieved / ideal, "0.000"))}");
            await stdout.WriteLineAsync($"cpu: {F(cpu.TotalMilliseconds / Math.Max(1, samples), "0.000")} ms per sample (process total{(server is null ? string.Empty : ", simulator server included")}), {F(cpu.TotalSeconds, "0.0")} s");
            await stdout.WriteLineAsync($"memory: peak working set {F(process.PeakWorkingSet64 / 1048576.0)} MiB, GC heap now {F(GC.GetTotalMemory(false) / 1048576.0)} MiB, peak GC committed {F(gc.TotalCommittedBytes / 1048576.0)} MiB, allocated {F((GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0, "0")} MiB");
            return manifest.Status == "completed" ? DataGenCli.Success : DataGenCli.Failure;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

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
}
