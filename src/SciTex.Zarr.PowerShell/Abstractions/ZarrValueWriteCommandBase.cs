using System.ComponentModel;
using System.Management.Automation;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>
/// Parameters of the cmdlets that write into one array of one store, whose pipeline input is the value written or the
/// array's definition (Set-ZarrSlice, Add-ZarrSlice, New-ZarrArray): -Path, -LiteralPath and a mandatory -Key, none of
/// them bound from the pipeline.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ZarrValueWriteCommandBase : ZarrStoreWriteCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public override string[] Path { get => base.Path; set => base.Path = value; }

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    public override string[] LiteralPath { get => base.LiteralPath; set => base.LiteralPath = value; }

    /// <summary>The array inside the store (for New-ZarrArray, where it goes; parent groups are created).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(Completion.ZarrKeyCompleter))]
    public string Key { get; set; } = "";
}
