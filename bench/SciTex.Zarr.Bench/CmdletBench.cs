using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SciTex.Zarr.Bench;

/// <summary>
/// The same saves and reads as the engine cases, through the cmdlets (Save-Zarr / Import-Zarr / Get-ZarrSlice) in
/// a hosted PowerShell 7.6 runspace with the built module imported and progress at its default ('Continue'):
/// what users actually run. Data is handed in as a variable, so PowerShell does no conversion work the engine
/// cases do not do.
/// </summary>
internal sealed class CmdletBench : IDisposable
{
    private readonly Runspace _runspace;

    public CmdletBench(string repo, double[] data)
    {
        var manifest = Path.Combine(repo, "out", "SciTex.Zarr", "SciTex.Zarr.psd1");
        if (!File.Exists(manifest)) throw new FileNotFoundException("Build the module first (dotnet build)", manifest);
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(manifest);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        _runspace.SessionStateProxy.SetVariable("data", data);
        _runspace.SessionStateProxy.SetVariable("ProgressPreference", ActionPreference.Continue);
    }

    /// <summary>Seconds for one run of <paramref name="script"/>; throws on any error record.</summary>
    public double Time(string script)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        var clock = Stopwatch.StartNew();
        shell.Invoke();
        var seconds = clock.Elapsed.TotalSeconds;
        if (shell.HadErrors) throw new InvalidOperationException($"{script}: {string.Join("; ", shell.Streams.Error)}");
        return seconds;
    }

    /// <summary>Median write and read seconds of Save-Zarr / Import-Zarr (run 0 is a warm-up).</summary>
    public (double Write, double Read) SaveAndImport(string path, string compressor, int chunk, int runs, int format = 2)
    {
        var writes = new List<double>();
        var reads = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            if (Directory.Exists(path)) Directory.Delete(path, true);
            var write = Time($"Save-Zarr -Path '{path}' -InputObject @{{ x = $data }} -ZarrFormat {format} -ChunkShape {chunk} -Compressor {compressor}");
            var read = Time($"$back = Import-Zarr -Path '{path}' -Key x; if ($back.Length -ne $data.Length) {{ throw 'short read' }}");
            if (run > 0) { writes.Add(write); reads.Add(read); }
        }
        return (Median(writes), Median(reads));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    public void Dispose() => _runspace.Dispose();
}
