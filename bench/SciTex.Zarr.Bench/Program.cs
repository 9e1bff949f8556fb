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

// Writes and reads the same data with the engine and with zarr-python 2.13 (bench/python/zarr_bench.py) in one run:
// local directory stores, same chunking and codec settings, median of N runs, page cache NOT cleared.
// usage: dotnet run -c Release --project bench/SciTex.Zarr.Bench [-- --mib 256 --runs 3 --work DIR --python no]
// (--python no skips zarr-python and the window case: engine-only numbers for quick iterations)
var options = Args.Parse(args);
var repo = Args.FindRepoRoot();
var work = Path.GetFullPath(options.GetValueOrDefault("work") ?? Path.Combine(repo, "bench", "results", "work"));
var mib = int.Parse(options.GetValueOrDefault("mib") ?? "256", CultureInfo.InvariantCulture);
var runs = int.Parse(options.GetValueOrDefault("runs") ?? "3", CultureInfo.InvariantCulture);
var withPython = options.GetValueOrDefault("python") != "no";
const int chunk = 131072; // 1 MiB of float64
Directory.CreateDirectory(work);

var walk = RandomWalk(mib * 131072L, seed: 42);
var data = walk;
var dataFile = Path.Combine(work, "data.f64");
File.WriteAllBytes(dataFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

var cases = new List<(string Name, Func<IBytesToBytesCodec?>? Codec)>
{
    ("zstd-3", () => new ZstdCodec(3)),
    ("lz4", CodecRegistry.V2Ids.Contains("lz4") ? () => CodecRegistry.FromV2(new JsonObject { ["id"] = "lz4", ["acceleration"] = 1 }, new CodecContext(ZarrDataType.Float64, [chunk])) : null),
    ("none", () => null),
    ("blosc-zstd", () => CodecRegistry.FromV2(new JsonObject { ["id"] = "blosc", ["cname"] = "zstd", ["clevel"] = 3, ["shuffle"] = 1, ["blocksize"] = 0 }, new CodecContext(ZarrDataType.Float64, [chunk]))),
};
// The same cases through the cmdlets (Save-Zarr / Import-Zarr, default progress), by the compressor Save-Zarr takes.
var cmdletCompressors = new Dictionary<string, string>
{
    ["zstd-3"] = "@{ name = 'zstd'; level = 3 }", ["lz4"] = "lz4", ["none"] = "none",
    ["blosc-zstd"] = "@{ name = 'blosc'; cname = 'zstd'; clevel = 3; shuffle = 'shuffle' }",
};
var ours = new Dictionary<string, (double Write, double Read, long Stored)>();
foreach (var (name, codec) in cases)
{
    if (codec is null) { Console.WriteLine($"{name}: codec not yet available in the engine"); continue; }
    ours[name] = BenchCase(name, codec);
    Console.WriteLine($"ours {name}: write {ours[name].Write:F3} s, read {ours[name].Read:F3} s");
}

// The zstd ceiling: ZstdSharp alone, one thread, level 3, on the bench's 1 MiB chunks (contexts reused, buffers
// preallocated): cores × these speeds is the most any zstd-3 path built on it can reach.
var (zstdCompressMBs, zstdDecompressMBs) = ZstdCeiling(data, chunk);
Console.WriteLine($"ZstdSharp one thread: compress {zstdCompressMBs:F0} MB/s, decompress {zstdDecompressMBs:F0} MB/s");

var cmdlets = new Dictionary<string, (double Write, double Read)>();
var small = data.AsSpan(0, 2_000_000).ToArray(); // 10 000 chunks of 200 float64: the per-chunk overhead case
(double Write, double Read, long Stored) smallOurs;
(double Write, double Read) smallCmdlets;
using (var bench = new CmdletBench(repo, data))
{
    foreach (var name in ours.Keys)
    {
        cmdlets[name] = bench.SaveAndImport(Path.Combine(work, "cmdlets_" + name), cmdletCompressors[name], chunk, runs);
        Console.WriteLine($"cmdlets {name}: write {cmdlets[name].Write:F3} s, read {cmdlets[name].Read:F3} s");
    }
    smallOurs = BenchCase("small-zstd-3", () => new ZstdCodec(3), small, 200);
    using var smallBench = new CmdletBench(repo, small);
    smallCmdlets = smallBench.SaveAndImport(Path.Combine(work, "cmdlets_small"), cmdletCompressors["zstd-3"], 200, runs);
}
var smallFile = Path.Combine(work, "small.f64");
File.WriteAllBytes(smallFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(small.AsSpan()).ToArray());

// Sharded vs unsharded: the same data as v3 arrays, 16 MiB shards of 1 MiB zstd-3 inner chunks vs 1 MiB zstd-3 chunks.
const int shard = 16 * chunk;
var sharded = BenchV3("sharded", ShardedArrays.Metadata("", [data.LongLength], ZarrDataType.Float64, [shard], [chunk], new ZstdCodec(3)));
var unsharded = BenchV3("unsharded", ShardedArrays.Unsharded("", [data.LongLength], ZarrDataType.Float64, [chunk], new ZstdCodec(3)));
var shardTable = new StringBuilder();
shardTable.AppendLine($"| v3, zstd-3, {mib} MiB float64 | write MB/s | read MB/s | stored MiB |");
shardTable.AppendLine("|---|---:|---:|---:|");
foreach (var (label, r) in new[] { ("16 MiB shards of 1 MiB inner chunks", sharded), ("1 MiB chunks, unsharded", unsharded) })
    shardTable.AppendLine($"| {label} | {mib / r.Write:F0} | {mib / r.Read:F0} | {r.Stored / 1048576.0:F1} |");
shardTable.AppendLine($"| sharded time / unsharded time | {sharded.Write / unsharded.Write:F2}× | {sharded.Read / unsharded.Read:F2}× | |");
if (!withPython)
{
    foreach (var (name, r) in ours) Console.WriteLine($"| {name} | write {mib / r.Write:F0} MB/s | read {mib / r.Read:F0} MB/s |");
    Console.WriteLine(shardTable);
    return 0;
}

var window = Path.Combine(work, "window_1gib");
EnsureWindowArray(window);
var (windowSeconds, windowChunks, windowBytes) = BenchWindow(window);

var python = JsonNode.Parse(RunPython(Path.Combine(repo, "bench", "python", "zarr_bench.py"),
    "--data", dataFile, "--work", work, "--chunk", chunk.ToString(CultureInfo.InvariantCulture), "--runs", runs.ToString(CultureInfo.InvariantCulture),
    "--cases", string.Join(',', ours.Keys), "--window", window))!;

var table = new StringBuilder();
table.AppendLine($"| case ({mib} MiB float64, 1 MiB chunks) | ours MB/s | zarr-python MB/s | ratio | stored MiB (ours / py) |");
table.AppendLine("|---|---:|---:|---:|---:|");
foreach (var (name, result) in ours)
{
    var py = python["cases"]![name]!;
    foreach (var (op, mine, theirs) in new[] { ("write", result.Write, py["write"]!.GetValue<double>()), ("read", result.Read, py["read"]!.GetValue<double>()) })
        table.AppendLine($"| {name} {op} | {mib / mine:F0} | {mib / theirs:F0} | {theirs / mine:F2}× | {result.Stored / 1048576.0:F1} / {py["stored_bytes"]!.GetValue<long>() / 1048576.0:F1} |");
}
table.AppendLine();
table.AppendLine($"| through the cmdlets ({mib} MiB, Save-Zarr / Import-Zarr, default progress) | cmdlets MB/s | cmdlets / zarr-python | cmdlets / engine |");
table.AppendLine("|---|---:|---:|---:|");
foreach (var (name, result) in cmdlets)
{
    var py = python["cases"]![name]!;
    table.AppendLine($"| {name} write | {mib / result.Write:F0} | {py["write"]!.GetValue<double>() / result.Write:F2}× | {ours[name].Write / result.Write:F2}× |");
    table.AppendLine($"| {name} read | {mib / result.Read:F0} | {py["read"]!.GetValue<double>() / result.Read:F2}× | {ours[name].Read / result.Read:F2}× |");
}
table.AppendLine();
table.AppendLine("| ZstdSharp 0.8.8 alone, level 3, 1 MiB chunks, one thread | MB/s | × cores (ceiling) | engine zstd-3 / ceiling | cmdlets zstd-3 / ceiling |");
table.AppendLine("|---|---:|---:|---:|---:|");
var cores = ZarrConfig.Concurrency;
table.AppendLine($"| compress | {zstdCompressMBs:F0} | {zstdCompressMBs * cores:F0} | {mib / ours["zstd-3"].Write / (zstdCompressMBs * cores):P0} | {mib / cmdlets["zstd-3"].Write / (zstdCompressMBs * cores):P0} |");
table.AppendLine($"| decompress | {zstdDecompressMBs:F0} | {zstdDecompressMBs * cores:F0} | {mib / ours["zstd-3"].Read / (zstdDecompressMBs * cores):P0} | {mib / cmdlets["zstd-3"].Read / (zstdDecompressMBs * cores):P0} |");
var smallPython = JsonNode.Parse(RunPython(Path.Combine(repo, "bench", "python", "zarr_bench.py"),
    "--data", smallFile, "--work", work, "--chunk", "200", "--runs", runs.ToString(CultureInfo.InvariantCulture), "--cases", "zstd-3", "--window", window))!["cases"]!["zstd-3"]!;
table.AppendLine();
table.AppendLine("| 2 000 000 float64 in 10 000 chunks of 200, zstd-3 | engine s | cmdlets s | zarr-python s | engine / py | cmdlets / py |");
table.AppendLine("|---|---:|---:|---:|---:|---:|");
foreach (var (op, engine, cmdlet, py) in new[] { ("write", smallOurs.Write, smallCmdlets.Write, smallPython["write"]!.GetValue<double>()), ("read", smallOurs.Read, smallCmdlets.Read, smallPython["read"]!.GetValue<double>()) })
    table.AppendLine($"| {op} | {engine:F3} | {cmdlet:F3} | {py:F3} | {py / engine:F2}× | {py / cmdlet:F2}× |");
foreach (var (name, codec) in cases.Where(c => c.Codec is null)) table.AppendLine($"| {name} | codec not yet available | | | |");
var pw = python["window"]!;
table.AppendLine();
table.AppendLine("| 100×100 window from a 1 GiB float64 array (16384×8192, 512×256 chunks, zstd-1) | time ms | chunks read | bytes read |");
table.AppendLine("|---|---:|---:|---:|");
table.AppendLine($"| ours | {windowSeconds * 1000:F2} | {windowChunks} | {windowBytes} |");
table.AppendLine($"| zarr-python | {pw["seconds"]!.GetValue<double>() * 1000:F2} | {pw["chunks"]} | {pw["bytes"]} |");
table.AppendLine();
table.Append(shardTable);
var header = $"{DateTime.Now:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, engine concurrency {ZarrConfig.Concurrency}, {python["version"]}, median of {runs}, page cache not cleared";
Console.WriteLine();
Console.WriteLine(header);
Console.WriteLine(table);
Directory.CreateDirectory(Path.Combine(repo, "bench", "results"));
File.WriteAllText(Path.Combine(repo, "bench", "results", "latest.md"), header + "\n\n" + table);
return 0;

(double Write, double Read, long Stored) BenchCase(string name, Func<IBytesToBytesCodec?> codec, double[]? values = null, int chunkLength = chunk)
{
    var data = values ?? walk;
    var chunk = chunkLength;
    var path = Path.Combine(work, "ours_" + name);
    var writes = new List<double>();
    var reads = new List<double>();
    // Run 0 is a warm-up (JIT tiering of the managed codecs) and is not counted; zarr_bench.py does the same.
    for (var run = 0; run <= runs; run++)
    {
        if (Directory.Exists(path)) Directory.Delete(path, true);
        using var store = new DirectoryStore(path);
        var c = codec();
        var meta = new ArrayMetadata("", 2, [data.LongLength], [chunk], ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64),
            ChunkKeyEncoding.V2Dot, new CodecChain([], new BytesCodec(false), c is null ? [] : [c]));
        NodeStore.Write(store, meta);
        // zarr-python 2 stores every chunk (write_empty_chunks=True); do the same so both write the same files.
        var array = new ZarrArray(store, meta) { WriteEmptyChunks = true };
        var write = Time(() => array.Write(data));
        double[] back = [];
        var read = Time(() => back = (double[])ZarrArray.Open(new DirectoryStore(path, readOnly: true), "").Read());
        if (run > 0) { writes.Add(write); reads.Add(read); }
        if (run == 0 && !back.AsSpan().SequenceEqual(data)) throw new InvalidOperationException($"{name}: read-back differs from the data");
    }
    var stored = Directory.EnumerateFiles(path).Sum(f => new FileInfo(f).Length);
    return (Median(writes), Median(reads), stored);
}

(double Write, double Read, long Stored) BenchV3(string name, ArrayMetadata meta)
{
    var path = Path.Combine(work, "ours_" + name);
    var writes = new List<double>();
    var reads = new List<double>();
    for (var run = 0; run <= runs; run++) // run 0 is a warm-up
    {
        if (Directory.Exists(path)) Directory.Delete(path, true);
        using var store = new DirectoryStore(path);
        NodeStore.Write(store, meta);
        var array = new ZarrArray(store, meta);
        var write = Time(() => array.Write(data));
        double[] back = [];
        var read = Time(() => back = (double[])ZarrArray.Open(new DirectoryStore(path, readOnly: true), "").Read());
        if (run > 0) { writes.Add(write); reads.Add(read); }
        if (run == 0 && !back.AsSpan().SequenceEqual(data)) throw new InvalidOperationException($"{name}: read-back differs from the data");
    }
    var stored = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    Console.WriteLine($"ours {name}: write {Median(writes):F3} s, read {Median(reads):F3} s");
    return (Median(writes), Median(reads), stored);
}

void EnsureWindowArray(string path)
{
    if (File.Exists(Path.Combine(path, ".complete"))) return;
    if (Directory.Exists(path)) Directory.Delete(path, true);
    using var store = new DirectoryStore(path);
    var meta = new ArrayMetadata("", 2, [16384, 8192], [512, 256], ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64),
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
    var times = new List<double>();
    CountingStore? counting = null;
    for (var run = 0; run <= runs; run++)
    {
        counting = new CountingStore(new DirectoryStore(path, readOnly: true));
        var store = counting;
        var seconds = Time(() => ZarrArray.Open(store, "").Read(Selection.Parse("1000:1100, 2000:2100", 2)));
        if (run > 0) times.Add(seconds);
    }
    return (Median(times), counting!.ChunkGets, counting.ChunkBytes);
}

static (double Compress, double Decompress) ZstdCeiling(double[] values, int chunkLength)
{
    var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
    var chunkBytes = chunkLength * sizeof(double);
    var count = Math.Min(64, bytes.Length / chunkBytes);
    using var compressor = new ZstdSharp.Compressor(3);
    using var decompressor = new ZstdSharp.Decompressor();
    var frames = new byte[count][];
    var scratch = new byte[ZstdSharp.Compressor.GetCompressBound(chunkBytes)];
    var output = new byte[chunkBytes];
    double compress = double.MaxValue, decompress = double.MaxValue;
    for (var round = 0; round < 4; round++) // best of 4 (round 0 warms up the JIT)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var n = compressor.Wrap(bytes.Slice(i * chunkBytes, chunkBytes), scratch);
            frames[i] = scratch.AsSpan(0, n).ToArray();
        }
        if (round > 0) compress = Math.Min(compress, sw.Elapsed.TotalSeconds);
        sw.Restart();
        for (var i = 0; i < count; i++) decompressor.Unwrap(frames[i], output);
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

static double Time(Action action)
{
    var sw = Stopwatch.StartNew();
    action();
    return sw.Elapsed.TotalSeconds;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static string RunPython(string script, params string[] args)
{
    var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
    info.ArgumentList.Add(script);
    foreach (var a in args) info.ArgumentList.Add(a);
    using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start /usr/bin/python3 (apt-get install python3-zarr)");
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"zarr_bench.py exited with {process.ExitCode}");
    return output.Trim().Split('\n')[^1];
}
