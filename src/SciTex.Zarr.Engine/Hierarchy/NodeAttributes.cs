using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Hierarchy;

/// <summary>Edits a node's user attributes (Set-ZarrAttribute, the Zarr drive's *-ItemProperty): one metadata document rewritten, consolidated metadata refreshed.</summary>
public static class NodeAttributes
{
    /// <summary>Sets <paramref name="set"/> (overwriting same names), then removes <paramref name="remove"/>; other attributes stay. Returns the node as written.</summary>
    public static NodeMetadata Update(IZarrStore store, string path, IEnumerable<KeyValuePair<string, JsonNode?>> set, IEnumerable<string> remove)
    {
        var node = NodeStore.Read(store, StoreKeys.NormalizePath(path, store.Name));
        foreach (var (name, value) in set) node.Attributes[name] = value;
        foreach (var name in remove) node.Attributes.Remove(name);
        NodeStore.Write(store, node);
        ConsolidatedMetadata.RefreshIfPresent(store);
        store.Flush();
        return node;
    }
}
