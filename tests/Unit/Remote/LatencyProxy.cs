using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a local server that adds a fixed delay to every burst the client sends (each
/// HTTP request's headers arrive in one burst, so a GET costs one delay: a stand-in for a round trip to a distant
/// object store), and that can answer the next N requests with 503 (throttling) to exercise retries.
/// </summary>
public sealed class LatencyProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private int _failNext;

    public LatencyProxy(string targetUrl, TimeSpan latency)
    {
        _targetPort = new Uri(targetUrl).Port;
        Latency = latency;
        _listener.Start();
        _ = AcceptLoop();
    }

    public TimeSpan Latency { get; set; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Url => $"http://127.0.0.1:{Port}";
    public long Bursts => Interlocked.Read(ref _bursts);
    private long _bursts;

    /// <summary>The next <paramref name="count"/> requests are answered 503 Slow Down without reaching the server.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var up = Pump(client.GetStream(), server.GetStream(), delay: true, client);
                var down = Pump(server.GetStream(), client.GetStream(), delay: false, client);
                await Task.WhenAny(up, down);
            }
            catch (Exception) { }
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to, bool delay, TcpClient client)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await from.ReadAsync(buffer, _stop.Token);
            if (n == 0) return;
            if (delay)
            {
                Interlocked.Increment(ref _bursts);
                if (Interlocked.Decrement(ref _failNext) >= 0)
                {
                    var reply = Encoding.ASCII.GetBytes("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: 99\r\nConnection: close\r\n\r\n<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Slow</Message></Error>  ");
                    await client.GetStream().WriteAsync(reply, _stop.Token);
                    return;
                }
                Interlocked.Exchange(ref _failNext, Math.Max(0, Volatile.Read(ref _failNext)));
                if (Latency > TimeSpan.Zero) await Task.Delay(Latency, _stop.Token);
            }
            await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
