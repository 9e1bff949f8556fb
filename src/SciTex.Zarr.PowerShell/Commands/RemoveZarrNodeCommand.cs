using System.Management.Automation;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Abstractions;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// Remove-ZarrNode: deletes an array or a group (a group with children only with -Recurse). On directory stores the
/// node's folder is moved into the store's staging area by one rename and deleted there, so readers see the node whole
/// or gone and a crash completes or undoes the removal; zip stores rewrite their archive. Consolidated metadata is refreshed.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "ZarrNode", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveZarrNodeCommand : ZarrNodeEditCommandBase
{
    /// <summary>Also remove a group that has children (everything below it).</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var storePath in ResolveExistingPaths())
        {
            TryEngine(() =>
            {
                using var store = OpenWritable(storePath);
                var key = NodeKey(Key, storePath);
                var node = NodeStore.Read(store, key);
                var what = node is ArrayMetadata ? "array" : "group";
                if (!ShouldProcess(Target(storePath, node.Path), $"Remove Zarr {what}{(node is GroupMetadata && Recurse ? " and everything in it" : "")}")) return;
                NodeOperations.Remove(store, key, Recurse);
            }, storePath);
        }
    }
}
