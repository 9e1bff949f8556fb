using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Bench;

/// <summary>
/// How cost grows: a 10 000-node hierarchy walked by Get-ZarrTree (listed, and from consolidated metadata), a group of
/// 1 000 small arrays imported at once, 1 GiB and 4 GiB arrays read whole (time and peak RSS over the process's
/// baseline, each in a fresh child process), and module import to the first Get-ZarrTree in a fresh pwsh — each
/// beside zarr-python 2.13 doing the same.
/// </summary>
internal sealed class ScalingBench(string repo, string work, int runs, Func<string[], string> runPython, int[] largeGiB)
{
    private readonly string _manifest = Path.Combine(repo, "out", "SciTex.Zarr", "SciTex.Zarr.psd1");

    public string Run(CmdletBench cmdlets)
    {
        var table = new StringBuilder();
        table.AppendLine("| scaling (cmdlets in the hosted engine; zarr-python 2.13) | ours ms, median (range) | zarr-python ms | ours / py speed |");
        table.AppendLine("|---|---:|---:|---:|");
        var tree = EnsureHierarchy(Path.Combine(work, "tree_10k"), consolidated: false);
        var treeConsolidated = EnsureHierarchy(Path.Combine(work, "tree_10k_consolidated"), consolidated: true);
        foreach (var (label, path, consolidated) in new[] { ("Get-ZarrTree, 10 000 nodes, listed", tree, false), ("Get-ZarrTree, 10 000 nodes, consolidated", treeConsolidated, true) })
        {
            var ours = Repeat(() => cmdlets.Time($"$n = @(Get-ZarrTree -Path '{path}').Count; if ($n -lt 10000) {{ throw \"$n nodes\" }}"));
            var py = Repeat(() => Python("--scaling", "tree", "--path", path, consolidated ? "--consolidated" : "")["seconds"]!.GetValue<double>());
            table.AppendLine(Row(label, ours, py));
        }
        var group = EnsureGroup(Path.Combine(work, "group_1000"));
        var groupOurs = Repeat(() => cmdlets.Time($"$back = Import-Zarr -Path '{group}'; if (@($back.PSObject.Properties).Count -lt 1000) {{ throw 'short group' }}"));
        var groupPy = Repeat(() => Python("--scaling", "group", "--path", group)["seconds"]!.GetValue<double>());
        table.AppendLine(Row("Import-Zarr of a group of 1 000 arrays (1 000 float64 each, zstd-3)", groupOurs, groupPy));
        var import = Repeat(() => ModuleImport(tree: Path.Combine(work, "group_1000")));
        var importPy = Repeat(() => PythonImport(Path.Combine(work, "group_1000")));
        table.AppendLine(Row("fresh process: Import-Module to first Get-ZarrTree (1 001 nodes) / import zarr to first walk", import, importPy));

        table.AppendLine();
        table.AppendLine("| whole-array read, fresh process (float64, 1 MiB zstd-3 chunks) | ours s | ours peak − baseline MiB | zarr-python s | py peak − baseline MiB | ours / py speed |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var gib in largeGiB)
        {
            var path = EnsureLarge(Path.Combine(work, $"large_{gib}gib"), gib);
            var ours = Enumerable.Range(0, runs).Select(_ => ReadInChild(path, streamed: gib >= 2)).ToList();
            var py = Enumerable.Range(0, runs).Select(_ => Python("--scaling", "read", "--path", Path.Combine(path, "x"))).Select(j =>
                (Seconds: j["seconds"]!.GetValue<double>(), Growth: (j["peak_kib"]!.GetValue<long>() - j["baseline_kib"]!.GetValue<long>()) / 1024.0)).ToList();
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {gib} GiB{(gib >= 2 ? " (ours: Get-ZarrSlice -Stream, blocks; one array holds at most 2 GiB)" : "")} | {Stats.Median(ours.Select(o => o.Seconds)):F2} | {Stats.Median(ours.Select(o => o.Growth)):F0} | {Stats.Median(py.Select(p => p.Seconds)):F2} | {Stats.Median(py.Select(p => p.Growth)):F0} | {Stats.Ratio(Stats.Ratios(py.Select(p => p.Seconds).ToList(), ours.Select(o => o.Seconds).ToList()))} |"));
        }
        return table.ToString();
    }

    private List<double> Repeat(Func<double> measure)
    {
        measure(); // warm-up
        return Enumerable.Range(0, runs).Select(_ => measure()).ToList();
    }

    private static string Row(string label, List<double> ours, List<double> py) =>
        $"| {label} | {Stats.Ms(ours)} | {Stats.Ms(py)} | {Stats.Ratio(Stats.Ratios(py, ours))} |";

    private JsonNode Python(params string[] args) => JsonNode.Parse(runPython(args.Where(a => a.Length > 0).ToArray()))!;

    /// <summary>10 000 nodes: 100 groups, each with a subgroup and 98 small arrays (metadata only, fill-value chunks).</summary>
    private static string EnsureHierarchy(string path, bool consolidated)
    {
        if (File.Exists(Path.Combine(path, ".complete"))) return path;
        if (Directory.Exists(path)) Directory.Delete(path, true);
        using var store = new DirectoryStore(path);
        NodeStore.Write(store, new GroupMetadata("", 2));
        for (var g = 0; g < 100; g++)
        {
            NodeStore.Write(store, new GroupMetadata($"g{g}", 2));
            NodeStore.Write(store, new GroupMetadata($"g{g}/sub", 2));
            for (var a = 0; a < 98; a++)
                NodeStore.Write(store, Array1D($"g{g}/a{a}", 10, 10, null));
        }
        if (consolidated) ConsolidatedMetadata.Write(store);
        File.WriteAllText(Path.Combine(path, ".complete"), "");
        return path;
    }

    private static string EnsureGroup(string path)
    {
        if (File.Exists(Path.Combine(path, ".complete"))) return path;
        if (Directory.Exists(path)) Directory.Delete(path, true);
        using var store = new DirectoryStore(path);
        NodeStore.Write(store, new GroupMetadata("", 2));
        var values = new double[1000];
        for (var a = 0; a < 1000; a++)
        {
            for (var i = 0; i < values.Length; i++) values[i] = a + i * 0.001;
            var metadata = Array1D($"a{a}", 1000, 1000, new ZstdCodec(3));
            NodeStore.Write(store, metadata);
            new ZarrArray(store, metadata).Write(values);
        }
        File.WriteAllText(Path.Combine(path, ".complete"), "");
        return path;
    }

    /// <summary>A float64 random walk of <paramref name="gib"/> GiB, 1 MiB zstd-3 chunks, written in 256 MiB slabs.</summary>
    private static string EnsureLarge(string path, int gib)
    {
        if (File.Exists(Path.Combine(path, ".complete"))) return path;
        if (Directory.Exists(path)) Directory.Delete(path, true);
        using var store = new DirectoryStore(path, durable: false);
        var length = gib * 134217728L;
        var metadata = Array1D("x", length, 131072, new ZstdCodec(3));
        NodeStore.Write(store, new GroupMetadata("", 2));
        NodeStore.Write(store, metadata);
        var array = new ZarrArray(store, metadata);
        var slab = new double[33554432];
        var random = new Random(7);
        double x = 0;
        for (long start = 0; start < length; start += slab.Length)
        {
            for (var i = 0; i < slab.Length; i++) slab[i] = x += random.NextDouble() - 0.5;
            array.Write(slab, new Selection([AxisSelection.Slice(start, start + slab.Length)]));
        }
        File.WriteAllText(Path.Combine(path, ".complete"), "");
        return path;
    }

    private static ArrayMetadata Array1D(string path, long length, int chunk, IBytesToBytesCodec? compressor) =>
        new(path, 2, [length], [chunk], ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64), ChunkKeyEncoding.V2Dot,
            new CodecChain([], new BytesCodec(false), compressor is null ? [] : [compressor]));

    /// <summary>
    /// Import-Zarr of the whole array in a fresh pwsh (or, past what one .NET array of bytes can hold, every block of
    /// Get-ZarrSlice -Stream): seconds, and VmHWM minus the VmRSS just before it.
    /// </summary>
    private (double Seconds, double Growth) ReadInChild(string path, bool streamed)
    {
        var read = streamed
            ? $"$n = 0L; Get-ZarrSlice -Path '{path}' -Key x -Stream | ForEach-Object {{ $n += $_.Length }}; if ($n -eq 0) {{ throw 'empty' }}"
            : $"$x = Import-Zarr -Path '{path}' -Key x";
        var output = Pwsh($$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{_manifest}}'
            function Kib($field) { [long](((Get-Content /proc/self/status) -match "^$($field):")[0] -split '\s+')[1] }
            [GC]::Collect()
            $baseline = Kib VmRSS
            $clock = [Diagnostics.Stopwatch]::StartNew()
            {{read}}
            $seconds = $clock.Elapsed.TotalSeconds
            '{0} {1} {2}' -f $seconds.ToString([cultureinfo]::InvariantCulture), $baseline, (Kib VmHWM)
            """);
        var parts = output.Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), (long.Parse(parts[2], CultureInfo.InvariantCulture) - long.Parse(parts[1], CultureInfo.InvariantCulture)) / 1024.0);
    }

    private double ModuleImport(string tree) => double.Parse(Pwsh($"""
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Import-Module '{_manifest}'
        $null = Get-ZarrTree -Path '{tree}'
        $clock.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)
        """), CultureInfo.InvariantCulture);

    private double PythonImport(string tree)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"import time; t = time.perf_counter(); import zarr; g = zarr.open_group(zarr.DirectoryStore({Quote(tree)}), mode='r'); n = []; g.visititems(lambda k, v: n.append(k)); print(time.perf_counter() - t)");
        return double.Parse(RunChild(info), CultureInfo.InvariantCulture);
    }

    private static string Quote(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    /// <summary>Runs a script in a fresh `dotnet pwsh` (the PowerShell tool pinned in .config/dotnet-tools.json); its last output line.</summary>
    private string Pwsh(string script)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = repo };
        foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", script }) info.ArgumentList.Add(a);
        return RunChild(info);
    }

    private static string RunChild(ProcessStartInfo info)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {info.FileName}");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList.Take(2))} exited with {process.ExitCode}: {output}");
        return output.Trim().Split('\n')[^1].Trim();
    }
}
