// Object-store latency benchmark: one array of N chunks (zstd float32) written to and read from moto_server (S3)
// through a proxy that adds a fixed delay per request, at the default I/O concurrency and at concurrency 1, with a
// local-disk read for reference. Starts moto_server on a free 127.0.0.1 port unless --endpoint is given.
// usage: dotnet run -c Release --project bench/ObjectStore -- [--chunks 256] [--chunk-kib 64] [--latency-ms 20] [--runs 3] [--endpoint URL]
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.Stores.S3;
using SciTex.Zarr.Tests.Remote;

var argsMap = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2) argsMap[args[i].TrimStart('-')] = args[i + 1];
int Arg(string name, int fallback) => argsMap.TryGetValue(name, out var v) ? int.Parse(v) : fallback;
var chunks = Arg("chunks", 256);
var chunkKib = Arg("chunk-kib", 64);
var latency = TimeSpan.FromMilliseconds(Arg("latency-ms", 20));
var runs = Arg("runs", 3);

Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "bench");
Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "bench");
Process? moto = null;
var endpoint = argsMap.GetValueOrDefault("endpoint");
if (endpoint is null)
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    var exe = File.Exists("/root/.pyenv/shims/moto_server") ? "/root/.pyenv/shims/moto_server" : "moto_server";
    moto = Process.Start(new ProcessStartInfo(exe, ["-H", "127.0.0.1", "-p", port.ToString()]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
    moto.BeginErrorReadLine(); moto.BeginOutputReadLine();
    endpoint = $"http://127.0.0.1:{port}";
    using var probe = new HttpClient();
    for (var i = 0; i < 300; i++) { try { await probe.GetAsync(endpoint + "/moto-api/"); break; } catch (HttpRequestException) { Thread.Sleep(100); } }
}
try
{
    var bucket = "bench-" + Guid.NewGuid().ToString("N")[..8];
    using (var admin = new AmazonS3Client(new BasicAWSCredentials("bench", "bench"), new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" }))
        await admin.PutBucketAsync(bucket);
    var elements = chunkKib * 256;
    var random = new Random(42);
    var walk = 0f;
    var data = new float[chunks * elements];
    for (var i = 0; i < data.Length; i++) data[i] = walk += (float)(random.NextDouble() - 0.5);
    var items = new Dictionary<string, object?> { ["a"] = data };
    var options = new SaveOptions { ChunkShape = [elements], Compressor = CompressorSpec.Parse("zstd", new Dictionary<string, object?> { ["level"] = 3 }) };

    using var proxy = new LatencyProxy(endpoint, latency);
    S3Store Open() => S3Store.Open(StoreUrl.Parse($"s3://{bucket}/bench.zarr"), new Dictionary<string, string?> { ["Endpoint"] = proxy.Url }, false);
    var local = Path.Combine(Path.GetTempPath(), "scitex-objbench-" + Guid.NewGuid().ToString("N")[..8]);

    double Median(Func<double> run) { run(); return Enumerable.Range(0, runs).Select(_ => run()).Order().ElementAt(runs / 2); }
    double Ms(Action action) { var clock = Stopwatch.StartNew(); action(); return clock.Elapsed.TotalMilliseconds; }

    var defaultConcurrency = ZarrConfig.IoConcurrency;
    var rows = new List<(string Case, double Ms)>();
    foreach (var concurrency in new[] { defaultConcurrency, 1 })
    {
        ZarrConfig.IoConcurrency = concurrency;
        rows.Add(($"write, S3 + {latency.TotalMilliseconds:0} ms, I/O concurrency {concurrency}", Median(() => Ms(() =>
        {
            using var store = Open();
            ValueWriter.Execute(ValueWriter.Plan(store, "", items, new SaveOptions { ChunkShape = options.ChunkShape, Compressor = options.Compressor, Force = true }));
        }))));
        rows.Add(($"read, S3 + {latency.TotalMilliseconds:0} ms, I/O concurrency {concurrency}", Median(() => Ms(() =>
        {
            using var store = Open();
            if (((float[])ZarrArray.Open(store, "a").Read())[^1] != data[^1]) throw new InvalidOperationException("wrong data");
        }))));
    }
    ZarrConfig.IoConcurrency = defaultConcurrency;
    proxy.Latency = TimeSpan.Zero;
    rows.Add(("read, S3 without added latency, default concurrency", Median(() => Ms(() => { using var store = Open(); ZarrArray.Open(store, "a").Read(); }))));
    using (var disk = new DirectoryStore(local)) ValueWriter.Execute(ValueWriter.Plan(disk, "", items, options));
    rows.Add(("read, local disk (reference)", Median(() => Ms(() => { using var disk = new DirectoryStore(local, readOnly: true); ZarrArray.Open(disk, "a").Read(); }))));

    // The same read over plain HTTP from a keep-alive static server (tests/Interop/node/static_server.mjs), same proxy.
    var httpRatio = double.NaN;
    var serverScript = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../tests/Interop/node/static_server.mjs"));
    if (File.Exists(serverScript))
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var httpPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var node = Process.Start(new ProcessStartInfo("node", [serverScript, local, httpPort.ToString()]) { RedirectStandardOutput = true })!;
        node.StandardOutput.ReadLine();
        using var httpProxy = new LatencyProxy($"http://127.0.0.1:{httpPort}", latency);
        var http = new HttpStore(new Uri(httpProxy.Url + "/"));
        var times = new List<double>();
        foreach (var concurrency in new[] { defaultConcurrency, 1 })
        {
            ZarrConfig.IoConcurrency = concurrency;
            var ms = Median(() => Ms(() => ZarrArray.Open(http, "a").Read()));
            times.Add(ms);
            rows.Add(($"read, HTTP (node static server) + {latency.TotalMilliseconds:0} ms, I/O concurrency {concurrency}", ms));
        }
        ZarrConfig.IoConcurrency = defaultConcurrency;
        httpRatio = times[1] / times[0];
        node.Kill();
    }
    Directory.Delete(local, true);

    Console.WriteLine($"{chunks} chunks of {chunkKib} KiB float32 (zstd-3), median of {runs} after a warm-up, {Environment.ProcessorCount} cores");
    Console.WriteLine("| case | ms |");
    Console.WriteLine("| --- | ---: |");
    foreach (var (name, ms) in rows) Console.WriteLine($"| {name} | {ms:0} |");
    Console.WriteLine($"S3 read ratio (concurrency 1 / default): {rows[3].Ms / rows[1].Ms:0.0}x; S3 write ratio: {rows[2].Ms / rows[0].Ms:0.0}x; HTTP read ratio: {httpRatio:0.0}x");
}
finally
{
    if (moto is not null) { moto.Kill(true); moto.WaitForExit(); }
}
