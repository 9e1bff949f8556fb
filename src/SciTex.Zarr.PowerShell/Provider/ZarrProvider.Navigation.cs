using System.Management.Automation;
using System.Management.Automation.Provider;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Output;

namespace SciTex.Zarr.PowerShell.Provider;

/// <summary>Navigation: existence, containers, items and listings (Get-Item, Test-Path, Get-ChildItem, Resolve-Path, tab completion).</summary>
public sealed partial class ZarrProvider
{
    protected override bool IsValidPath(string path) => !string.IsNullOrEmpty(path) && path.IndexOf('\0') < 0;

    protected override bool ItemExists(string path)
    {
        if (TryLocate(path) is not { } item) return false;
        try { return item.Drive.TryNode(item.Key) is not null; }
        catch (Exception e) when (e is not PipelineStoppedException) { return false; }
    }

    protected override bool IsItemContainer(string path)
    {
        if (TryLocate(path) is not { } item) return false;
        try { return item.Drive.TryNode(item.Key) is GroupMetadata; }
        catch (Exception e) when (e is not PipelineStoppedException) { return false; }
    }

    protected override bool HasChildItems(string path)
    {
        if (TryLocate(path) is not { } item) return false;
        try { return item.Drive.TryNode(item.Key) is GroupMetadata && item.Drive.Children(item.Key).Count > 0; }
        catch (Exception e) when (e is not PipelineStoppedException) { return false; }
    }

    protected override void GetItem(string path) => Run(path, () =>
    {
        var item = Locate(path);
        var node = item.Drive.TryNode(item.Key) ?? NodeStore.Read(item.Drive.Store, item.Key);
        WriteNode(item.Drive, node, 0, null, null);
    });

    protected override void GetChildItems(string path, bool recurse) => GetChildItems(path, recurse, uint.MaxValue);

    /// <summary>
    /// One walk of the hierarchy (one read when consolidated metadata is fresh) and one listing for sizes, then every
    /// node below, depth first, children by name. Without -Recurse only the direct members; -Depth N adds N levels.
    /// An array's "children" are the array itself, as Get-ChildItem of a file returns the file.
    /// </summary>
    protected override void GetChildItems(string path, bool recurse, uint depth) => Run(path, () =>
    {
        var item = Locate(path);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var listing = item.Drive.Walk(item.Key, out var sizes);
        var walked = clock.Elapsed;
        if (listing.Root is not GroupMetadata)
        {
            WriteNode(item.Drive, listing.Root, 0, null, null);
            return;
        }
        var lastLevel = recurse ? (depth == uint.MaxValue ? long.MaxValue : depth + 1L) : 1L;
        var children = listing.Descendants.ToLookup(n => StoreKeys.Parent(n.Path), StringComparer.Ordinal);
        var shown = 0;
        var filter = Filter is { Length: > 0 } f ? new WildcardPattern(f, WildcardOptions.IgnoreCase) : null;
        var pending = new Stack<(NodeMetadata Node, int Level)>();
        foreach (var child in children[listing.Root.Path].OrderByDescending(c => c.Name, StringComparer.Ordinal)) pending.Push((child, 1));
        while (pending.Count > 0 && !Stopping)
        {
            var (node, level) = pending.Pop();
            // -Filter selects what is shown; the walk still goes through groups that do not match (as in the file system).
            if (filter is null || filter.IsMatch(node.Name))
            {
                WriteNode(item.Drive, node, level, children[node.Path].Count(), sizes);
                shown++;
            }
            if (node is not GroupMetadata || level >= lastLevel) continue;
            foreach (var child in children[node.Path].OrderByDescending(c => c.Name, StringComparer.Ordinal)) pending.Push((child, level + 1));
        }
        WriteVerbose($"Listed {listing.Descendants.Count} nodes below '{Printable(item.Key)}' of {item.Drive.Location} " +
            $"{(listing.FromConsolidated ? "from its consolidated metadata (one read)" : "by reading each node's metadata")} and sizes from one listing in {walked.TotalMilliseconds:0} ms; " +
            $"wrote {shown} items in {clock.Elapsed.TotalMilliseconds:0} ms in all");
    });

    /// <summary>Member names (Get-ChildItem -Name, wildcard expansion, tab completion).</summary>
    protected override void GetChildNames(string path, ReturnContainers returnContainers) => Run(path, () =>
    {
        var item = Locate(path);
        if (item.Drive.TryNode(item.Key) is not GroupMetadata) return;
        var filter = Filter is { Length: > 0 } f ? new WildcardPattern(f, WildcardOptions.IgnoreCase) : null;
        foreach (var child in item.Drive.Children(item.Key))
        {
            if (Stopping) return;
            var isGroup = child is GroupMetadata;
            var matches = filter is null || filter.IsMatch(child.Name);
            if (matches || (isGroup && returnContainers == ReturnContainers.ReturnAllContainers))
                WriteItemObject(child.Name, ZarrProviderPaths.PathOf(item.Drive, child.Path), isGroup);
        }
    });

    private void WriteNode(ZarrDriveInfo drive, NodeMetadata node, int depth, int? memberCount, NodeSizes? sizes)
    {
        var info = ZarrNodeInfo.From(drive.Store, drive.Location, node, depth, node is GroupMetadata ? memberCount : null, sizes);
        WriteItemObject(info, ZarrProviderPaths.PathOf(drive, node.Path), node is GroupMetadata);
    }
}
