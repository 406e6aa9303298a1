using System.CommandLine;
using DataGen.Configuration;
using DataGen.Simulator;

namespace DataGen.Cli.Commands;

/// <summary>
/// <c>datagen simulate-server</c>: the simulator as an OpenAI-compatible HTTP server on loopback, with the latency
/// and faults of the config's <c>simulator</c> section, to load and fault the real HTTP path. Runs until Ctrl+C.
/// </summary>
internal static class SimulateServerCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CommonOptions.Config();
        var port = new Option<int>("--port", "-p") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 8089 };
        var latency = new Option<double?>("--latency-ms") { Description = "Override simulator.latency.meanMs." };
        var distribution = new Option<string?>("--latency-distribution") { Description = "Override simulator.latency.distribution: fixed, uniform (0 to 2 × mean) or lognormal." };
        distribution.AcceptOnlyFromAmong("fixed", "uniform", "lognormal");
        var faultRate = new Option<double?>("--fault-rate") { Description = "Spread this share of requests evenly over every fault kind (overrides simulator.faults rates)." };
        var batchSeconds = new Option<double?>("--batch-seconds") { Description = "Seconds from a batch's creation until it ends (OpenAI Batches and Anthropic Message Batches; overrides simulator.batch.completionSeconds)." };
        var batchFailures = new Option<double?>("--batch-failure-rate") { Description = "Share of batch requests that fail with a server error the first time they are submitted (overrides simulator.batch.failureRate)." };
        var batchExpiry = new Option<double?>("--batch-expiry-rate") { Description = "Share of batch requests left expired the first time they are submitted (overrides simulator.batch.expiryRate)." };
        var clean = new Option<bool>("--clean") { Description = "Well-formed replies only: the simulator's flaw rates (planted duplicates, truncated, repetitive, refusals, malformed, unsuitable) are set to 0. Latency and faults still come from the config and the options above." };
        var replay = new Option<bool>("--replay") { Description = "Record each reply under its request body's hash and answer an identical request again from memory, after the same latency (what `datagen bench --server replay` measures against: the server's CPU per call is a lookup and a write). Needs fault rates of 0." };
        var command = new Command("simulate-server", "Serve the offline simulator as an OpenAI-compatible API on loopback (POST /v1/chat/completions), with configurable latency and injected faults, and both batch APIs (OpenAI /v1/files + /v1/batches, Anthropic /v1/messages/batches) with a completion delay, partial failures and expiry. Replies are labelled datagen-simulated:<model>, so rows built from them stay marked simulated.")
        {
            config, port, latency, distribution, faultRate, batchSeconds, batchFailures, batchExpiry, clean, replay,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            SimulatorOptions simulator;
            try
            {
                simulator = PipelineConfigLoader.Load(parse.GetValue(config)!.FullName).Simulator;
            }
            catch (ConfigException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return DataGenCli.UserError;
            }

            if (parse.GetValue(clean))
            {
                simulator = SimulatorOptions.Clean with { Latency = simulator.Latency, Faults = simulator.Faults, Batch = simulator.Batch };
            }

            if (parse.GetValue(distribution) is { } shape)
            {
                simulator = simulator with { Latency = simulator.Latency with { Distribution = shape } };
            }

            if (parse.GetValue(latency) is { } ms)
            {
                simulator = simulator with { Latency = simulator.Latency with { MeanMs = ms } };
            }

            if (parse.GetValue(faultRate) is { } rate)
            {
                simulator = simulator with { Faults = EvenFaults(rate, simulator.Faults.RetryAfterSeconds) };
            }

            simulator = simulator with
            {
                Batch = simulator.Batch with
                {
                    CompletionSeconds = parse.GetValue(batchSeconds) ?? simulator.Batch.CompletionSeconds,
                    FailureRate = parse.GetValue(batchFailures) ?? simulator.Batch.FailureRate,
                    ExpiryRate = parse.GetValue(batchExpiry) ?? simulator.Batch.ExpiryRate,
                },
            };
            if (parse.GetValue(replay) && simulator.Faults.Total > 0)
            {
                await stderr.WriteLineAsync($"error: --replay serves well-formed replies only, but the fault rates add up to {simulator.Faults.Total:P0}; set them to 0 (or leave --fault-rate out)");
                return DataGenCli.UserError;
            }

            await using var server = await SimulatorHttpServer.StartAsync(simulator, parse.GetValue(port), replay: parse.GetValue(replay), cancellationToken: cancellationToken);
            await stdout.WriteLineAsync($"simulator listening on {server.BaseUrl} (latency {simulator.Latency.Distribution} {simulator.Latency.MeanMs} ms, faults {simulator.Faults.Total:P0}{(parse.GetValue(replay) ? ", replaying recorded replies" : string.Empty)}); Ctrl+C to stop");
            await stdout.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await stdout.WriteLineAsync($"stopped after {server.Requests} requests ({server.Faulted} faulted)");
            }

            return DataGenCli.Success;
        });
        return command;
    }

    /// <summary>A total fault rate spread evenly over the seven fault kinds.</summary>
    public static FaultOptions EvenFaults(double total, double retryAfterSeconds)
    {
        var each = Math.Clamp(total, 0, 1) / 7;
        return new FaultOptions
        {
            Http429 = each, Http500 = each, Http503 = each, Timeout = each, ConnectionReset = each, Truncated = each, Malformed = each,
            RetryAfterSeconds = retryAfterSeconds,
        };
    }
}
