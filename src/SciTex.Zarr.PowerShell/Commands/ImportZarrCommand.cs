using System.Management.Automation;
using SciTex.Zarr.Engine.Metadata;
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

    /// <summary>Decode CF conventions as xarray does: time units → DateTime, scale_factor/add_offset → doubles, _FillValue/missing_value → NaN.</summary>
    [Parameter]
    public SwitchParameter DecodeCF { get; set; }

    /// <summary>Levels below the node to load (unlimited by default); groups at the last level come back without members.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Depth { get; set; } = int.MaxValue;

    /// <summary>Load only members whose name or key matches (with everything below a matching group).</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Include { get; set; }

    /// <summary>Leave out members whose name or key matches (with everything below them); their arrays are never read.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Exclude { get; set; }

    private ValueReader.LoadSelection Selection()
    {
        static Func<NodeMetadata, bool>? Matcher(string[]? patterns)
        {
            if (patterns is not { Length: > 0 }) return null;
            var compiled = patterns.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
            return node => compiled.Any(p => p.IsMatch(node.Name) || p.IsMatch(node.Path));
        }
        return new ValueReader.LoadSelection(Depth, Matcher(Include), Matcher(Exclude));
    }

    protected override void ProcessNodes()
    {
        foreach (var storePath in ResolveExistingPaths())
        {
            TryEngine(() =>
            {
                using var store = OpenStore(storePath);
                // A -Key with wildcards ('processed/filtered_*') loads each node it matches, one output per node.
                foreach (var key in KeyExpansion.Expand(store, KeyUnderDrive(Key))) TryEngine(() => Load(store, storePath, key), storePath);
            }, storePath);
        }
    }

    private void Load(IZarrStore store, string storePath, string key)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var selection = Selection();
        var node = RunWithProgress(2, $"Import-Zarr {storePath}", progress =>
            ValueReader.Load(store, key, (done, total) => progress.Report(done, total, "Reading chunks"), selection, DecodeCF));
        var (groups, arrays, chunks, bytes) = WorkSummary.Of(node);
        WriteVerbose($"Read {WorkSummary.Nodes(groups, arrays)} from {storePath} (key '{(node.Path.Length == 0 ? "/" : node.Path)}'): {WorkSummary.Chunks(chunks)}, {WorkSummary.Bytes(bytes)} of data, in {WorkSummary.Time(clock)}");
        Emit(node);
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
