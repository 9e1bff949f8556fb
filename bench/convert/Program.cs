using System.Diagnostics;
using System.Text.Json;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Conversion;
using SciTex.Zarr.Engine.Stores;

// Converting a large HDF5 dataset: peak memory and time of ConvertTo-Zarr's engine against h5py + zarr-python.
//   dotnet run -c Release --project bench/convert [-- --mib 2048 --compression gzip|none --work DIR]
// The conversion runs in a child process of this program ("convert" mode) so its peak RSS (VmHWM) is its own.

const string ChildMarker = "SCITEX_CONVERT_BENCH_CHILD";
if (args.Length == 4 && args[0] == "convert") return Convert(args[1], args[2], int.Parse(args[3]));
// A child never orchestrates: a wrong argument list must fail, not start another round of children.
if (Environment.GetEnvironmentVariable(ChildMarker) is not null) throw new ArgumentException($"child run with unexpected arguments: {string.Join(' ', args)}");

var mib = Option("--mib", "2048");
var compression = Option("--compression", "gzip");
var work = Option("--work", Path.Combine(Path.GetTempPath(), "scitex-convert-bench"));
Directory.CreateDirectory(work);
var source = Path.Combine(work, $"bench-{mib}MiB-{compression}.h5");
var scripts = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..")); // bench/convert
if (!File.Exists(source))
{
    Console.WriteLine($"Writing {source} with h5py ({mib} MiB float64, chunks 256 x 1024, {compression}) ...");
    Run("/usr/bin/python3", Path.Combine(scripts, "make_input.py"), source, mib, compression);
}

var results = new List<(string Name, double Seconds, double PeakMiB)>();
foreach (var format in new[] { 2, 3 })
{
    var store = Path.Combine(work, $"ours-v{format}.zarr");
    if (Directory.Exists(store)) Directory.Delete(store, true);
    // The apphost takes the mode directly; the dotnet muxer needs the dll first.
    var self = Environment.ProcessPath!;
    string[] childArgs = Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? [Path.Combine(AppContext.BaseDirectory, "ConvertBench.dll"), "convert", source, store, format.ToString()]
        : ["convert", source, store, format.ToString()];
    var json = Run(self, childArgs);
    var r = JsonDocument.Parse(json).RootElement;
    results.Add(($"SciTex.Zarr engine, Zarr v{format}", r.GetProperty("seconds").GetDouble(), r.GetProperty("peak_mib").GetDouble()));
}
{
    var store = Path.Combine(work, "python-v2.zarr");
    if (Directory.Exists(store)) Directory.Delete(store, true);
    var r = JsonDocument.Parse(Run("/usr/bin/python3", Path.Combine(scripts, "baseline.py"), source, store, "data")).RootElement;
    results.Add(("h5py read + zarr-python 2.13 write, v2", r.GetProperty("seconds").GetDouble(), r.GetProperty("peak_mib").GetDouble()));
}

Console.WriteLine($"\nInput: {source} ({new FileInfo(source).Length / (1 << 20)} MiB on disk, {mib} MiB of data), {Environment.ProcessorCount} cores");
Console.WriteLine($"{"converter",-42} {"seconds",8} {"peak RSS MiB",13} {"MiB/s",8}");
foreach (var (name, seconds, peak) in results)
    Console.WriteLine($"{name,-42} {seconds,8:F1} {peak,13:F0} {double.Parse(mib) / seconds,8:F0}");
return 0;

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string Run(string file, params string[] arguments)
{
    var start = new ProcessStartInfo(file) { RedirectStandardOutput = true };
    start.Environment[ChildMarker] = "1";
    foreach (var a in arguments) start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode})");
    return output;
}

static int Convert(string source, string store, int format)
{
    var clock = Stopwatch.StartNew();
    FileConverter.Convert(source, store, null, force: true, new ConversionOptions { ZarrFormat = format });
    var seconds = clock.Elapsed.TotalSeconds;
    // Spot-check a few values so a fast wrong answer cannot pass as a result.
    using (var zarr = new DirectoryStore(store, readOnly: true))
    {
        var array = ZarrArray.Open(zarr, "data");
        foreach (var row in new long[] { 0, array.Shape[0] / 2, array.Shape[0] - 1 })
        {
            var value = (double[])array.Read(SciTex.Zarr.Engine.Chunking.Selection.Parse($"{row}, 5:6", 2));
            if (value[0] != Expected(row * 1024 + 5)) throw new InvalidOperationException($"wrong value at [{row}, 5]: {value[0]}");
        }
    }
    var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:"));
    var kib = double.Parse(peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    Console.WriteLine(JsonSerializer.Serialize(new { seconds, peak_mib = kib / 1024 }));
    return 0;
}

// Must match make_input.py.
static double Expected(long index) => (index % 100_003) * 0.25;
