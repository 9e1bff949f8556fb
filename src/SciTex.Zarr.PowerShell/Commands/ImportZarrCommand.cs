using System.Management.Automation;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Output;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// Import-Zarr: loads a store, a group or an array. Arrays come back as one typed .NET array of their rank (never
/// unrolled), groups as PSCustomObjects (or ordered hashtables), tables as their records; every result carries its
/// attributes in a ZarrAttributes note property.
/// </summary>
[Cmdlet(VerbsData.Import, "Zarr", DefaultParameterSetName = PathSet)]
[OutputType(typeof(PSObject), typeof(Array))]
public sealed class ImportZarrCommand : ZarrNodeCommandBase
{
    /// <summary>Groups as ordered dictionaries instead of PSCustomObjects (keys that differ only in case survive).</summary>
    [Parameter]
    public SwitchParameter AsHashtable { get; set; }

    protected override void ProcessNodes()
    {
        foreach (var storePath in ResolveExistingPaths())
        {
            TryEngine(() =>
            {
                using var store = OpenStore(storePath);
                var progress = new ProgressReporter(this, 2, $"Import-Zarr {storePath}");
                LoadedNode node;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    node = ValueReader.Load(store, StoreKeys.NormalizePath(Key, store.Name), (done, total) => progress.Report(done, total, "Reading chunks"));
                }
                finally
                {
                    progress.Complete();
                }
                var (groups, arrays, chunks, bytes) = WorkSummary.Of(node);
                WriteVerbose($"Read {WorkSummary.Nodes(groups, arrays)} from {storePath} (key '{(node.Path.Length == 0 ? "/" : node.Path)}'): {WorkSummary.Chunks(chunks)}, {WorkSummary.Bytes(bytes)} of data, in {WorkSummary.Time(clock)}");
                Emit(node);
            }, storePath);
        }
    }

    private void Emit(LoadedNode node)
    {
        if (node is LoadedGroup { TableColumns: not null } table)
        {
            foreach (var record in PowerShellOutput.Records(table)) WriteObject(record);
            return;
        }
        var value = PowerShellOutput.ToValue(node, AsHashtable);
        // A saved $null (pickled None) comes back as $null: there is nothing to hang ZarrAttributes on.
        if (value is null)
        {
            WriteObject(null);
            return;
        }
        WriteObject(PowerShellOutput.Decorate(value, node), enumerateCollection: false);
    }
}
