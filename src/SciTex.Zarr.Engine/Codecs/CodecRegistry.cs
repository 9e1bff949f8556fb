using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>Maps codec names (v3) and numcodecs ids (v2) to factories. One place to add a codec.</summary>
public static class CodecRegistry
{
    private delegate ICodec V3Factory(JsonObject? configuration, CodecContext context);
    private delegate IBytesToBytesCodec V2Factory(JsonObject v2, CodecContext context);

    private static readonly Dictionary<string, V3Factory> V3 = new(StringComparer.Ordinal)
    {
        ["bytes"] = BytesCodec.FromV3,
        ["endian"] = BytesCodec.FromV3, // pre-3.0 name, still accepted by zarr-python
        ["transpose"] = TransposeCodec.FromV3,
        ["zstd"] = ZstdCodec.FromV3,
        ["numcodecs.zstd"] = ZstdCodec.FromV3,
        ["vlen-utf8"] = (_, _) => VlenCodec.Utf8,
        ["vlen-bytes"] = (_, _) => VlenCodec.Bytes,
        ["gzip"] = GzipCodec.FromV3,
        ["numcodecs.gzip"] = GzipCodec.FromV3,
        ["zlib"] = ZlibCodec.FromV3,
        ["numcodecs.zlib"] = ZlibCodec.FromV3,
        ["numcodecs.lz4"] = Lz4Codec.FromV3,
        ["crc32c"] = Crc32cCodec.FromV3,
        ["numcodecs.crc32c"] = Crc32cCodec.FromV3,
        [Sharding.ShardingCodec.CodecName] = Sharding.ShardingCodec.FromV3,
        ["blosc"] = Blosc.BloscCodec.FromV3,
        ["numcodecs.blosc"] = Blosc.BloscCodec.FromV3,
    };

    private static readonly Dictionary<string, V2Factory> V2 = new(StringComparer.Ordinal)
    {
        ["zstd"] = ZstdCodec.FromV2,
        ["gzip"] = GzipCodec.FromV2,
        ["zlib"] = ZlibCodec.FromV2,
        ["lz4"] = Lz4Codec.FromV2,
        ["crc32c"] = Crc32cCodec.FromV2,
        ["blosc"] = Blosc.BloscCodec.FromV2,
    };

    /// <summary>Extension point for codecs defined outside this file (blosc, gzip, sharding …).</summary>
    internal static void RegisterV3(string name, Func<JsonObject?, CodecContext, ICodec> factory) => V3[name] = (c, x) => factory(c, x);
    internal static void RegisterV2(string id, Func<JsonObject, CodecContext, IBytesToBytesCodec> factory) => V2[id] = (c, x) => factory(c, x);

    public static IReadOnlyCollection<string> V3Names => V3.Keys;
    public static IReadOnlyCollection<string> V2Ids => V2.Keys;

    /// <summary>Parses one v3 codec entry (an object or a bare name); null when it may be ignored (<c>must_understand: false</c>).</summary>
    public static ICodec? FromV3(JsonNode? entry, CodecContext context)
    {
        string name;
        JsonObject? configuration = null;
        var mustUnderstand = true;
        switch (entry)
        {
            case JsonValue value when value.TryGetValue(out string? bare):
                name = bare;
                break;
            case JsonObject obj:
                name = obj["name"]?.GetValue<string>() ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, "A codec entry has no 'name'", context.Store, context.ArrayPath);
                configuration = obj["configuration"] as JsonObject;
                mustUnderstand = obj["must_understand"]?.GetValue<bool>() ?? true;
                break;
            default:
                throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"A codec entry must be an object or a name, got {entry?.ToJsonString() ?? "null"}", context.Store, context.ArrayPath);
        }
        if (V3.TryGetValue(name, out var factory)) return factory(configuration, context);
        if (!mustUnderstand) return null;
        throw UnknownCodec(name, context);
    }

    /// <summary>Parses a v2 compressor or filter object <c>{"id": …}</c>.</summary>
    public static IBytesToBytesCodec FromV2(JsonObject v2, CodecContext context)
    {
        var id = v2["id"]?.GetValue<string>() ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, "A v2 codec object has no 'id'", context.Store, context.ArrayPath);
        return V2.TryGetValue(id, out var factory) ? factory(v2, context) : throw UnknownCodec(id, context);
    }

    public static ZarrException UnknownCodec(string name, CodecContext context) => new(
        ZarrErrorKind.UnsupportedCodec,
        $"Unsupported codec '{name}' in array '{context.ArrayPath ?? "/"}'. Supported v3 codecs: {string.Join(", ", V3.Keys.Order())}; v2 compressors: {string.Join(", ", V2.Keys.Order())}",
        context.Store, context.ArrayPath);
}
