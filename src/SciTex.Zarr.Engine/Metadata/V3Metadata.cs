using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Metadata;

/// <summary>Reads and writes v3 <c>zarr.json</c> documents, strictly: unknown fields must say <c>must_understand: false</c>.</summary>
public static class V3Metadata
{
    public const string DocumentName = "zarr.json";

    private static readonly HashSet<string> ArrayFields =
    [
        "zarr_format", "node_type", "shape", "data_type", "chunk_grid", "chunk_key_encoding", "fill_value",
        "codecs", "attributes", "storage_transformers", "dimension_names",
    ];

    private static readonly HashSet<string> GroupFields = ["zarr_format", "node_type", "attributes", "consolidated_metadata"];

    public static NodeMetadata Parse(JsonObject json, string path, string? store) =>
        JsonHelpers.Located(() => ParseCore(json, path, store), store, StoreKeys.Join(path, DocumentName));

    private static NodeMetadata ParseCore(JsonObject json, string path, string? store)
    {
        var key = StoreKeys.Join(path, DocumentName);
        var format = JsonHelpers.Required<int>(json, "zarr_format", store, key);
        if (format != 3) throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"zarr_format is {format}, expected 3", store, key);
        var nodeType = JsonHelpers.Required<string>(json, "node_type", store, key);
        switch (nodeType)
        {
            case "group":
                CheckFields(json, GroupFields, store, key);
                var group = new GroupMetadata(path, 3, Attributes(json, store, key));
                if (json["consolidated_metadata"] is JsonObject consolidated)
                    group.Consolidated = ParseConsolidated(consolidated, path, store, key);
                return group;
            case "array":
                CheckFields(json, ArrayFields, store, key);
                return JsonHelpers.Located(() => ParseArray(json, path, store, key), store, key);
            default:
                throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"node_type '{nodeType}' is not 'array' or 'group'", store, key);
        }
    }

    private static ArrayMetadata ParseArray(JsonObject json, string path, string? store, string key)
    {
        var shape = JsonHelpers.LongArray(json["shape"], "shape", store, key);
        var dataType = ZarrDataType.FromV3(json["data_type"]);
        var grid = json["chunk_grid"] as JsonObject ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, "chunk_grid is missing", store, key);
        var gridName = grid["name"]?.GetValue<string>();
        if (gridName != "regular")
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Unsupported chunk grid '{gridName}' (supported: regular)", store, key);
        var chunkShape = JsonHelpers.IntArray(grid["configuration"]?["chunk_shape"], "chunk_grid.configuration.chunk_shape", store, key);
        if (chunkShape.Length != shape.Length)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"shape has {shape.Length} dimensions but chunk_shape has {chunkShape.Length}", store, key);
        var encoding = ChunkKeyEncoding.FromV3(json["chunk_key_encoding"], store, key);
        if (!json.ContainsKey("fill_value")) throw new ZarrException(ZarrErrorKind.InvalidMetadata, "Required field 'fill_value' is missing", store, key);
        var fill = FillValue.Parse(json["fill_value"], dataType, v2: false);
        if (json["storage_transformers"] is JsonArray { Count: > 0 } transformers)
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Storage transformers are not supported: {transformers.ToJsonString()}", store, key);
        var context = new CodecContext(dataType, chunkShape, store, path);
        var codecNodes = json["codecs"] as JsonArray ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, "codecs must be a non-empty array", store, key);
        var codecs = CodecRegistry.ChainFromV3(codecNodes, context);
        string?[]? names = json["dimension_names"] is JsonArray dims ? dims.Select(d => d?.GetValue<string>()).ToArray() : null;
        return new ArrayMetadata(path, 3, shape, chunkShape, dataType, fill, encoding, codecs, Attributes(json, store, key), names);
    }

    private static IReadOnlyDictionary<string, NodeMetadata> ParseConsolidated(JsonObject consolidated, string path, string? store, string key)
    {
        var result = new Dictionary<string, NodeMetadata>(StringComparer.Ordinal);
        if (consolidated["metadata"] is not JsonObject entries) return result;
        foreach (var (relative, node) in entries)
        {
            if (node is not JsonObject child) continue;
            var childPath = StoreKeys.Join(path, StoreKeys.NormalizePath(relative, store));
            result[childPath] = Parse(child, childPath, store);
        }
        return result;
    }

    private static JsonObject Attributes(JsonObject json, string? store, string key) => json["attributes"] switch
    {
        null => new JsonObject(),
        JsonObject attributes => (JsonObject)attributes.DeepClone(),
        _ => throw new ZarrException(ZarrErrorKind.InvalidMetadata, "attributes must be a JSON object", store, key),
    };

    private static void CheckFields(JsonObject json, HashSet<string> known, string? store, string key)
    {
        foreach (var (name, value) in json)
        {
            if (known.Contains(name)) continue;
            if (value is JsonObject ext && ext["must_understand"] is JsonValue mu && mu.TryGetValue(out bool must) && !must) continue;
            throw new ZarrException(ZarrErrorKind.InvalidMetadata,
                $"Unknown metadata field '{name}' without \"must_understand\": false; this store needs an extension we do not implement", store, key);
        }
    }

    public static JsonObject ToJson(NodeMetadata node) => node switch
    {
        ArrayMetadata array => ArrayToJson(array),
        GroupMetadata group => GroupToJson(group),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static JsonObject GroupToJson(GroupMetadata group)
    {
        var json = new JsonObject { ["zarr_format"] = 3, ["node_type"] = "group", ["attributes"] = group.Attributes.DeepClone() };
        // Rewriting a consolidated root keeps it consolidated; ConsolidatedMetadata.RefreshIfPresent then brings the entries up to date.
        if (group.Consolidated is { } consolidated)
        {
            var entries = new JsonObject();
            foreach (var (path, node) in consolidated.Where(c => c.Value.ZarrFormat == 3).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                var entry = ToJson(node);
                entry.Remove("consolidated_metadata");
                entries[group.Path.Length == 0 ? path : path[(group.Path.Length + 1)..]] = entry;
            }
            json["consolidated_metadata"] = Hierarchy.ConsolidatedMetadata.Inline(entries);
        }
        return json;
    }

    private static JsonObject ArrayToJson(ArrayMetadata array)
    {
        var json = new JsonObject
        {
            ["zarr_format"] = 3,
            ["node_type"] = "array",
            ["shape"] = JsonHelpers.ToJsonArray(array.Shape),
            ["data_type"] = array.DataType.ToV3Json(),
            ["chunk_grid"] = new JsonObject
            {
                ["name"] = "regular",
                ["configuration"] = new JsonObject { ["chunk_shape"] = JsonHelpers.ToJsonArray(array.ChunkShape) },
            },
            ["chunk_key_encoding"] = array.ChunkKeyEncoding.ToV3Json(),
            ["fill_value"] = array.FillValue.ToJson(array.DataType, v2: false),
            ["codecs"] = array.Codecs.ToV3Json(includeEndian: array.Codecs.SerializedType(array.DataType).HasEndianness),
            ["attributes"] = array.Attributes.DeepClone(),
        };
        if (array.DimensionNames is not null)
            json["dimension_names"] = new JsonArray(array.DimensionNames.Select(n => (JsonNode?)(n is null ? null : JsonValue.Create(n))).ToArray());
        return json;
    }
}
