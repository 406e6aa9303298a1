using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataGen.Tests.Providers.Local;

/// <summary>
/// A minimal HTTP/1.1 file server on 127.0.0.1 (random port) for download tests: serves one byte array at any path,
/// honours <c>Range: bytes=N-</c> when asked to, and can cut the connection halfway through the first response.
/// </summary>
internal sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _content;
    private readonly Task _loop;

    public LoopbackFileServer(byte[] content)
    {
        _content = content;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Honour Range requests with 206; when false, always answer 200 with the whole file.</summary>
    public bool HonourRange { get; init; } = true;

    /// <summary>Cut the connection after half the body on the first request.</summary>
    public bool CutFirstResponse { get; init; }

    /// <summary>Each request's path and Range header (empty when none).</summary>
    public ConcurrentQueue<(string Path, string Range, string? Authorization)> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping the listener ends the loop this way.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                await ServeAsync(client);
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var head = await ReadHeadAsync(stream);
        var lines = head.Split("\r\n");
        var path = lines[0].Split(' ')[1];
        var range = lines.FirstOrDefault(l => l.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))?[6..].Trim() ?? string.Empty;
        var authorization = lines.FirstOrDefault(l => l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))?[14..].Trim();
        var first = Requests.IsEmpty;
        Requests.Enqueue((path, range, authorization));

        var from = 0L;
        if (HonourRange && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            from = long.Parse(range[6..].TrimEnd('-'), CultureInfo.InvariantCulture);
        }

        var length = _content.Length - from;
        var status = from > 0 ? "206 Partial Content" : "200 OK";
        var header = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n")
            .Append("Content-Type: application/octet-stream\r\nConnection: close\r\n");
        if (from > 0)
        {
            header.Append(CultureInfo.InvariantCulture, $"Content-Range: bytes {from}-{_content.Length - 1}/{_content.Length}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(header.Append("\r\n").ToString()));
        var send = CutFirstResponse && first ? (int)length / 2 : (int)length;
        await stream.WriteAsync(_content.AsMemory((int)from, send));
        await stream.FlushAsync();
        if (send < length)
        {
            client.Client.LingerState = new LingerOption(true, 0); // reset, as a dropped connection would
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer) == 1)
        {
            bytes.Add(buffer[0]);
            if (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r')
            {
                break;
            }
        }

        return Encoding.ASCII.GetString([.. bytes]);
    }
}
