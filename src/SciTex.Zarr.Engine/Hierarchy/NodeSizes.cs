using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Hierarchy;

/// <summary>
/// Stored bytes of every node below a root from one listing, so describing thousands of nodes (a drive listing, a
/// tree) costs one walk of the store instead of one per node and one more per group around it.
/// </summary>
public sealed class NodeSizes
{
    private static readonly string[] MetadataDocuments = ["zarr.json", ".zgroup", ".zarray", ".zattrs"];

    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _documents = new(StringComparer.Ordinal);

    private NodeSizes() { }

    /// <summary>The sizes below <paramref name="root"/>, or null when the store cannot list (plain HTTP: describe nodes one by one).</summary>
    public static NodeSizes? Index(IZarrStore store, string root = "")
    {
        if (!store.Capabilities.HasFlag(StoreCapabilities.Listing)) return null;
        root = StoreKeys.NormalizePath(root, store.Name);
        return From(store.ListPrefixSizes(root), root);
    }

    /// <summary>The sizes from a listing of every key below <paramref name="root"/> (with sizes) the caller already made.</summary>
    public static NodeSizes From(IEnumerable<(string Key, long Size)> listing, string root)
    {
        var sizes = new NodeSizes();
        foreach (var (key, size) in listing)
        {
            var name = StoreKeys.LastSegment(key);
            if (Array.IndexOf(MetadataDocuments, name) >= 0) sizes._documents[key] = size;
            // Every ancestor folder of the key (the root's included) holds these bytes.
            sizes.Add(root, size);
            for (var slash = key.IndexOf('/', root.Length == 0 ? 0 : root.Length + 1); slash >= 0; slash = key.IndexOf('/', slash + 1))
                sizes.Add(key[..slash], size);
        }
        return sizes;
    }

    private void Add(string prefix, long size) =>
        _totals[prefix] = _totals.TryGetValue(prefix, out var total) ? total + size : size;

    /// <summary>Bytes of everything stored under the node (its metadata, chunks and descendants).</summary>
    public long Total(string path) => _totals.TryGetValue(path, out var total) ? total : 0;

    /// <summary>Bytes of the node's own metadata documents.</summary>
    public long Metadata(string path)
    {
        long total = 0;
        foreach (var name in MetadataDocuments)
            if (_documents.TryGetValue(StoreKeys.Join(path, name), out var size)) total += size;
        return total;
    }
}
