using System.Collections.Concurrent;
using System.Text.Json;
using DataGen.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DataGen.Tests.Providers;

/// <summary>A key echoed back by the endpoint (as gateways and proxies do in a 401 body) reaches nothing DataGen writes.</summary>
public sealed class SecretRedactionHttpTests
{
    [Test]
    public async Task Run_401BodyEchoesTheAuthorizationHeader_KeyIsInNoOutput()
    {
        var key = "sk-planted-" + Guid.NewGuid().ToString("N");
        var seen = new ConcurrentBag<string>();
        var (app, root) = await StartEchoingServerAsync(seen);
        await using var _ = app;
        var url = new Uri(root, "v1").ToString();
        using var dir = new TempDirectory();
        var output = dir.Combine("out");
        var previous = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", key);
        CliRun run;
        try
        {
            run = await CliRun.InvokeAsync("run", "--config", TestPaths.PipelineJson, "--out", output, "--limit", "2", "--provider", "openai", "--endpoint", url, "--model", "m", "--verbose");
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", previous);
        }

        var logs = string.Concat(Directory.GetFiles(Path.Combine(output, "logs")).Select(File.ReadAllText));
        var manifest = await File.ReadAllTextAsync(Path.Combine(output, "manifest.json"));
        var details = !Directory.Exists(Path.Combine(output, "rejects")) || Directory.GetFiles(Path.Combine(output, "rejects"), "*.parquet").Length == 0 ? [] : DuckDb.Query($"SELECT detail FROM read_parquet('{Path.Combine(output, "rejects", "*.parquet")}')").Select(r => (string?)r["detail"] ?? string.Empty).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seen, Has.Some.Contains(key), "the server received the key and echoed it");
            Assert.That(run.ExitCode, Is.Not.Zero, "every call failed with 401");
            Assert.That(manifest + string.Concat(details), Does.Contain("[redacted OPENAI_API_KEY]"), "the echo reached the manifest's error or a reject, redacted");
            Assert.That(run.Stderr, Does.Not.Contain(key));
            Assert.That(run.Stdout, Does.Not.Contain(key));
            Assert.That(logs, Does.Not.Contain(key).And.Contains("[redacted OPENAI_API_KEY]"));
            Assert.That(manifest, Does.Not.Contain(key));
            Assert.That(details, Has.None.Contains(key));
            Assert.That(Directory.GetFiles(output, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".db", StringComparison.Ordinal)).Select(File.ReadAllText), Has.None.Contains(key), "no file under the output");
        }
    }

    private static Task<(WebApplication App, Uri Root)> StartEchoingServerAsync(ConcurrentBag<string> seen) => LoopbackServer.StartAsync(app =>
        app.MapPost("/v1/chat/completions", async context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            seen.Add(authorization);
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                error = new { message = $"Incorrect API key provided in header 'Authorization: {authorization}'", type = "invalid_request_error", code = "invalid_api_key" },
            }));
        }));
}
