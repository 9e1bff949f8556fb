using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Hierarchy;

/// <summary>
/// Consolidated metadata: every descendant's metadata copied into one document, so a tree opens with one read.
/// v2 keeps it in <c>.zmetadata</c>; v3 inline in the root <c>zarr.json</c> (<c>consolidated_metadata</c>).
/// SciTeX never refreshed it, so later saves vanished from loads; here <see cref="RefreshIfPresent"/> is called
/// after every save, and readers only trust it when <see cref="IsFresh"/> agrees with the store listing.
/// </summary>
public static class ConsolidatedMetadata
{
    public const string V2Document = ".zmetadata";
    private static readonly string[] V2Documents = [V2Metadata.GroupDocument, V2Metadata.ArrayDocument, V2Metadata.AttributesDocument];

    /// <summary>True when the group at <paramref name="root"/> carries consolidated metadata of its format.</summary>
    public static bool IsPresent(IZarrStore store, string root = "") => ReadRaw(store, StoreKeys.NormalizePath(root, store.Name)) is not null;

    /// <summary>Writes consolidated metadata for everything below <paramref name="root"/>, in the root group's format.</summary>
    public static void Write(IZarrStore store, string root = "")
    {
        root = StoreKeys.NormalizePath(root, store.Name);
        if (NodeStore.Read(store, root) is not GroupMetadata group)
            throw new ZarrException(ZarrErrorKind.NotAGroup, "Consolidated metadata belongs to a group, not an array", store.Name, root);
        var entries = new JsonObject();
        foreach (var (relative, document) in Documents(store, root, group.ZarrFormat).OrderBy(d => d.Relative.Count(c => c == '/')).ThenBy(d => d.Relative.ToLowerInvariant(), StringComparer.Ordinal))
            entries[relative] = document;
        if (group.ZarrFormat == 2)
        {
            var consolidated = new JsonObject { ["metadata"] = entries, ["zarr_consolidated_format"] = 1 };
            // zarr-python 2 decodes .zmetadata as ASCII (like .zattrs): non-ASCII attributes are \u escapes.
            store.Set(StoreKeys.Join(root, V2Document), JsonHelpers.Serialize(consolidated, asciiOnly: true));
            return;
        }
        var rootKey = StoreKeys.Join(root, V3Metadata.DocumentName);
        var rootJson = JsonHelpers.ParseObject(store.Get(rootKey)!, store.Name, rootKey);
        rootJson["consolidated_metadata"] = Inline(entries);
        store.Set(rootKey, JsonHelpers.Serialize(rootJson));
    }

    internal static JsonObject Inline(JsonObject entries) => new() { ["kind"] = "inline", ["must_understand"] = false, ["metadata"] = entries };

    /// <summary>
    /// True when the consolidated entries name exactly the metadata documents the store lists now (no node added,
    /// removed or given attributes behind its back). False when absent. Content edits made through this engine are
    /// covered by <see cref="RefreshIfPresent"/>; this check costs one listing, not a read of every document.
    /// </summary>
    public static bool IsFresh(IZarrStore store, string root = "")
    {
        root = StoreKeys.NormalizePath(root, store.Name);
        if (ReadRaw(store, root) is not var (format, entries)) return false;
        return Matches(store.ListPrefix(root), root, format, entries.Select(e => e.Key));
    }

    /// <summary>
    /// Withdraws consolidated metadata before nodes it describes are replaced, so that no reader ever pairs the old
    /// metadata with the new chunks; <see cref="Write"/> puts it back once the replacements are in. Returns whether there was any.
    /// </summary>
    public static bool Withdraw(IZarrStore store, string root = "")
    {
        root = StoreKeys.NormalizePath(root, store.Name);
        if (ReadRaw(store, root) is not var (format, _)) return false;
        if (format == 2)
        {
            store.Delete(StoreKeys.Join(root, V2Document));
            return true;
        }
        var rootKey = StoreKeys.Join(root, V3Metadata.DocumentName);
        var rootJson = JsonHelpers.ParseObject(store.Get(rootKey)!, store.Name, rootKey);
        rootJson.Remove("consolidated_metadata");
        store.Set(rootKey, JsonHelpers.Serialize(rootJson));
        return true;
    }

    /// <summary>Rewrites consolidated metadata when the store has it. Call after every save into a store; returns whether it wrote.</summary>
    public static bool RefreshIfPresent(IZarrStore store, string root = "")
    {
        if (!IsPresent(store, root)) return false;
        Write(store, root);
        return true;
    }

    /// <summary>The consolidated nodes below <paramref name="root"/> (full node path → metadata), or null when absent.</summary>
    public static IReadOnlyDictionary<string, NodeMetadata>? TryRead(IZarrStore store, string root = "")
    {
        root = StoreKeys.NormalizePath(root, store.Name);
        return ReadRaw(store, root) is var (format, entries) ? Nodes(store, root, format, entries) : null;
    }

    /// <summary>
    /// <see cref="TryRead"/> and <see cref="IsFresh"/> in one read of the consolidated document: its nodes when its
    /// entries name exactly the metadata documents among <paramref name="keys"/> (a listing of the store below
    /// <paramref name="root"/> the caller already made), else null.
    /// </summary>
    public static IReadOnlyDictionary<string, NodeMetadata>? TryReadFresh(IZarrStore store, string root, IEnumerable<string> keys)
    {
        root = StoreKeys.NormalizePath(root, store.Name);
        if (ReadRaw(store, root) is not var (format, entries)) return null;
        return Matches(keys, root, format, entries.Select(e => e.Key)) ? Nodes(store, root, format, entries) : null;
    }

    /// <summary>
    /// True when consolidated <paramref name="entries"/> (keys relative to <paramref name="root"/>, as stored) name exactly
    /// the metadata documents among <paramref name="keys"/>, a listing of the store below the root.
    /// </summary>
    public static bool Matches(IEnumerable<string> keys, string root, int format, IEnumerable<string> entries) =>
        ListDocuments(keys, root, format).ToHashSet(StringComparer.Ordinal).SetEquals(entries);

    private static Dictionary<string, NodeMetadata> Nodes(IZarrStore store, string root, int format, JsonObject entries)
    {
        var nodes = new Dictionary<string, NodeMetadata>(StringComparer.Ordinal);
        if (format == 3)
        {
            foreach (var (relative, node) in entries)
            {
                var path = StoreKeys.Join(root, StoreKeys.NormalizePath(relative, store.Name));
                if (node is JsonObject json) nodes[path] = V3Metadata.Parse(json, path, store.Name);
            }
            return nodes;
        }
        foreach (var (key, node) in entries)
        {
            var name = StoreKeys.LastSegment(key);
            if (node is not JsonObject json || name == V2Metadata.AttributesDocument) continue;
            var path = StoreKeys.Join(root, StoreKeys.Parent(key));
            var attributes = entries[StoreKeys.Join(StoreKeys.Parent(key), V2Metadata.AttributesDocument)] as JsonObject;
            nodes[path] = name == V2Metadata.ArrayDocument
                ? V2Metadata.ParseArray(json, (JsonObject?)attributes?.DeepClone(), path, store.Name)
                : V2Metadata.ParseGroup(json, (JsonObject?)attributes?.DeepClone(), path, store.Name);
        }
        nodes.Remove(root);
        return nodes;
    }

    /// <summary>The raw entries (relative key → document) and the format, or null when there are none.</summary>
    private static (int Format, JsonObject Entries)? ReadRaw(IZarrStore store, string root)
    {
        var v3Key = StoreKeys.Join(root, V3Metadata.DocumentName);
        if (store.Get(v3Key) is { } v3)
            return JsonHelpers.ParseObject(v3, store.Name, v3Key)["consolidated_metadata"]?["metadata"] is JsonObject inline ? (3, inline) : null;
        var v2Key = StoreKeys.Join(root, V2Document);
        if (store.Get(v2Key) is not { } v2) return null;
        return JsonHelpers.ParseObject(v2, store.Name, v2Key)["metadata"] is JsonObject entries
            ? (2, entries)
            : throw new ZarrException(ZarrErrorKind.InvalidMetadata, ".zmetadata has no 'metadata' object", store.Name, v2Key);
    }

    /// <summary>Keys of the documents consolidation covers, relative to root: v3 child node paths; v2 every .zgroup/.zarray/.zattrs (the root's too).</summary>
    private static IEnumerable<string> ListDocuments(IZarrStore store, string root, int format) => ListDocuments(store.ListPrefix(root), root, format);

    private static IEnumerable<string> ListDocuments(IEnumerable<string> keys, string root, int format)
    {
        var prefix = root.Length == 0 ? "" : root + "/";
        foreach (var key in keys)
        {
            var relative = key[prefix.Length..];
            var name = StoreKeys.LastSegment(relative);
            if (format == 3 && name == V3Metadata.DocumentName && relative != name) yield return StoreKeys.Parent(relative);
            else if (format == 2 && V2Documents.Contains(name)) yield return relative;
        }
    }

    private static IEnumerable<(string Relative, JsonObject Document)> Documents(IZarrStore store, string root, int format)
    {
        foreach (var relative in ListDocuments(store, root, format))
        {
            var key = format == 3 ? StoreKeys.Join(StoreKeys.Join(root, relative), V3Metadata.DocumentName) : StoreKeys.Join(root, relative);
            var document = JsonHelpers.ParseObject(store.Get(key)!, store.Name, key);
            if (format == 3) document.Remove("consolidated_metadata"); // only the root carries it
            yield return (relative, document);
        }
    }
}
