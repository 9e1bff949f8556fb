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
        ZarrDataType dataType;
        bool bigEndian;
        string dtype;
        switch (json["dtype"])
        {
            case JsonValue dtypeValue when dtypeValue.TryGetValue(out string? text):
                dtype = text;
                (dataType, bigEndian) = ZarrDataType.FromV2(dtype);
                break;
            case JsonArray structured:
                // A NumPy structured dtype: each field names its own byte order, so the bytes codec swaps per field.
                dataType = ZarrDataType.FromV2Structured(structured);
                bigEndian = false;
                dtype = dataType.ToV2DType();
                break;
            default:
                throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"dtype must be a NumPy dtype string or a structured dtype list, got {json["dtype"]?.ToJsonString() ?? "null"}", store, key);
        }
        var order = json["order"]?.GetValue<string>() ?? "C";
        if (order is not ("C" or "F")) throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"order must be 'C' or 'F', got '{order}'", store, key);
        var separator = ChunkKeyEncoding.ParseSeparator(json["dimension_separator"]?.GetValue<string>() ?? ".", store, key);

        var filters = (json["filters"] as JsonArray ?? []).ToList();
        var context = new CodecContext(dataType, chunks, store, path);
        var (arrayToArray, serializer, bytesToBytes, storedType) = ParseFilters(filters, json["compressor"] as JsonObject, dtype, dataType, bigEndian, shape.Length, order == "F", context);
        dataType = storedType;

        // zarr-python 2 writes fill_value 0 for object (string) arrays; read it, like zarrs does, as "no fill" (empty value).
        var fillNode = dtype.EndsWith('O') && json["fill_value"] is JsonValue { } fv && fv.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? null : json["fill_value"];
        var fill = FillValue.Parse(fillNode, dataType, v2: true);
        return new ArrayMetadata(path, 2, shape, chunks, dataType, fill, new ChunkKeyEncoding(false, separator),
            new CodecChain(arrayToArray, serializer, bytesToBytes), attributes);
    }

    /// <summary>
    /// The v2 filter pipeline as a v3 chain. numcodecs applies <c>filters</c> in order, then the compressor: array
    /// filters (delta, fixedscaleoffset, categorize …) become array→array codecs after the order-F transpose; an object
    /// codec (vlen-utf8, vlen-bytes …) becomes the array→bytes codec; bytes filters (shuffle, compressors used as
    /// filters) and the compressor the bytes→bytes codecs. The bytes codec stores the last array filter's output in the
    /// byte order its <c>astype</c> names (the dtype's own byte order when there is no filter).
    /// </summary>
    private static (List<IArrayToArrayCodec>, IArrayToBytesCodec, List<IBytesToBytesCodec>, ZarrDataType) ParseFilters(
        List<JsonNode?> filters, JsonObject? compressor, string dtype, ZarrDataType dataType, bool bigEndian, int rank, bool fortran, CodecContext context)
    {
        var arrayToArray = fortran && rank > 1
            ? new List<IArrayToArrayCodec> { new TransposeCodec(TransposeCodec.Reversed(rank)) }
            : new List<IArrayToArrayCodec>();
        var bytesToBytes = new List<IBytesToBytesCodec>();
        IArrayToBytesCodec? serializer = null;
        var isObject = dtype.EndsWith('O');
        var current = context;
        var storedBigEndian = bigEndian;
        foreach (var node in filters)
        {
            if (node is not JsonObject filter) continue;
            var id = filter["id"]?.GetValue<string>();
            if (isObject && serializer is null && id is not null && ObjectCodecs.TryGetValue(id, out var objectCodec))
            {
                if (arrayToArray.Count > (fortran && rank > 1 ? 1 : 0))
                    throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Object codec '{id}' after an array filter is not supported", context.Store, context.ArrayPath);
                serializer = objectCodec(filter, current);
                if (serializer is VlenCodec { IsUtf8: false }) current = current with { DataType = ZarrDataType.Bytes };
                else if (serializer is ObjectCodec oc) current = current with { DataType = oc.DataType };
                continue;
            }
            var codec = CodecRegistry.FromV2Filter(filter, current);
            switch (codec)
            {
                case IArrayToArrayCodec a2a when serializer is null && bytesToBytes.Count == 0:
                    if (a2a is Codecs.Filters.ArrayFilter first && arrayToArray.Count == (fortran && rank > 1 ? 1 : 0)) first.DecodedBigEndian = bigEndian;
                    arrayToArray.Add(a2a);
                    var spec = a2a.EncodedSpec(new ChunkSpec(current.ChunkShape, current.DataType, FillValue.Default(current.DataType)));
                    current = current with { DataType = spec.DataType, ChunkShape = spec.Shape };
                    storedBigEndian = a2a is Codecs.Filters.ArrayFilter f && f.EncodedBigEndian;
                    break;
                case IArrayToArrayCodec:
                    throw new ZarrException(ZarrErrorKind.UnsupportedCodec,
                        $"Array filter '{id}' after an object codec or a bytes filter is not supported (numcodecs would see bytes there)", context.Store, context.ArrayPath);
                case IBytesToBytesCodec b2b:
                    if (serializer is null && current.DataType.IsVariableLength) throw MissingObjectCodec(context);
                    bytesToBytes.Add(b2b);
                    break;
            }
        }
        if (compressor is not null)
        {
            if (CodecRegistry.FromV2Filter(compressor, current) is IBytesToBytesCodec b2b) bytesToBytes.Add(b2b);
            else throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Compressor '{compressor["id"]}' is not a bytes→bytes codec", context.Store, context.ArrayPath);
        }
        if (serializer is null)
        {
            if (current.DataType.IsVariableLength) throw MissingObjectCodec(context);
            serializer = new BytesCodec(storedBigEndian && current.DataType.HasEndianness);
        }
        var arrayType = isObject && arrayToArray.Count == (fortran && rank > 1 ? 1 : 0) ? current.DataType : dataType;
        return (arrayToArray, serializer, bytesToBytes, arrayType);
    }

    private static ZarrException MissingObjectCodec(CodecContext context) => new(ZarrErrorKind.UnsupportedCodec,
        $"Object (|O) arrays need an object codec first in filters ({string.Join(", ", ObjectCodecs.Keys.Order())}) or categorize", context.Store, context.ArrayPath);

    /// <summary>numcodecs object codecs: for <c>|O</c> arrays, the first filter, serialising the objects.</summary>
    internal static readonly Dictionary<string, Func<JsonObject, CodecContext, IArrayToBytesCodec>> ObjectCodecs = new(StringComparer.Ordinal)
    {
        ["vlen-utf8"] = (_, _) => VlenCodec.Utf8,
        ["vlen-bytes"] = (_, _) => VlenCodec.Bytes,
        ["pickle"] = PickleObjectCodec.FromV2,
        ["json2"] = Json2Codec.FromV2,
        ["msgpack2"] = MsgPack2Codec.FromV2,
        ["vlen-array"] = VlenArrayCodec.FromV2,
    };

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
        var isFortran = chain.ArrayToArray.Count >= 1 && chain.ArrayToArray[0] is TransposeCodec t && t.Order.SequenceEqual(TransposeCodec.Reversed(array.Rank));
        var filters = new JsonArray();
        foreach (var codec in chain.ArrayToArray.Skip(isFortran ? 1 : 0))
        {
            if (codec is TransposeCodec)
                throw new ZarrException(ZarrErrorKind.UnsupportedCodec, "Zarr v2 can only express a full axis reversal (order F) as a transpose, before any filter", null, array.Path);
            filters.Add(codec.ToV2Json() ?? throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Codec '{codec.Name}' has no Zarr v2 form", null, array.Path));
        }
        var hasArrayFilters = filters.Count > 0;
        var bigEndian = hasArrayFilters
            ? chain.ArrayToArray.Skip(isFortran ? 1 : 0).First() is Codecs.Filters.ArrayFilter { DecodedBigEndian: true }
            : chain.ArrayToBytes is BytesCodec { BigEndian: true };
        if (chain.ArrayToBytes is not BytesCodec)
            filters.Add(chain.ArrayToBytes.ToV2Json() ?? throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Codec '{chain.ArrayToBytes.Name}' has no Zarr v2 form", null, array.Path));
        // The last bytes→bytes codec is the compressor, unless it is a filter-only codec (shuffle).
        var compressorCount = chain.BytesToBytes.Count > 0 && chain.BytesToBytes[^1] is not Codecs.Filters.ShuffleCodec ? 1 : 0;
        foreach (var codec in chain.BytesToBytes.Take(chain.BytesToBytes.Count - compressorCount))
            filters.Add(codec.ToV2Json() ?? throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Codec '{codec.Name}' has no Zarr v2 form", null, array.Path));
        var compressor = compressorCount == 1
            ? chain.BytesToBytes[^1].ToV2Json() ?? throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Codec '{chain.BytesToBytes[^1].Name}' has no Zarr v2 form", null, array.Path)
            : null;
        var json = new JsonObject
        {
            ["chunks"] = JsonHelpers.ToJsonArray(array.ChunkShape),
            ["compressor"] = compressor,
            ["dtype"] = array.DataType.Kind == DataTypeKind.Struct ? array.DataType.ToV2Structured()
                : array.Codecs.ArrayToBytes is ObjectCodec || (array.DataType.IsVariableLength) ? "|O" : array.DataType.ToV2DType(bigEndian),
            ["fill_value"] = array.FillValue.ToJson(array.DataType, v2: true),
            ["filters"] = filters.Count == 0 ? null : filters,
            ["order"] = isFortran ? "F" : "C",
            ["shape"] = JsonHelpers.ToJsonArray(array.Shape),
            ["zarr_format"] = 2,
        };
        if (array.ChunkKeyEncoding.Separator == '/') json["dimension_separator"] = "/";
        return json;
    }

    public static JsonObject GroupToJson() => new() { ["zarr_format"] = 2 };
}
