using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Hierarchy;

/// <summary>
/// Stored bytes of every node of a listed hierarchy from ONE listing of the store under its root: each key is
/// counted for the deepest node above it, and subtree totals are summed bottom-up. Describing a 10 000-node tree
/// node by node would list every group's whole subtree again (and stat each metadata document); this is linear.
/// </summary>
public sealed class NodeSizes
{
    private static readonly string[] MetadataDocuments = [V3Metadata.DocumentName, V2Metadata.GroupDocument, V2Metadata.ArrayDocument, V2Metadata.AttributesDocument];
    private readonly Dictionary<string, long> _metadata = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _subtree = new(StringComparer.Ordinal);

    private NodeSizes() { }

    /// <summary>Null when the store cannot list (its callers fall back to what metadata alone tells).</summary>
    public static NodeSizes? Measure(IZarrStore store, NodeMetadata root, IEnumerable<NodeMetadata> descendants)
    {
        if (!store.Capabilities.HasFlag(StoreCapabilities.Listing)) return null;
        return Measure(root, descendants, store.ListPrefixSizes(root.Path));
    }

    /// <summary>The same from a listing of the store under the root (with sizes) the caller already made (the Zarr drive lists once for freshness and sizes).</summary>
    public static NodeSizes Measure(NodeMetadata root, IEnumerable<NodeMetadata> descendants, IEnumerable<(string Key, long Size)> listing)
    {
        var sizes = new NodeSizes();
        var nodes = new HashSet<string>(StringComparer.Ordinal) { root.Path };
        foreach (var node in descendants) nodes.Add(node.Path);
        foreach (var path in nodes) { sizes._metadata[path] = 0; sizes._subtree[path] = 0; }
        var own = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, size) in listing)
        {
            var owner = NearestNode(key, nodes, root.Path);
            own[owner] = own.GetValueOrDefault(owner) + size;
            if (StoreKeys.Parent(key) == owner && MetadataDocuments.Contains(StoreKeys.LastSegment(key))) sizes._metadata[owner] += size;
        }
        // Deepest first, so each node's total is complete before it is added to its parent's.
        foreach (var path in nodes.OrderByDescending(p => p.Length == 0 ? 0 : p.Count(c => c == '/') + 1))
        {
            sizes._subtree[path] += own.GetValueOrDefault(path);
            if (path != root.Path) sizes._subtree[NearestNode(path, nodes, root.Path)] += sizes._subtree[path];
        }
        return sizes;
    }

    /// <summary>The deepest node above a key or node path (the root when none is nearer).</summary>
    private static string NearestNode(string path, HashSet<string> nodes, string root)
    {
        var parent = StoreKeys.Parent(path);
        while (!nodes.Contains(parent) && parent.Length > root.Length) parent = StoreKeys.Parent(parent);
        return nodes.Contains(parent) ? parent : root;
    }

    /// <summary>Bytes of the node's own metadata documents.</summary>
    public long MetadataBytes(string path) => _metadata.GetValueOrDefault(path);

    /// <summary>Bytes of everything under the node's prefix (its metadata, chunks and descendants), like zarr's nbytes_stored.</summary>
    public long SubtreeBytes(string path) => _subtree.GetValueOrDefault(path);
}
