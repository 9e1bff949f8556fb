using System.Text.Json;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// The dimension names and lengths a group's existing arrays use, read for the dimension-name scope of a save
/// (<see cref="Dimensions.GroupScope"/>). A save into a group must know them, so it reads every member's metadata; this
/// reads only what it needs from each document (shape and names, one forward pass, no metadata model, no codecs), so a
/// save into a group of N members costs N small reads rather than N full metadata parses. Best effort: a member whose
/// documents are unreadable, oversized or malformed contributes nothing here (reading it elsewhere reports why).
/// </summary>
internal static class ExistingDimensions
{
    /// <summary>(name, length) of every named axis of the group's arrays, except the arrays in <paramref name="skip"/>.</summary>
    public static IEnumerable<(string Name, long Length)> Of(IZarrStore store, string groupPath, ISet<string> skip)
    {
        foreach (var child in store.ListDir(groupPath).Prefixes)
        {
            if (child.StartsWith("__", StringComparison.Ordinal)) continue;
            var path = StoreKeys.Join(groupPath, child);
            if (skip.Contains(path)) continue;
            var axes = Read(store, path);
            if (axes is null) continue;
            foreach (var axis in axes) yield return axis;
        }
    }

    private static List<(string, long)>? Read(IZarrStore store, string path)
    {
        if (Document(store, StoreKeys.Join(path, V3Metadata.DocumentName)) is { } v3)
        {
            var doc = Scan(v3, v3: true);
            if (!doc.IsArray) return null;
            // As the metadata model: dimension_names when present (one per axis, else the array is unreadable), else
            // the _ARRAY_DIMENSIONS attribute (v3 written by zarr-python 2's experimental v3).
            return Pair(doc.Shape, doc.DimensionNames ?? doc.ArrayDimensions);
        }
        if (Document(store, StoreKeys.Join(path, V2Metadata.ArrayDocument)) is not { } zarray) return null;
        var shape = Scan(zarray, v3: false).Shape;
        var attributes = Document(store, StoreKeys.Join(path, V2Metadata.AttributesDocument));
        return attributes is null ? null : Pair(shape, ScanAttributes(attributes));
    }

    // NodeStore's own document read (its size limit included); an oversized document is skipped here, not reported.
    private static byte[]? Document(IZarrStore store, string key)
    {
        try { return Hierarchy.NodeStore.Document(store, key); }
        catch (Errors.ZarrException e) when (e.Kind == Errors.ZarrErrorKind.InvalidMetadata) { return null; }
    }

    private static List<(string, long)>? Pair(long[]? shape, string?[]? names)
    {
        if (shape is null || names is null || names.Length != shape.Length) return null;
        var result = new List<(string, long)>(names.Length);
        for (var i = 0; i < names.Length; i++)
            if (names[i] is { } name) result.Add((name, shape[i]));
        return result;
    }

    private readonly record struct Scanned(bool IsArray, long[]? Shape, string?[]? DimensionNames, string?[]? ArrayDimensions);

    private static Scanned Scan(byte[] json, bool v3)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return default;
            var isArray = !v3;
            long[]? shape = null;
            string?[]? names = null, arrayDimensions = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "node_type" when v3 && reader.TokenType == JsonTokenType.String:
                        isArray = reader.ValueTextEquals("array"u8);
                        break;
                    case "shape" when reader.TokenType == JsonTokenType.StartArray:
                        shape = Lengths(ref reader);
                        break;
                    case "dimension_names" when v3 && reader.TokenType == JsonTokenType.StartArray:
                        names = Names(ref reader);
                        break;
                    case "attributes" when v3 && reader.TokenType == JsonTokenType.StartObject:
                        arrayDimensions = AttributeNames(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            return new Scanned(isArray, shape, names, arrayDimensions);
        }
        catch (JsonException) { return default; }
        catch (InvalidOperationException) { return default; }
    }

    private static string?[]? ScanAttributes(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? AttributeNames(ref reader) : null;
        }
        catch (JsonException) { return null; }
        catch (InvalidOperationException) { return null; }
    }

    // Positioned on an attributes object's StartObject; leaves the reader on its EndObject.
    private static string?[]? AttributeNames(ref Utf8JsonReader reader)
    {
        string?[]? names = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isDimensions = reader.ValueTextEquals(Dimensions.ArrayDimensionsAttribute);
            reader.Read();
            if (isDimensions && reader.TokenType == JsonTokenType.StartArray)
            {
                names = Names(ref reader);
                // _ARRAY_DIMENSIONS names every axis with a string; a list with anything else is no dimension list.
                if (names is not null && Array.IndexOf(names, null) >= 0) names = null;
            }
            else reader.Skip();
        }
        return names;
    }

    private static long[]? Lengths(ref Utf8JsonReader reader)
    {
        var lengths = new List<long>();
        var valid = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) && n >= 0) lengths.Add(n);
            else { valid = false; reader.Skip(); }
        }
        return valid ? [.. lengths] : null;
    }

    private static string?[]? Names(ref Utf8JsonReader reader)
    {
        var names = new List<string?>();
        var valid = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String: names.Add(reader.GetString()); break;
                case JsonTokenType.Null: names.Add(null); break;
                default: valid = false; reader.Skip(); break;
            }
        }
        return valid ? [.. names] : null;
    }
}
