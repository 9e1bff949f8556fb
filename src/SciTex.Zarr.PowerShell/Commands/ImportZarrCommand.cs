using System.Management.Automation;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.PowerShell.Abstractions;
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

    /// <summary>Decode CF conventions as xarray does: time units → DateTime, scale_factor/add_offset → doubles, _FillValue/missing_value → NaN.</summary>
    [Parameter]
    public SwitchParameter DecodeCF { get; set; }

    protected override void ProcessNodes()
    {
        foreach (var storePath in ResolveExistingPaths())
        {
            TryEngine(() =>
            {
                using var store = OpenStore(storePath);
                var key = StoreKeys.NormalizePath(Key, store.Name);
                var node = RunWithProgress(2, $"Import-Zarr {storePath}", progress =>
                    ValueReader.Load(store, key, (done, total) => progress.Report(done, total, "Reading chunks"), DecodeCF));
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
