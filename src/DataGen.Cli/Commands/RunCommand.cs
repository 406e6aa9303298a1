using System.CommandLine;
using System.Globalization;
using DataGen.Configuration;
using DataGen.Output;
using DataGen.Pipeline;
using DataGen.Providers;

namespace DataGen.Cli.Commands;

/// <summary><c>datagen run</c>: the main job, from constitution to Parquet shards, rejects and a manifest.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CommonOptions.Config();
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (receives documents/, stories/, advice_chats/, rejects/, manifest.json, logs/). Overrides output.directory." };
        var limit = new Option<int?>("--limit") { Description = "Cap on samples per kind (before filtering)." };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0)
            {
                r.AddError("--limit must be 0 or more");
            }
        });
        var provider = CommonOptions.Provider();
        var model = CommonOptions.Model();
        var endpoint = CommonOptions.Endpoint();
        var verbose = CommonOptions.Verbose();
        var command = new Command("run", "Generate documents, stories and advice chats from the constitution and write Parquet shards, rejected rows and a manifest.")
        {
            config, output, limit, provider, model, endpoint, verbose,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new ConfigOverrides(parse.GetValue(provider), parse.GetValue(model), parse.GetValue(endpoint), parse.GetValue(output));
            return await ExecuteAsync(parse.GetValue(config)!, overrides, parse.GetValue(limit), parse.GetValue(verbose), stdout, stderr, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(FileInfo configFile, ConfigOverrides overrides, int? limit, bool verbose, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        PreparedRun prepared;
        Microsoft.Extensions.AI.IChatClient client;
        var (bootstrapFactory, bootstrap) = Logging.Create(stderr, verbose, null);
        try
        {
            var options = overrides.Load(configFile);
            prepared = PreparedRun.Prepare(options, limit);
            client = ChatClientFactory.Create(options, bootstrapFactory);
        }
        catch (ConfigException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.UserError;
        }
        catch (Exception ex)
        {
            // Why catch everything: any failure before the run starts is exit code 2 with one clear line, not a stack dump.
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.Failure;
        }
        finally
        {
            bootstrapFactory.Dispose();
            await bootstrap.DisposeAsync();
        }

        var runId = NewRunId();
        var outputDirectory = prepared.Options.Output.Directory;
        var (factory, logger) = Logging.Create(stderr, verbose, Path.Combine(outputDirectory, "logs", $"datagen-{runId}.json"));
        try
        {
            if (prepared.Options.Provider.IsSimulated)
            {
                await stderr.WriteLineAsync("SIMULATED RUN: replies come from the offline simulator, not a model. Every row and the manifest are marked simulated.");
            }

            using var runClient = ChatClientFactory.Create(prepared.Options, factory);
            var manifest = await new PipelineRunner(runClient, factory, TimeProvider.System).RunAsync(prepared, runId, cancellationToken);
            await PrintSummaryAsync(stdout, manifest, outputDirectory);
            return manifest.Status switch
            {
                "completed" => DataGenCli.Success,
                _ => DataGenCli.Failure,
            };
        }
        catch (ConfigException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.UserError;
        }
        catch (Exception ex)
        {
            // Why catch everything: the CLI's contract is exit code 2 with one clear line for any unexpected failure.
            logger.Error(ex, "Run {RunId} failed", runId);
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return DataGenCli.Failure;
        }
        finally
        {
            client.Dispose();
            factory.Dispose();
            await logger.DisposeAsync();
        }
    }

    private static async Task PrintSummaryAsync(TextWriter stdout, RunManifest manifest, string outputDirectory)
    {
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"run {manifest.RunId} {manifest.Status}{(manifest.Simulated ? " (SIMULATED)" : string.Empty)}: {outputDirectory}"));
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"kind",-14}{"requested",10}{"rows",8}  dropped"));
        foreach (var (kind, figures) in manifest.Kinds)
        {
            var dropped = figures.Stages.SelectMany(s => s.Dropped.Select(d => $"{d.Key}={d.Value}")).ToList();
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{kind,-14}{figures.Requested,10}{figures.Rows,8}  {(dropped.Count == 0 ? "-" : string.Join(", ", dropped))}"));
        }

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{manifest.Tokens.Calls} model calls, {manifest.Tokens.Input} input and {manifest.Tokens.Output} output tokens; manifest: {Path.Combine(outputDirectory, PipelineRunner.ManifestFile)}"));
    }

    private static string NewRunId() =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{Random.Shared.Next(0x10000):x4}");
}
