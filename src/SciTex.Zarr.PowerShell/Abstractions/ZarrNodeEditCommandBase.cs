using System.ComponentModel;
using System.Management.Automation;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>
/// Parameters of the cmdlets that change one existing node in place and take it from Get-ZarrTree's output by property
/// name (Remove-ZarrNode, Resize-ZarrArray, and Copy-/Move-ZarrNode for their source): -Path, -LiteralPath
/// (StorePath) and a mandatory -Key.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ZarrNodeEditCommandBase : ZarrStoreWriteCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public override string[] Path { get => base.Path; set => base.Path = value; }

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "StorePath")]
    public override string[] LiteralPath { get => base.LiteralPath; set => base.LiteralPath = value; }

    /// <summary>The node inside the store.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ZarrKeyCompleter))]
    public string Key { get; set; } = "";
}
