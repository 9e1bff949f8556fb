using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Hierarchy;

/// <summary>A group and every node below it, sorted by path; <see cref="FromConsolidated"/> tells where the metadata came from.</summary>
public sealed record HierarchyListing(NodeMetadata Root, IReadOnlyList<NodeMetadata> Descendants, bool FromConsolidated);

/// <summary>Walks a hierarchy: from consolidated metadata when it is present and fresh (one read), otherwise node by node.</summary>
public static class ConsolidatedTree
{
    public static HierarchyListing Walk(IZarrStore store, string root = "")
    {
        root = StoreKeys.NormalizePath(root, store.Name);
        var rootNode = NodeStore.Read(store, root);
        // A store that cannot list (plain HTTP) cannot check freshness: its consolidated metadata is all there is.
        var canList = store.Capabilities.HasFlag(StoreCapabilities.Listing);
        if (rootNode is GroupMetadata && (!canList || ConsolidatedMetadata.IsFresh(store, root)) && ConsolidatedMetadata.TryRead(store, root) is { } consolidated)
            return new HierarchyListing(rootNode, consolidated.Values.OrderBy(n => n.Path, StringComparer.Ordinal).ToList(), true);
        var nodes = new List<NodeMetadata>();
        if (rootNode is GroupMetadata) Collect(store, root, nodes);
        return new HierarchyListing(rootNode, nodes, false);
    }

    /// <summary>
    /// <see cref="Walk(IZarrStore, string)"/> plus the stored size of every node, from one listing of the store that
    /// also checks the consolidated metadata is fresh (a drive listing thousands of nodes pays for one walk of the store).
    /// </summary>
    /// <param name="rootNode">The node at <paramref name="root"/> when the caller holds it already (a drive caches its root), else null.</param>
    public static HierarchyListing Walk(IZarrStore store, string root, out NodeSizes? sizes, NodeMetadata? rootNode = null)
    {
        root = StoreKeys.NormalizePath(root, store.Name);
        if (!store.Capabilities.HasFlag(StoreCapabilities.Listing))
        {
            sizes = null;
            return Walk(store, root);
        }
        rootNode ??= NodeStore.Read(store, root);
        var keys = store.ListPrefixSizes(root).ToList();
        HierarchyListing listing;
        // A v3 root carries its consolidated metadata inline, parsed with it: no second read of a document that may be megabytes.
        if (rootNode is GroupMetadata { ZarrFormat: 3, Consolidated: { } inline }
            && ConsolidatedMetadata.Matches(keys.Select(k => k.Key), root, 3, inline.Keys.Select(p => p[(root.Length == 0 ? 0 : root.Length + 1)..])))
            listing = new HierarchyListing(rootNode, inline.Values.OrderBy(n => n.Path, StringComparer.Ordinal).ToList(), true);
        else if (rootNode is GroupMetadata { Consolidated: null } && ConsolidatedMetadata.TryReadFresh(store, root, keys.Select(k => k.Key)) is { } consolidated)
            listing = new HierarchyListing(rootNode, consolidated.Values.OrderBy(n => n.Path, StringComparer.Ordinal).ToList(), true);
        else
        {
            var nodes = new List<NodeMetadata>();
            if (rootNode is GroupMetadata) Collect(store, root, nodes);
            listing = new HierarchyListing(rootNode, nodes, false);
        }
        sizes = NodeSizes.Measure(listing.Root, listing.Descendants, keys);
        return listing;
    }

    /// <summary>Every node below <paramref name="path"/>, iteratively (hierarchies may be thousands of levels deep in a zip).</summary>
    private static void Collect(IZarrStore store, string path, List<NodeMetadata> into)
    {
        var pending = new Stack<string>();
        pending.Push(path);
        while (pending.Count > 0)
        {
            foreach (var child in NodeStore.Children(store, pending.Pop()))
            {
                into.Add(child);
                if (child is GroupMetadata) pending.Push(child.Path);
            }
        }
        into.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
    }
}
