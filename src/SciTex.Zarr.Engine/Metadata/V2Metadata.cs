using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Metadata;

/// <summary>
/// Reads and writes v2 <c>.zarray</c>/<c>.zgroup</c>/<c>.zattrs</c>. A v2 array becomes the equivalent v3 codec chain:
/// <c>order: "F"</c> → transpose, dtype byte order → bytes endian, object codec filter → vlen codec,
/// other filters then the compressor → bytes→bytes codecs.
/// </summary>
public static class V2Metadata
{
    public const string ArrayDocument = ".zarray";
    public const string GroupDocument = ".zgroup";
    public const string AttributesDocument = ".zattrs";

    public static ArrayMetadata ParseArray(JsonObject json, JsonObject? attributes, string path, string? store) =>
        JsonHelpers.Located(() => ParseArrayCore(json, attributes, path, store), store, StoreKeys.Join(path, ArrayDocument));

    private static ArrayMetadata ParseArrayCore(JsonObject json, JsonObject? attributes, string path, string? store)
    {
        var key = StoreKeys.Join(path, ArrayDocument);
        var format = JsonHelpers.Required<int>(json, "zarr_format", store, key);
        if (format != 2) throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"zarr_format is {format}, expected 2", store, key);
        var shape = JsonHelpers.LongArray(json["shape"], "shape", store, key);
        var chunks = JsonHelpers.IntArray(json["chunks"], "chunks", store, key);
        if (chunks.Length != shape.Length)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"shape has {shape.Length} dimensions but chunks has {chunks.Length}", store, key);
        if (json["dtype"] is not JsonValue dtypeValue || !dtypeValue.TryGetValue(out string? dtype))
            throw new ZarrException(ZarrErrorKind.UnsupportedDataType, $"Structured dtype {json["dtype"]?.ToJsonString()} is not supported", store, key);
        var (dataType, bigEndian) = ZarrDataType.FromV2(dtype);
        var order = json["order"]?.GetValue<string>() ?? "C";
        if (order is not ("C" or "F")) throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"order must be 'C' or 'F', got '{order}'", store, key);
        var separator = ChunkKeyEncoding.ParseSeparator(json["dimension_separator"]?.GetValue<string>() ?? ".", store, key);

        var filters = json["filters"] as JsonArray ?? [];
        var context = new CodecContext(dataType, chunks, store, path);
        IArrayToBytesCodec serializer;
        var bytesToBytes = new List<IBytesToBytesCodec>();
        if (dtype.EndsWith('O'))
        {
            var objectCodec = filters.FirstOrDefault(f => f?["id"]?.GetValue<string>() is "vlen-utf8" or "vlen-bytes")?["id"]?.GetValue<string>()
                ?? throw new ZarrException(ZarrErrorKind.UnsupportedCodec, "Object (|O) arrays need a vlen-utf8 or vlen-bytes filter; other object codecs are not supported", store, key);
            serializer = objectCodec == "vlen-utf8" ? VlenCodec.Utf8 : VlenCodec.Bytes;
            if (objectCodec == "vlen-bytes") dataType = ZarrDataType.Bytes;
            context = context with { DataType = dataType };
        }
        else
        {
            serializer = new BytesCodec(bigEndian);
        }
        foreach (var filter in filters)
        {
            if (filter is not JsonObject f) continue;
            if (f["id"]?.GetValue<string>() is "vlen-utf8" or "vlen-bytes") continue;
            bytesToBytes.Add(CodecRegistry.FromV2(f, context));
        }
        if (json["compressor"] is JsonObject compressor) bytesToBytes.Add(CodecRegistry.FromV2(compressor, context));

        var arrayToArray = order == "F" && shape.Length > 1
            ? new List<IArrayToArrayCodec> { new TransposeCodec(TransposeCodec.Reversed(shape.Length)) }
            : new List<IArrayToArrayCodec>();
        // zarr-python 2 writes fill_value 0 for object (string) arrays; read it, like zarrs does, as "no fill" (empty value).
        var fillNode = dtype.EndsWith('O') && json["fill_value"] is JsonValue { } fv && fv.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? null : json["fill_value"];
        var fill = FillValue.Parse(fillNode, dataType, v2: true);
        return new ArrayMetadata(path, 2, shape, chunks, dataType, fill, new ChunkKeyEncoding(false, separator),
            new CodecChain(arrayToArray, serializer, bytesToBytes), attributes);
    }

    public static GroupMetadata ParseGroup(JsonObject json, JsonObject? attributes, string path, string? store) =>
        JsonHelpers.Located(() => ParseGroupCore(json, attributes, path, store), store, StoreKeys.Join(path, GroupDocument));

    private static GroupMetadata ParseGroupCore(JsonObject json, JsonObject? attributes, string path, string? store)
    {
        var key = StoreKeys.Join(path, GroupDocument);
        var format = JsonHelpers.Required<int>(json, "zarr_format", store, key);
        if (format != 2) throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"zarr_format is {format}, expected 2", store, key);
        return new GroupMetadata(path, 2, attributes);
    }

    public static JsonObject ArrayToJson(ArrayMetadata array)
    {
        var chain = array.Codecs;
        var isFortran = chain.ArrayToArray.Count == 1 && chain.ArrayToArray[0] is TransposeCodec t && t.Order.SequenceEqual(TransposeCodec.Reversed(array.Rank));
        if (chain.ArrayToArray.Count > (isFortran ? 1 : 0))
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, "Zarr v2 can only express a full axis reversal (order F) as a transpose", null, array.Path);
        var bigEndian = chain.ArrayToBytes is BytesCodec { BigEndian: true };
        JsonNode? filters = null;
        if (chain.ArrayToBytes is VlenCodec vlen) filters = new JsonArray(vlen.ToV2Json());
        else if (chain.ArrayToBytes is not BytesCodec)
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Codec '{chain.ArrayToBytes.Name}' has no Zarr v2 form", null, array.Path);
        if (chain.BytesToBytes.Count > 1)
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, "Zarr v2 arrays take one compressor", null, array.Path);
        var compressor = chain.BytesToBytes.Count == 1
            ? chain.BytesToBytes[0].ToV2Json() ?? throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Codec '{chain.BytesToBytes[0].Name}' has no Zarr v2 form", null, array.Path)
            : null;
        var json = new JsonObject
        {
            ["chunks"] = JsonHelpers.ToJsonArray(array.ChunkShape),
            ["compressor"] = compressor,
            ["dtype"] = array.DataType.ToV2DType(bigEndian),
            ["fill_value"] = array.FillValue.ToJson(array.DataType, v2: true),
            ["filters"] = filters,
            ["order"] = isFortran ? "F" : "C",
            ["shape"] = JsonHelpers.ToJsonArray(array.Shape),
            ["zarr_format"] = 2,
        };
        if (array.ChunkKeyEncoding.Separator == '/') json["dimension_separator"] = "/";
        return json;
    }

    public static JsonObject GroupToJson() => new() { ["zarr_format"] = 2 };
}
