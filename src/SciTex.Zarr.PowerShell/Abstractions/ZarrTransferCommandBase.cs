using System.ComponentModel;
using System.Management.Automation;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Output;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>Copy-ZarrNode and Move-ZarrNode: a node of one store to a key of the same or another store (directory or zip, v2 or v3).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ZarrTransferCommandBase : ZarrNodeEditCommandBase
{
    /// <summary>The key in the destination (default: the source key).</summary>
    [Parameter]
    public string? DestinationKey { get; set; }

    /// <summary>The destination's format (default: the destination store's, else the source's); 3 upgrades v2 nodes.</summary>
    [Parameter]
    [ValidateSet("2", "3")]
    public int ZarrFormat { get; set; } = 3;

    /// <summary>Replace a node that exists at the destination key.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The destination store path, or null for the source store.</summary>
    protected abstract string? DestinationPath { get; }

    protected abstract string Verb { get; }

    /// <summary>Whether the source store is changed (a move) or only read (a copy).</summary>
    protected abstract bool WritesSource { get; }

    protected abstract void Run(NodeOperations.CopyPlan plan, Action<long, long> progress);

    protected override void ProcessRecord()
    {
        var sourcePath = ResolveSingleExisting();
        // -DestinationKey (by default the source's -Key) lies under the destination's drive key when -Destination is a Zarr drive path.
        var (destinationPath, destinationDriveKey) = DestinationPath is null ? (sourcePath, DriveKey) : ResolveStoreLocation(DestinationPath);
        var same = SameStore(sourcePath, destinationPath);
        TryEngine(() =>
        {
            if (same && DestinationKey is null && (DestinationPath is null || destinationDriveKey.Length == 0))
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"{Verb} within one store needs -DestinationKey", sourcePath, Key);
            if (File.Exists(destinationPath) && !StoreFactory.IsZip(destinationPath))
                throw new ZarrException(ZarrErrorKind.NodeExists, $"'{destinationPath}' is a file, not a Zarr store; refusing to replace it", destinationPath);
                        using var source = WritesSource || same ? OpenWritable(sourcePath) : OpenStore(sourcePath);
            using var opened = same ? null : StoreFactory.OpenOrCreate(destinationPath, false, StoreOptions);
            var destination = opened ?? source;
            var key = NodeKey(Key, sourcePath);
            var destinationKey = DriveKeyJoin(destinationDriveKey, DestinationKey ?? Key, destinationPath);
            int? format = MyInvocation.BoundParameters.ContainsKey(nameof(ZarrFormat)) ? ZarrFormat : null;
            var plan = NodeOperations.PlanCopy(source, key, destination, destinationKey, format, Force);
            var action = $"{Verb} '{(key.Length == 0 ? "/" : key)}' of {sourcePath} (Zarr format {plan.Nodes[0].ZarrFormat} → {plan.ZarrFormat}){(plan.Replaces ? ", replacing the existing node" : "")}";
            if (!ShouldProcess(Target(destinationPath, destinationKey), action)) return;
            RunWithProgress(5, $"{Verb}-ZarrNode {sourcePath}", progress => Run(plan, (done, total) => progress.Report(done, total, "Copying keys")));
            if (PassThru) WriteObject(ZarrNodeInfo.Describe(destination, destinationPath, destinationKey));
        }, sourcePath);
    }
}
