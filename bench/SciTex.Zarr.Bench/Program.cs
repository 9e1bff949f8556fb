using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Bench;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Sharding;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

// Writes and reads the same data with the engine, through the cmdlets, and with zarr-python 2.13
// (bench/python/zarr_bench.py) in one run: local directory stores, same chunking and codec settings, page cache NOT
// cleared. Every case is measured in R interleaved rounds (engine, cmdlets, zarr-python, then the next round), so a
// change of machine load hits all three alike; tables give the median and the range of the per-round ratios.
// usage: dotnet run -c Release --project bench/SciTex.Zarr.Bench [-- --mib 256 --runs 5 --work DIR --python no --scaling no --large 1,4]
var options = Args.Parse(args);
var repo = Args.FindRepoRoot();
var work = Path.GetFullPath(options.GetValueOrDefault("work") ?? Path.Combine(repo, "bench", "results", "work"));
var mib = int.Parse(options.GetValueOrDefault("mib") ?? "256", CultureInfo.InvariantCulture);
var runs = int.Parse(options.GetValueOrDefault("runs") ?? "5", CultureInfo.InvariantCulture);
var withPython = options.GetValueOrDefault("python") != "no";
var withScaling = withPython && options.GetValueOrDefault("scaling") != "no";
const int chunk = 131072; // 1 MiB of float64
Directory.CreateDirectory(work);

// The zstd ceiling first, on a quiet heap: ZstdSharp alone, one thread, level 3, on the bench's 1 MiB chunks.
var data = RandomWalk(mib * 131072L, seed: 42);
var (zstdCompressMBs, zstdDecompressMBs) = ZstdCeiling(data, chunk);
Console.WriteLine($"ZstdSharp one thread: compress {zstdCompressMBs:F0} MB/s, decompress {zstdDecompressMBs:F0} MB/s");

var dataFile = Path.Combine(work, "data.f64");
File.WriteAllBytes(dataFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
var small = data.AsSpan(0, 2_000_000).ToArray(); // 10 000 chunks of 200 float64: the per-chunk overhead case
var smallFile = Path.Combine(work, "small.f64");
File.WriteAllBytes(smallFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(small.AsSpan()).ToArray());

var cases = new List<BenchCase>
{
    new("zstd-3", () => [new ZstdCodec(3)], "@{ name = 'zstd'; level = 3 }"),
    new("lz4", () => [V2Codec(new JsonObject { ["id"] = "lz4", ["acceleration"] = 1 })], "lz4"),
    new("none", () => [], "none"),
    new("blosc-zstd", () => [V2Codec(new JsonObject { ["id"] = "blosc", ["cname"] = "zstd", ["clevel"] = 3, ["shuffle"] = 1, ["blocksize"] = 0 })],
        "@{ name = 'blosc'; cname = 'zstd'; clevel = 3; shuffle = 'shuffle' }"),
};
var window = Path.Combine(work, "window_1gib_x");
if (withPython) EnsureWindowArray(window);

var engine = cases.ToDictionary(c => c.Name, _ => new Series());
var cmdlet = cases.ToDictionary(c => c.Name, _ => new Series());
var python = cases.ToDictionary(c => c.Name, _ => new Series());
var stored = new Dictionary<string, (long Ours, long Py)>();
Series smallEngine = new(), smallCmdlet = new(), smallPython = new();
List<double> windowEngine = [], windowCmdlet = [], windowPython = [];
(int Chunks, long Bytes) windowOurs = default, windowPy = default;
var shardEngine = new Series();
var unshardEngine = new Series();
var shardCmdlet = new Series();
var unshardCmdlet = new Series();
string pythonVersion = "zarr-python not run";

using var cmdlets = new CmdletBench(repo);
cmdlets.SetVariable("data", data);
for (var round = 0; round <= runs; round++) // round 0 warms up every path (JIT tiering) and is not counted
{
    var counted = round > 0;
    foreach (var c in cases)
    {
        // Odd rounds run the engine first, even rounds the cmdlets: what one leaves behind (heap, page cache) evens out.
        (double Write, double Read) e = default, k = default;
        var engineRun = () => e = EngineBench.WriteAndRead(Path.Combine(work, "ours_" + c.Name), V2Array("x", data.LongLength, chunk, c.Compressors()), data, verify: round == 0);
        var cmdletRun = () => k = cmdlets.SaveAndImport(Path.Combine(work, "cmdlets_" + c.Name), c.CmdletCompressor, chunk.ToString(CultureInfo.InvariantCulture));
        foreach (var run in round % 2 == 1 ? new[] { engineRun, cmdletRun } : [cmdletRun, engineRun]) run();
        if (counted) { engine[c.Name].Add(e); cmdlet[c.Name].Add(k); }
        Console.WriteLine($"round {round} {c.Name}: engine {e.Write:F3} / {e.Read:F3} s, cmdlets {k.Write:F3} / {k.Read:F3} s");
    }
    var se = EngineBench.WriteAndRead(Path.Combine(work, "ours_small"), V2Array("x", small.LongLength, 200, [new ZstdCodec(3)]), small, verify: round == 0);
    cmdlets.SetVariable("data", small);
    var sk = cmdlets.SaveAndImport(Path.Combine(work, "cmdlets_small"), cases[0].CmdletCompressor, "200");
    cmdlets.SetVariable("data", data);
    if (counted) { smallEngine.Add(se); smallCmdlet.Add(sk); }

    const int shard = 16 * chunk;
    var sh = EngineBench.WriteAndRead(Path.Combine(work, "ours_sharded"), ShardedArrays.Metadata("x", [data.LongLength], ZarrDataType.Float64, [shard], [chunk], new ZstdCodec(3)), data, verify: round == 0);
    var un = EngineBench.WriteAndRead(Path.Combine(work, "ours_unsharded"), ShardedArrays.Unsharded("x", [data.LongLength], ZarrDataType.Float64, [chunk], new ZstdCodec(3)), data, verify: round == 0);
    var shk = cmdlets.SaveAndImport(Path.Combine(work, "cmdlets_sharded"), cases[0].CmdletCompressor, chunk.ToString(CultureInfo.InvariantCulture), format: 3, shardShape: shard.ToString(CultureInfo.InvariantCulture));
    var unk = cmdlets.SaveAndImport(Path.Combine(work, "cmdlets_unsharded"), cases[0].CmdletCompressor, chunk.ToString(CultureInfo.InvariantCulture), format: 3);
    if (counted) { shardEngine.Add(sh); unshardEngine.Add(un); shardCmdlet.Add(shk); unshardCmdlet.Add(unk); }
    Console.WriteLine($"round {round} small / sharded / unsharded done");

    if (!withPython) continue;
    var (we, wc, wb) = BenchWindow(window);
    var wk = cmdlets.Time($"$back = Get-ZarrSlice -Path '{window}' -Key x '1000:1100, 2000:2100'; if ($back.Length -ne 10000) {{ throw 'short window' }}");
    var py = JsonNode.Parse(RunPython("--data", dataFile, "--work", work, "--chunk", chunk.ToString(CultureInfo.InvariantCulture), "--runs", "1",
        "--cases", string.Join(',', cases.Select(c => c.Name)), "--window", Path.Combine(window, "x")))!;
    var pySmall = JsonNode.Parse(RunPython("--data", smallFile, "--work", work, "--chunk", "200", "--runs", "1", "--cases", "zstd-3"))!;
    pythonVersion = py["version"]!.GetValue<string>();
    if (!counted) continue;
    foreach (var c in cases)
    {
        var p = py["cases"]![c.Name]!;
        python[c.Name].Add((p["writes"]![0]!.GetValue<double>(), p["reads"]![0]!.GetValue<double>()));
        stored[c.Name] = (EngineBench.StoredBytes(Path.Combine(work, "ours_" + c.Name)), p["stored_bytes"]!.GetValue<long>());
    }
    smallPython.Add((pySmall["cases"]!["zstd-3"]!["writes"]![0]!.GetValue<double>(), pySmall["cases"]!["zstd-3"]!["reads"]![0]!.GetValue<double>()));
    windowEngine.Add(we); windowCmdlet.Add(wk); windowPython.Add(py["window"]!["times"]![0]!.GetValue<double>());
    windowOurs = (wc, wb); windowPy = (py["window"]!["chunks"]!.GetValue<int>(), py["window"]!["bytes"]!.GetValue<long>());
}

var table = new StringBuilder();
var cores = ZarrConfig.Concurrency;
if (withPython)
{
    table.AppendLine($"| case ({mib} MiB float64, 1 MiB chunks, v2) | engine MB/s | cmdlets MB/s | zarr-python MB/s | cmdlets / zarr-python | engine / zarr-python | cmdlets / engine | stored MiB (ours / py) |");
    table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var c in cases)
        foreach (var op in new[] { "write", "read" })
        {
            var (e, k, p) = (engine[c.Name].Of(op), cmdlet[c.Name].Of(op), python[c.Name].Of(op));
            table.AppendLine($"| {c.Name} {op} | {Stats.MBs(mib, e)} | {Stats.MBs(mib, k)} | {Stats.MBs(mib, p)} | {Stats.Ratio(Stats.Ratios(p, k))} | {Stats.Ratio(Stats.Ratios(p, e))} | {Stats.Ratio(Stats.Ratios(e, k))} | {stored[c.Name].Ours / 1048576.0:F1} / {stored[c.Name].Py / 1048576.0:F1} |");
        }
    table.AppendLine();
    table.AppendLine("| 2 000 000 float64 in 10 000 chunks of 200, zstd-3 | engine ms | cmdlets ms | zarr-python ms | cmdlets / zarr-python | engine / zarr-python | cmdlets / engine |");
    table.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
    foreach (var op in new[] { "write", "read" })
    {
        var (e, k, p) = (smallEngine.Of(op), smallCmdlet.Of(op), smallPython.Of(op));
        table.AppendLine($"| {op} | {Stats.Ms(e)} | {Stats.Ms(k)} | {Stats.Ms(p)} | {Stats.Ratio(Stats.Ratios(p, k))} | {Stats.Ratio(Stats.Ratios(p, e))} | {Stats.Ratio(Stats.Ratios(e, k))} |");
    }
    table.AppendLine();
    table.AppendLine("| 100×100 window from a 1 GiB float64 array (16384×8192, 512×256 chunks, zstd-1) | ms, median (range) | chunks read | bytes read | zarr-python / this |");
    table.AppendLine("|---|---:|---:|---:|---:|");
    table.AppendLine($"| engine | {Stats.Ms(windowEngine)} | {windowOurs.Chunks} | {windowOurs.Bytes} | {Stats.Ratio(Stats.Ratios(windowPython, windowEngine))} |");
    table.AppendLine($"| Get-ZarrSlice | {Stats.Ms(windowCmdlet)} | | | {Stats.Ratio(Stats.Ratios(windowPython, windowCmdlet))} |");
    table.AppendLine($"| zarr-python | {Stats.Ms(windowPython)} | {windowPy.Chunks} | {windowPy.Bytes} | |");
    table.AppendLine();
    table.AppendLine("| ZstdSharp 0.8.8 alone, level 3, 1 MiB chunks, one thread | MB/s | × cores (ceiling) | engine zstd-3 / ceiling | cmdlets zstd-3 / ceiling |");
    table.AppendLine("|---|---:|---:|---:|---:|");
    foreach (var (op, speed) in new[] { ("write", zstdCompressMBs), ("read", zstdDecompressMBs) })
        table.AppendLine($"| {(op == "write" ? "compress" : "decompress")} | {speed:F0} | {speed * cores:F0} | {mib / Stats.Median(engine["zstd-3"].Of(op)) / (speed * cores):P0} | {mib / Stats.Median(cmdlet["zstd-3"].Of(op)) / (speed * cores):P0} |");
    table.AppendLine();
}
table.AppendLine($"| v3, zstd-3, {mib} MiB float64 | engine write MB/s | engine read MB/s | cmdlets write MB/s | cmdlets read MB/s |");
table.AppendLine("|---|---:|---:|---:|---:|");
table.AppendLine($"| 16 MiB shards of 1 MiB inner chunks | {Stats.MBs(mib, shardEngine.Writes)} | {Stats.MBs(mib, shardEngine.Reads)} | {Stats.MBs(mib, shardCmdlet.Writes)} | {Stats.MBs(mib, shardCmdlet.Reads)} |");
table.AppendLine($"| 1 MiB chunks, unsharded | {Stats.MBs(mib, unshardEngine.Writes)} | {Stats.MBs(mib, unshardEngine.Reads)} | {Stats.MBs(mib, unshardCmdlet.Writes)} | {Stats.MBs(mib, unshardCmdlet.Reads)} |");
table.AppendLine($"| sharded time / unsharded time | {Stats.Ratio(Stats.Ratios(shardEngine.Writes, unshardEngine.Writes))} | {Stats.Ratio(Stats.Ratios(shardEngine.Reads, unshardEngine.Reads))} | {Stats.Ratio(Stats.Ratios(shardCmdlet.Writes, unshardCmdlet.Writes))} | {Stats.Ratio(Stats.Ratios(shardCmdlet.Reads, unshardCmdlet.Reads))} |");
Directory.CreateDirectory(Path.Combine(repo, "bench", "results"));
File.WriteAllText(Path.Combine(repo, "bench", "results", "latest.md"), table.ToString());
Console.WriteLine(table);
if (withScaling)
{
    Console.WriteLine("scaling …");
    table.AppendLine();
    table.Append(new ScalingBench(repo, work, Math.Min(runs, 3), RunPython, (options.GetValueOrDefault("large") ?? "1,4").Split(',').Select(int.Parse).ToArray()).Run(cmdlets));
}
if (!withPython)
    foreach (var c in cases)
        table.AppendLine($"| {c.Name} | engine write {Stats.MBs(mib, engine[c.Name].Writes)} / read {Stats.MBs(mib, engine[c.Name].Reads)} MB/s | cmdlets / engine write {Stats.Ratio(Stats.Ratios(engine[c.Name].Writes, cmdlet[c.Name].Writes))}, read {Stats.Ratio(Stats.Ratios(engine[c.Name].Reads, cmdlet[c.Name].Reads))} |");

var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
var header = $"{DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, engine concurrency {cores}, {pythonVersion}, " +
             $"{runs} interleaved rounds (+1 warm-up), page cache not cleared, durable writes {(ZarrStoreDefaults.DurableWrites ? "on (one syncfs per save)" : "off")}, load average at the end {load}";
Console.WriteLine();
Console.WriteLine(header);
Console.WriteLine(table);
Directory.CreateDirectory(Path.Combine(repo, "bench", "results"));
File.WriteAllText(Path.Combine(repo, "bench", "results", "latest.md"), header + "\n\n" + table);
return 0;

static IBytesToBytesCodec V2Codec(JsonObject config) => CodecRegistry.FromV2(config, new CodecContext(ZarrDataType.Float64, [chunk]));

static ArrayMetadata V2Array(string path, long length, int chunkLength, IBytesToBytesCodec[] compressors) =>
    new(path, 2, [length], [chunkLength], ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64), ChunkKeyEncoding.V2Dot,
        new CodecChain([], new BytesCodec(false), compressors));

void EnsureWindowArray(string path)
{
    if (File.Exists(Path.Combine(path, ".complete"))) return;
    if (Directory.Exists(path)) Directory.Delete(path, true);
    using var store = new DirectoryStore(path, durable: false);
    NodeStore.Write(store, new GroupMetadata("", 2));
    var meta = new ArrayMetadata("x", 2, [16384, 8192], [512, 256], ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64),
        ChunkKeyEncoding.V2Dot, new CodecChain([], new BytesCodec(false), [new ZstdCodec(1)]));
    NodeStore.Write(store, meta);
    var array = new ZarrArray(store, meta);
    var slab = new double[512, 8192];
    for (var block = 0; block < 32; block++)
    {
        for (var i = 0; i < 512; i++)
        for (var j = 0; j < 8192; j++) slab[i, j] = (block * 512 + i) * 0.001 + j;
        array.Write(slab, Selection.Parse($"{block * 512}:{(block + 1) * 512}, :", 2));
    }
    File.WriteAllText(Path.Combine(path, ".complete"), "");
}

(double Seconds, int Chunks, long Bytes) BenchWindow(string path)
{
    EngineBench.Quiesce();
    var counting = new CountingStore(new DirectoryStore(path, readOnly: true));
    var clock = Stopwatch.StartNew();
    _ = ZarrArray.Open(counting, "x").Read(Selection.Parse("1000:1100, 2000:2100", 2));
    return (clock.Elapsed.TotalSeconds, counting.ChunkGets, counting.ChunkBytes);
}

static (double Compress, double Decompress) ZstdCeiling(double[] values, int chunkLength)
{
    var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
    var chunkBytes = chunkLength * sizeof(double);
    var count = Math.Min(64, bytes.Length / chunkBytes);
    using var compressor = new ZstdSharp.Compressor(3);
    using var decompressor = new ZstdSharp.Decompressor();
    var frames = new byte[count][];
    var lengths = new int[count];
    for (var i = 0; i < count; i++) frames[i] = new byte[ZstdSharp.Compressor.GetCompressBound(chunkBytes)];
    var output = new byte[chunkBytes];
    double compress = double.MaxValue, decompress = double.MaxValue;
    for (var round = 0; round < 8; round++) // best of 7 (round 0 warms up the JIT)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) lengths[i] = compressor.Wrap(bytes.Slice(i * chunkBytes, chunkBytes), frames[i]);
        if (round > 0) compress = Math.Min(compress, sw.Elapsed.TotalSeconds);
        sw.Restart();
        for (var i = 0; i < count; i++) decompressor.Unwrap(frames[i].AsSpan(0, lengths[i]), output);
        if (round > 0) decompress = Math.Min(decompress, sw.Elapsed.TotalSeconds);
    }
    var mb = count * chunkBytes / 1048576.0;
    return (mb / compress, mb / decompress);
}

static double[] RandomWalk(long n, int seed)
{
    var random = new Random(seed);
    var values = new double[n];
    double x = 0;
    for (long i = 0; i < n; i++) values[i] = x += random.NextDouble() - 0.5;
    return values;
}

string RunPython(params string[] arguments)
{
    var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
    info.ArgumentList.Add(Path.Combine(repo, "bench", "python", "zarr_bench.py"));
    foreach (var a in arguments) info.ArgumentList.Add(a);
    using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start /usr/bin/python3 (apt-get install python3-zarr)");
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"zarr_bench.py exited with {process.ExitCode}");
    return output.Trim().Split('\n')[^1];
}

internal sealed record BenchCase(string Name, Func<IBytesToBytesCodec[]> Compressors, string CmdletCompressor);

/// <summary>Write and read seconds, one pair per counted round.</summary>
internal sealed class Series
{
    public List<double> Writes { get; } = [];
    public List<double> Reads { get; } = [];
    public void Add((double Write, double Read) run) { Writes.Add(run.Write); Reads.Add(run.Read); }
    public List<double> Of(string op) => op == "write" ? Writes : Reads;
}
