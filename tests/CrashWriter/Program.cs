using System.Diagnostics;
using SciTex.Zarr.CrashSafety;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.Engine.Stores.Staging;
using SciTex.Zarr.Engine.Values;

// Usage:
//   CrashWriter <store> <generation> <zarr-format> [<step> <node>|*]
//       Saves generation N of the test data with -Force semantics.
//   CrashWriter append <store> <first> <count> [<step>[@<n>] <node>|*]
//       Appends InPlaceData.AppendBlock(a) for a = first … first + count - 1 to the array 'log', one append each.
//   CrashWriter region <store> <generation> <r0> <r1> <c0> <c1> [<step>[@<n>] <node>|*]
//       Writes generation N into rows [r0, r1) × columns [c0, c1) of the array 'grid'; prints "chunk" after each chunk.
//   CrashWriter shared <store> aligned|rows <writer> [nolock]
//       Prints "ready", waits for "go" on stdin, then writes its 50 regions of the array 'shared', one call each
//       (nolock: without taking the array's lock, the control experiment for lost read-modify-write updates).
// With a step (and node, or "*"), the writer kills itself with SIGKILL the moment the write protocol reaches that
// step for that node (the n-th time, with @n): a crash at an exact instant.
var usage = "usage: CrashWriter <store> <generation> <zarr-format> [<step> <node>|*] | append <store> <first> <count> [<step>[@n] <node>] | "
    + "region <store> <generation> <r0> <r1> <c0> <c1> [<step>[@n] <node>] | shared <store> aligned|rows <writer> [nolock]";

// s3:// and az:// stores (the object-store kill tests); their options (endpoint, connection string, lease) come as a
// JSON object in SCITEX_CRASHWRITER_STORE_OPTIONS, never on the command line.
StoreFactory.Register(StoreUrl.S3, (url, options, readOnly) => SciTex.Zarr.Stores.S3.S3Store.Open(url, options, readOnly));
StoreFactory.Register(StoreUrl.Azure, (url, options, readOnly) => SciTex.Zarr.Stores.Azure.AzureBlobStore.Open(url, options, readOnly));
var storeOptions = Environment.GetEnvironmentVariable("SCITEX_CRASHWRITER_STORE_OPTIONS") is { Length: > 0 } json
    ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(json)! : new Dictionary<string, string?>();
IZarrStore Open(string path) => StoreFactory.IsUrl(path) ? StoreFactory.OpenOrCreate(path, false, storeOptions) : new DirectoryStore(path);

void KillAt(string spec, string node, bool reportChunks = false)
{
    var at = spec.Split('@');
    var (step, nth) = (at[0], at.Length > 1 ? int.Parse(at[1]) : 1);
    var seen = 0;
    WriteProtocol.StepReached = (reached, path) =>
    {
        if (reached == step && (node == "*" || node == path) && Interlocked.Increment(ref seen) >= nth) Process.GetCurrentProcess().Kill();
        if (reportChunks && reached == WriteProtocol.ChunkWritten) Console.Out.WriteLine("chunk"); // progress, for kills timed by it
    };
}

void Ready()
{
    Console.Out.WriteLine("ready");
    Console.Out.Flush();
}

switch (args.FirstOrDefault())
{
    case "append" when args.Length is 4 or 6:
    {
        var (first, count) = (int.Parse(args[2]), int.Parse(args[3]));
        if (args.Length == 6) KillAt(args[4], args[5]);
        Ready();
        using var store = Open(args[1]);
        for (var attempt = first; attempt < first + count; attempt++)
            Console.Out.WriteLine($"appended {ArrayGrowth.Append(store, InPlaceData.LogKey, InPlaceData.AppendBlock(attempt))[0]}");
        return 0;
    }
    case "region" when args.Length is 7 or 9:
    {
        var n = args[2..7].Select(int.Parse).ToArray();
        KillAt(args.Length == 9 ? args[7] : "never", args.Length == 9 ? args[8] : "", reportChunks: true);
        Ready();
        using var store = new DirectoryStore(args[1]);
        var block = InPlaceData.GridBlock(n[0], n[1], n[2], n[3], n[4]);
        RegionWriter.WriteRegion(store, InPlaceData.GridKey, _ => (new Selection([AxisSelection.Slice(n[1], n[2]), AxisSelection.Slice(n[3], n[4])]), block));
        Console.Out.WriteLine("written");
        return 0;
    }
    case "shared" when args.Length is 4 or 5:
    {
        var aligned = args[2] == "aligned";
        var writer = int.Parse(args[3]);
        Ready();
        if (Console.In.ReadLine() != "go") return 65;
        // "nolock": the control experiment, the same writes without the array lock (expect lost updates on shared chunks).
        using IZarrStore store = args.Length == 5 && args[4] == "nolock" ? new Unlocked(new DirectoryStore(args[1])) : new DirectoryStore(args[1]);
        for (var r = 0; r < InPlaceData.RegionsPerWriter; r++)
        {
            var (r0, r1, c0, c1) = InPlaceData.SharedRegion(aligned, writer, r);
            var block = InPlaceData.SharedBlock(aligned, writer, r);
            RegionWriter.WriteRegion(store, InPlaceData.SharedKey, _ => (new Selection([AxisSelection.Slice(r0, r1), AxisSelection.Slice(c0, c1)]), block));
        }
        Console.Out.WriteLine("written");
        return 0;
    }
    case "append" or "region" or "shared":
        Console.Error.WriteLine(usage);
        return 64;
}

if (args.Length is not (3 or 5))
{
    Console.Error.WriteLine(usage);
    return 64;
}
var storePath = args[0];
var generation = int.Parse(args[1]);
var format = int.Parse(args[2]);
if (args.Length == 5) KillAt(args[3], args[4]);
Ready();
using (var store = StoreFactory.IsUrl(storePath) ? StoreFactory.OpenOrCreate(storePath, false, storeOptions) : StoreFactory.OpenOrCreate(storePath))
{
    var plan = ValueWriter.Plan(store, "", Generations.Value(generation), new SaveOptions { ZarrFormat = format, Force = true, ChunkShapes = Generations.ChunkShapes });
    ValueWriter.Execute(plan);
}
Console.Out.WriteLine("saved");
return 0;

/// <summary>A directory store whose node lock locks nothing.</summary>
internal sealed class Unlocked(IZarrStore inner) : SciTex.Zarr.Tests.Stores.DelegatingStore(inner)
{
    public override IDisposable LockNode(string nodePath) => NodeLock.None;
}
