using System.Diagnostics;
using SciTex.Zarr.CrashSafety;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;
using SciTex.Zarr.Engine.Values;

// Usage: CrashWriter <store> <generation> <zarr-format> [<step> <node>]
// Saves generation N of the test data with -Force semantics. With a step (and node, or "*"), kills itself with
// SIGKILL the moment the write protocol reaches that step for that node: a crash at an exact instant.
if (args.Length is not (3 or 5))
{
    Console.Error.WriteLine("usage: CrashWriter <store> <generation> <zarr-format> [<step> <node>|*]");
    return 64;
}
var storePath = args[0];
var generation = int.Parse(args[1]);
var format = int.Parse(args[2]);
if (args.Length == 5)
{
    var (step, node) = (args[3], args[4]);
    WriteProtocol.StepReached = (reached, path) =>
    {
        if (reached == step && (node == "*" || node == path)) Process.GetCurrentProcess().Kill();
    };
}
Console.Out.WriteLine("ready");
Console.Out.Flush();
using var store = StoreFactory.OpenOrCreate(storePath);
var plan = ValueWriter.Plan(store, "", Generations.Value(generation), new SaveOptions { ZarrFormat = format, Force = true, ChunkShapes = Generations.ChunkShapes });
ValueWriter.Execute(plan);
Console.Out.WriteLine("saved");
return 0;
