using System.Management.Automation;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Abstractions;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>Test-Zarr: $true when the path is a Zarr store (and, with -Key, when that node exists), like SciTeX's has_key.</summary>
[Cmdlet(VerbsDiagnostic.Test, "Zarr", DefaultParameterSetName = PathSet)]
[OutputType(typeof(bool))]
public sealed class TestZarrCommand : ZarrNodeCommandBase
{
    /// <summary>Only $true when the node is of this type.</summary>
    [Parameter]
    [ValidateSet("Any", "Group", "Array")]
    public string NodeType { get; set; } = "Any";

    protected override void ProcessNodes()
    {
        foreach (var path in Path)
        {
            string resolved;
            try
            {
                resolved = Engine.Stores.Remote.StoreUrl.IsUrl(path) ? path : ResolveStoreLocationOrPath(path);
            }
            catch (Exception e) when (e is Engine.Errors.ZarrException or ItemNotFoundException or ArgumentException or NotSupportedException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
            {
                WriteObject(false);
                continue;
            }
            WriteObject(Exists(resolved));
        }
    }

    private bool Exists(string storePath)
    {
        var url = Engine.Stores.Remote.StoreUrl.IsUrl(storePath);
        if (!url && !Directory.Exists(storePath) && !StoreFactory.IsZip(storePath)) return false;
        try
        {
            using var store = StoreFactory.OpenOrCreate(storePath, readOnly: true, StoreOptions);
            var node = NodeStore.TryRead(store, NodeKey(Key, store.Name));
            return node is not null && (NodeType == "Any" || node.NodeType.ToString() == NodeType);
        }
        catch (Engine.Errors.ZarrException)
        {
            return false;
        }
    }
}
