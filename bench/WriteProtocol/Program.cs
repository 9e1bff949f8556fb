using System.Collections.Specialized;
using System.Diagnostics;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;

// usage: dotnet run -c Release --project bench/WriteProtocol [-- <work dir> <runs>]
// Re-saves (-Force) the same arrays into a directory store three ways and prints the median and range of each:
//   in place        — metadata and chunks written straight into the node (the pre-protocol way, not crash-safe)
//   staged          — the write protocol without syncing (SCITEX_ZARR_DURABLE=0)
//   staged+durable  — the default: staged files made durable (one syncfs on Linux) before the commit record
var work = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "zarr-write-bench"));
var runs = args.Length > 1 ? int.Parse(args[1]) : 5;
Directory.CreateDirectory(work);
var random = new Random(42);
var walk = new double[32L * 1024 * 1024]; // 256 MiB of float64 in 1 MiB chunks
for (long i = 1; i < walk.LongLength; i++) walk[i] = walk[i - 1] + random.NextDouble() - 0.5;
var small = walk.AsSpan(0, 2_000_000).ToArray(); // 10 000 chunks of 200

Console.WriteLine($"| case | in place (s) | staged (s) | staged+durable (s) | durable / in place |");
Console.WriteLine("|---|---:|---:|---:|---:|");
Row("256 MiB float64, 1 MiB chunks, zstd-3", walk, [131072]);
Row("2 000 000 float64, 10 000 chunks of 200, zstd-3", small, [200]);
return 0;

void Row(string label, double[] data, int[] chunks)
{
    var inPlace = Measure(data, chunks, staged: false, durable: false);
    var staged = Measure(data, chunks, staged: true, durable: false);
    var durable = Measure(data, chunks, staged: true, durable: true);
    Console.WriteLine($"| {label} | {Show(inPlace)} | {Show(staged)} | {Show(durable)} | {durable.Median / inPlace.Median:F2}× |");
}

(double Median, double Min, double Max) Measure(double[] data, int[] chunks, bool staged, bool durable)
{
    var path = Path.Combine(work, $"bench-{staged}-{durable}.zarr");
    if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    ZarrStoreDefaults.DurableWrites = durable;
    var options = new SaveOptions { Force = true, ChunkShape = chunks };
    var items = new OrderedDictionary { ["x"] = data };
    var times = new List<double>();
    for (var run = 0; run <= runs; run++) // run 0 warms up
    {
        using var store = new DirectoryStore(path);
        var plan = ValueWriter.Plan(store, "", items, options);
        var clock = Stopwatch.StartNew();
        if (staged) ValueWriter.Execute(plan);
        else WriteInPlace(store, (ValueWriter.PlannedArray)plan.Nodes[0]);
        if (run > 0) times.Add(clock.Elapsed.TotalSeconds);
    }
    times.Sort();
    return (times[times.Count / 2], times[0], times[^1]);
}

static void WriteInPlace(IZarrStore store, ValueWriter.PlannedArray array)
{
    NodeStore.EnsureGroup(store, "", 3);
    NodeStore.Delete(store, array.Path);
    NodeStore.Write(store, array.Metadata);
    new ZarrArray(store, array.Metadata).Write(array.Data, Selection.All(array.Metadata.Rank));
}

static string Show((double Median, double Min, double Max) t) => $"{t.Median:F3} ({t.Min:F3}–{t.Max:F3})";
