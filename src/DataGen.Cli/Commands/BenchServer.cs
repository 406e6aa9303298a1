using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataGen.Configuration;
using DataGen.Simulator;

namespace DataGen.Cli.Commands;

/// <summary>
/// The server <c>datagen bench</c> measures against: none (an external <c>--endpoint</c> or the in-process provider),
/// the simulator hosted in the benchmark process, or <c>datagen simulate-server --clean</c> started as a child process
/// on loopback, which is how a real endpoint stands to the client (its own runtime, its CPU apart); with
/// <c>replay</c> that child also runs <c>--replay</c>, so a pass recorded once is answered again from memory.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly SimulatorHttpServer? _inProcess;
    private readonly Process? _child;

    private BenchServer(Uri? baseUrl, SimulatorHttpServer? inProcess, Process? child, bool replays = false)
    {
        BaseUrl = baseUrl;
        _inProcess = inProcess;
        _child = child;
        Replays = replays;
    }

    /// <summary>True when the server is a replay server (<c>simulate-server --replay</c> in its own process).</summary>
    public bool Replays { get; }

    /// <summary>Where the openai provider sends requests; null when the bench uses the in-process simulated provider.</summary>
    public Uri? BaseUrl { get; }

    /// <summary>True when the server's CPU is counted in the benchmark process's own figure.</summary>
    public bool SharesProcess => _inProcess is not null;

    /// <summary>CPU the child server has used so far; null when there is no child process.</summary>
    public TimeSpan? ChildCpu
    {
        get
        {
            if (_child is null)
            {
                return null;
            }

            _child.Refresh();
            return _child.TotalProcessorTime;
        }
    }

    public static async Task<BenchServer> StartAsync(string transport, string server, Uri? endpoint, string configPath, SimulatorOptions simulator, CancellationToken cancellationToken)
    {
        if (endpoint is not null)
        {
            return new BenchServer(endpoint, null, null);
        }

        if (transport != "http")
        {
            return new BenchServer(null, null, null);
        }

        if (server == "inprocess")
        {
            var host = await SimulatorHttpServer.StartAsync(simulator, cancellationToken: cancellationToken);
            return new BenchServer(host.BaseUrl, host, null);
        }

        var replays = server == "replay";
        var child = StartChild(configPath, simulator.Latency, replays);
        try
        {
            var url = await ReadListeningUrlAsync(child, cancellationToken);
            return new BenchServer(url, null, child, replays);
        }
        catch
        {
            child.Kill(entireProcessTree: true);
            child.Dispose();
            throw;
        }
    }

    /// <summary>The replay server's counts so far (bodies recorded, requests answered from memory, requests composed).</summary>
    public async Task<(long Recorded, long Hits, long Misses)> ReplayCountsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(BaseUrl!.ToString().TrimEnd('/') + "/simulator/replay"), cancellationToken));
        var root = document.RootElement;
        return (root.GetProperty("recorded").GetInt64(), root.GetProperty("hits").GetInt64(), root.GetProperty("misses").GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        if (_inProcess is not null)
        {
            await _inProcess.DisposeAsync();
        }

        if (_child is not null)
        {
            if (!_child.HasExited)
            {
                _child.Kill(entireProcessTree: true);
                await _child.WaitForExitAsync();
            }

            _child.Dispose();
        }
    }

    // The same datagen this bench runs as: the apphost itself, or `dotnet datagen.dll` when started through dotnet.
    private static Process StartChild(string configPath, LatencyOptions latency, bool replay)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown, so the simulator server cannot be started beside it; use --server inprocess");
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchServer).Assembly.Location);
        }

        foreach (var argument in new[]
        {
            "simulate-server", "--config", configPath, "--port", "0", "--clean",
            "--latency-distribution", latency.Distribution, "--latency-ms", latency.MeanMs.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (replay)
        {
            start.ArgumentList.Add("--replay");
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {host} simulate-server");
    }

    private static async Task<Uri> ReadListeningUrlAsync(Process child, CancellationToken cancellationToken)
    {
        const string marker = "simulator listening on ";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                // Keep draining its output so a chatty server never blocks on a full pipe.
                _ = child.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = child.StandardError.ReadToEndAsync(CancellationToken.None);
                return new Uri(line[marker.Length..].Split(' ')[0]);
            }
        }

        var error = await child.StandardError.ReadToEndAsync(cancellationToken);
        throw new InvalidOperationException($"the simulator server exited before listening (exit {(child.HasExited ? child.ExitCode : -1)}): {error.Trim()}");
    }
}
