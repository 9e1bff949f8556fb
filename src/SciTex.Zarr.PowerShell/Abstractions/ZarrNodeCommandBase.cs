using System.Collections;
using System.ComponentModel;
using System.Management.Automation;
using SciTex.Zarr.PowerShell.Output;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>
/// Parameters of the cmdlets that read a node of existing stores (Import-Zarr, Get-ZarrTree, Test-Zarr): store paths
/// from the pipeline, a -Key, and nodes piped from Get-ZarrTree.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ZarrNodeCommandBase : ZarrCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    public override string[] Path { get => base.Path; set => base.Path = value; }

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "StorePath")]
    public override string[] LiteralPath { get => base.LiteralPath; set => base.LiteralPath = value; }

    /// <summary>A node from Get-ZarrTree (its store and key).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = NodeSet)]
    public ZarrNodeInfo? InputObject { get; set; }

    /// <summary>The node inside the store ('/' or empty = the root); leading, trailing and doubled slashes are ignored.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ZarrKeyCompleter))]
    public string? Key { get; set; }

    /// <summary>Takes store and key from a piped node before the command resolves paths.</summary>
    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            BindNode(InputObject);
            Key = InputObject.Key;
        }
        ProcessNodes();
    }

    protected abstract void ProcessNodes();
}
