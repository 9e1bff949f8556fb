using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Hierarchy;

/// <summary>Reads, writes, lists and deletes nodes (groups and arrays) of either format in a store.</summary>
public static class NodeStore
{
    /// <summary>The node at <paramref name="path"/>, or null when there is none. v3 wins when both formats are present.</summary>
    public static NodeMetadata? TryRead(IZarrStore store, string path)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        var v3Key = StoreKeys.Join(path, V3Metadata.DocumentName);
        if (Document(store, v3Key) is { } v3)
            return V3Metadata.Parse(JsonHelpers.ParseObject(v3, store.Name, v3Key), path, store.Name);

        var arrayKey = StoreKeys.Join(path, V2Metadata.ArrayDocument);
        if (Document(store, arrayKey) is { } zarray)
            return V2Metadata.ParseArray(JsonHelpers.ParseObject(zarray, store.Name, arrayKey), ReadV2Attributes(store, path), path, store.Name);

        var groupKey = StoreKeys.Join(path, V2Metadata.GroupDocument);
        if (Document(store, groupKey) is { } zgroup)
            return V2Metadata.ParseGroup(JsonHelpers.ParseObject(zgroup, store.Name, groupKey), ReadV2Attributes(store, path), path, store.Name);
        return null;
    }

    /// <summary>A metadata document's bytes; one over the size limit is refused before it is read into memory.</summary>
    internal static byte[]? Document(IZarrStore store, string key)
    {
        // GetSize answers "missing" too: a missing document costs one stat (or HEAD), not a failed open or GET as well.
        if (store.GetSize(key) is not { } size) return null;
        if (size > Arrays.ZarrConfig.MaxMetadataBytes)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata,
                $"Metadata document is {size} bytes, more than the {Arrays.ZarrConfig.MaxMetadataBytes}-byte limit ({Arrays.ZarrConfig.HowToRaise(nameof(Arrays.ZarrConfig.MaxMetadataBytes), Arrays.ZarrConfig.MaxMetadataBytesVariable)})", store.Name, key);
        return store.Get(key);
    }

    /// <summary>
    /// The node at <paramref name="path"/>. Missing: ZarrNotAStore when the store has no metadata at its root (a folder
    /// or archive that is not a Zarr store), else ZarrKeyNotFound.
    /// </summary>
    public static NodeMetadata Read(IZarrStore store, string path) =>
        TryRead(store, path) ?? throw Missing(store, path);

    private static ZarrException Missing(IZarrStore store, string path)
    {
        var printable = path.Length == 0 ? "/" : path;
        if ((path.Length == 0 || TryRead(store, "") is null) && !HasAnyMetadata(store))
            return new ZarrException(ZarrErrorKind.NotAStore,
                "This is not a Zarr store: it holds no Zarr metadata (zarr.json, .zgroup or .zarray) at its root or in its top-level folders", store.Name, printable);
        return new ZarrException(ZarrErrorKind.KeyNotFound, $"No Zarr group or array at '{printable}'", store.Name, printable);
    }

    /// <summary>Metadata at the root or one level down (stores without a root group, as some writers leave them).</summary>
    private static bool HasAnyMetadata(IZarrStore store)
    {
        string[] documents = [V3Metadata.DocumentName, V2Metadata.GroupDocument, V2Metadata.ArrayDocument];
        if (documents.Any(store.Exists)) return true;
        return store.ListDir("").Prefixes.Any(child => documents.Any(d => store.Exists(StoreKeys.Join(child, d))));
    }

    private static JsonObject? ReadV2Attributes(IZarrStore store, string path)
    {
        var key = StoreKeys.Join(path, V2Metadata.AttributesDocument);
        return Document(store, key) is { } bytes ? JsonHelpers.ParseObject(bytes, store.Name, key) : null;
    }

    /// <summary>Writes a node's metadata documents (zarr.json; or .zarray/.zgroup plus .zattrs).</summary>
    public static void Write(IZarrStore store, NodeMetadata node)
    {
        if (node.ZarrFormat == 3)
        {
            store.Set(StoreKeys.Join(node.Path, V3Metadata.DocumentName), JsonHelpers.Serialize(V3Metadata.ToJson(node)));
            return;
        }
        var document = node is ArrayMetadata array ? V2Metadata.ArrayToJson(array) : V2Metadata.GroupToJson();
        var name = node is ArrayMetadata ? V2Metadata.ArrayDocument : V2Metadata.GroupDocument;
        store.Set(StoreKeys.Join(node.Path, name), JsonHelpers.Serialize(document, asciiOnly: true));
        var attributesKey = StoreKeys.Join(node.Path, V2Metadata.AttributesDocument);
        if (node.Attributes.Count > 0) store.Set(attributesKey, JsonHelpers.Serialize(node.Attributes, asciiOnly: true));
        else if (store.Exists(attributesKey)) store.Delete(attributesKey);
    }

    /// <summary>The direct children of a group, sorted by name.</summary>
    public static IEnumerable<NodeMetadata> Children(IZarrStore store, string path)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        foreach (var name in store.ListDir(path).Prefixes)
        {
            if (name.StartsWith("__", StringComparison.Ordinal)) continue;
            var child = TryRead(store, StoreKeys.Join(path, name));
            if (child is not null) yield return child;
        }
    }

    /// <summary>Creates missing groups along <paramref name="path"/> (and the root); existing groups are kept. Fails on an array in the way.</summary>
    public static GroupMetadata EnsureGroup(IZarrStore store, string path, int zarrFormat)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        var current = "";
        GroupMetadata? group = null;
        foreach (var segment in Enumerable.Prepend(path.Length == 0 ? [] : path.Split('/'), ""))
        {
            current = StoreKeys.Join(current, segment);
            var existing = TryRead(store, current);
            switch (existing)
            {
                case GroupMetadata g:
                    group = g;
                    break;
                case ArrayMetadata:
                    throw new ZarrException(ZarrErrorKind.NotAGroup, $"'{(current.Length == 0 ? "/" : current)}' is an array, not a group, so no group can be created inside it", store.Name, current.Length == 0 ? "/" : current);
                default:
                    group = new GroupMetadata(current, zarrFormat);
                    Write(store, group);
                    break;
            }
        }
        return group!;
    }

    /// <summary>Removes a node and everything below it.</summary>
    public static void Delete(IZarrStore store, string path) => store.DeletePrefix(StoreKeys.NormalizePath(path, store.Name));
}
