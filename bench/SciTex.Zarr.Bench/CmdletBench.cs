using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SciTex.Zarr.Bench;

/// <summary>
/// The same saves and reads as the engine cases, through the cmdlets (Save-Zarr / Import-Zarr / Get-ZarrSlice /
/// Get-ZarrTree) in a hosted PowerShell 7.6 runspace with the built module imported and progress at its default
/// ('Continue'): what users actually run. Data is handed in as a variable, so PowerShell does no conversion work the
/// engine cases do not do.
/// </summary>
internal sealed class CmdletBench : IDisposable
{
    private readonly Runspace _runspace;

    public CmdletBench(string repo)
    {
        var manifest = Path.Combine(repo, "out", "SciTex.Zarr", "SciTex.Zarr.psd1");
        if (!File.Exists(manifest)) throw new FileNotFoundException("Build the module first (dotnet build)", manifest);
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(manifest);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        _runspace.SessionStateProxy.SetVariable("ProgressPreference", ActionPreference.Continue);
    }

    public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>Seconds for one run of <paramref name="script"/> (after the previous results are collected); throws on any error record.</summary>
    public double Time(string script, bool sync = false)
    {
        Run("$back = $null; [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()");
        if (sync) EngineBench.SyncDisks();
        var clock = Stopwatch.StartNew();
        Run(script);
        return clock.Elapsed.TotalSeconds;
    }

    public System.Collections.ObjectModel.Collection<PSObject> Run(string script)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        var output = shell.Invoke();
        if (shell.HadErrors) throw new InvalidOperationException($"{script}: {string.Join("; ", shell.Streams.Error)}");
        return output;
    }

    /// <summary>One Save-Zarr of $data as key x of a fresh store, then one Import-Zarr of it.</summary>
    public (double Write, double Read) SaveAndImport(string path, string compressor, string chunkShape, int format = 2, string? shardShape = null)
    {
        if (Directory.Exists(path)) Directory.Delete(path, true);
        var shards = shardShape is null ? "" : $" -ShardShape {shardShape}";
        var write = Time($"Save-Zarr -Path '{path}' -InputObject @{{ x = $data }} -ZarrFormat {format} -ChunkShape {chunkShape}{shards} -Compressor {compressor}", sync: true);
        var read = Time($"$back = Import-Zarr -Path '{path}' -Key x; if ($back.Length -ne $data.Length) {{ throw 'short read' }}");
        return (write, read);
    }

    public void Dispose() => _runspace.Dispose();
}
