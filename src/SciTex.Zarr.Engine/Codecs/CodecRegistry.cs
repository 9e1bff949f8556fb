using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.Codecs.Filters;
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
        ["numcodecs.bz2"] = (c, x) => Bz2Codec.FromV3(c, x),
        ["numcodecs.adler32"] = (c, x) => Checksum32Codec.AdlerFromV2(c, x),
        ["numcodecs.fletcher32"] = (c, x) => Checksum32Codec.FletcherFromV2(c, x),
        // numcodecs filters as zarr-python 3 names them (numcodecs.zarr3), and the zarr-extensions forms.
        ["numcodecs.delta"] = (c, x) => DeltaCodec.Create(c, x, "numcodecs.delta"),
        ["numcodecs.fixedscaleoffset"] = (c, x) => FixedScaleOffsetCodec.Create(c, x, "numcodecs.fixedscaleoffset"),
        ["numcodecs.quantize"] = (c, x) => QuantizeCodec.Create(c, x, "numcodecs.quantize"),
        ["numcodecs.bitround"] = (c, x) => BitRoundCodec.Create(c, x, "numcodecs.bitround"),
        ["bitround"] = (c, x) => BitRoundCodec.Create(c, x, "bitround"),
        ["numcodecs.packbits"] = (c, x) => PackBitsCodec.Create(c, x, "numcodecs.packbits"),
        ["numcodecs.astype"] = (c, x) => AsTypeCodec.Create(c, x, "numcodecs.astype"),
        ["numcodecs.categorize"] = (c, x) => CategorizeCodec.Create(c, x, "numcodecs.categorize"),
        ["numcodecs.shuffle"] = (c, x) => ShuffleCodec.Create(c, x, "numcodecs.shuffle"),
        [ScaleOffsetCodec.CodecName] = (c, x) => ScaleOffsetCodec.Create(c, x),
        [CastValueCodec.CodecName] = (c, x) => CastValueCodec.Create(c, x),
        // zarrs' optional data type: validity mask and present values, each through its own chain.
        [OptionalCodec.CodecName] = OptionalCodec.FromV3,
        [PackBitsArrayCodec.CodecName] = PackBitsArrayCodec.FromV3,
    };

    /// <summary>numcodecs filters (v2 <c>filters</c> entries): array→array codecs, and shuffle (bytes→bytes).</summary>
    private static readonly Dictionary<string, Func<JsonObject, CodecContext, ICodec>> V2Filters = new(StringComparer.Ordinal)
    {
        [DeltaCodec.Id] = (c, x) => DeltaCodec.Create(c, x, "numcodecs.delta"),
        [FixedScaleOffsetCodec.Id] = (c, x) => FixedScaleOffsetCodec.Create(c, x, "numcodecs.fixedscaleoffset"),
        [QuantizeCodec.Id] = (c, x) => QuantizeCodec.Create(c, x, "numcodecs.quantize"),
        [BitRoundCodec.Id] = (c, x) => BitRoundCodec.Create(c, x, "numcodecs.bitround"),
        [PackBitsCodec.Id] = (c, x) => PackBitsCodec.Create(c, x, "numcodecs.packbits"),
        [AsTypeCodec.Id] = (c, x) => AsTypeCodec.Create(c, x, "numcodecs.astype"),
        [CategorizeCodec.Id] = (c, x) => CategorizeCodec.Create(c, x, "numcodecs.categorize"),
        [ShuffleCodec.Id] = (c, x) => ShuffleCodec.Create(c, x, "numcodecs.shuffle"),
    };

    private const string ReEncode =
        "to read the array here, re-encode it where the codec is installed, e.g. in zarr-python: zarr.open(src)[:] written to a new array with compressor=Zstd() (v2) or a zstd codec (v3)";

    /// <summary>Codecs known and deliberately not implemented, with the reason the error gives.</summary>
    private static readonly Dictionary<string, string> NotImplemented = new(StringComparer.Ordinal)
    {
        ["pcodec"] = "not supported: pcodec has no managed .NET implementation (its only decoder is the Rust pco library) and this module loads no native code; "
                     + ReEncode,
        ["zfpy"] = "not supported: ZFP needs the native zfp library and there is no managed .NET implementation; " + ReEncode,
        ["zfp"] = "not supported: ZFP needs the native zfp library and there is no managed .NET implementation; " + ReEncode,
        ["lzma"] = "LZMA/xz has no maintained managed .NET package served here",
    };

    private static readonly Dictionary<string, V2Factory> V2 = new(StringComparer.Ordinal)
    {
        ["zstd"] = ZstdCodec.FromV2,
        ["gzip"] = GzipCodec.FromV2,
        ["zlib"] = ZlibCodec.FromV2,
        ["lz4"] = Lz4Codec.FromV2,
        ["crc32c"] = Crc32cCodec.FromV2,
        ["blosc"] = Blosc.BloscCodec.FromV2,
        ["bz2"] = Bz2Codec.FromV2,
        ["adler32"] = Checksum32Codec.AdlerFromV2,
        ["fletcher32"] = Checksum32Codec.FletcherFromV2,
    };

    /// <summary>Extension point for codecs defined outside this file (blosc, gzip, sharding …).</summary>
    internal static void RegisterV3(string name, Func<JsonObject?, CodecContext, ICodec> factory) => V3[name] = (c, x) => factory(c, x);
    internal static void RegisterV2(string id, Func<JsonObject, CodecContext, IBytesToBytesCodec> factory) => V2[id] = (c, x) => factory(c, x);

    public static IReadOnlyCollection<string> V3Names => V3.Keys;
    public static IReadOnlyCollection<string> V2Ids => V2.Keys;
    public static IReadOnlyCollection<string> V2FilterIds => V2Filters.Keys;

    /// <summary>
    /// Parses a v3 codec list, telling each codec the data type it actually receives (an array→array codec such as
    /// <c>numcodecs.fixedscaleoffset</c> or <c>cast_value</c> changes it for the codecs after it).
    /// </summary>
    public static CodecChain ChainFromV3(JsonArray entries, CodecContext context)
    {
        var codecs = new List<ICodec>(entries.Count);
        var current = context;
        foreach (var entry in entries)
        {
            if (FromV3(entry, current) is not { } codec) continue;
            codecs.Add(codec);
            if (codec is IArrayToArrayCodec a2a)
            {
                var spec = a2a.EncodedSpec(new ChunkSpec(current.ChunkShape, current.DataType, DataTypes.FillValue.Default(current.DataType)));
                current = current with { DataType = spec.DataType, ChunkShape = spec.Shape };
            }
        }
        return CodecChain.FromCodecs(codecs, context.Store, context.ArrayPath);
    }

    /// <summary>Parses a v2 <c>filters</c> entry: a numcodecs filter, or any compressor id (bytes→bytes).</summary>
    public static ICodec FromV2Filter(JsonObject v2, CodecContext context)
    {
        var id = v2["id"]?.GetValue<string>() ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, "A v2 filter object has no 'id'", context.Store, context.ArrayPath);
        return V2Filters.TryGetValue(id, out var factory) ? factory(v2, context) : FromV2(v2, context);
    }

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

    public static ZarrException UnknownCodec(string name, CodecContext context)
    {
        var bare = name.StartsWith("numcodecs.", StringComparison.Ordinal) ? name["numcodecs.".Length..] : name;
        var reason = NotImplemented.TryGetValue(name, out var r) || NotImplemented.TryGetValue(bare, out r) ? $" ({r})" : "";
        return new(ZarrErrorKind.UnsupportedCodec,
            $"Unsupported codec '{name}' in array '{(string.IsNullOrEmpty(context.ArrayPath) ? "/" : context.ArrayPath)}'{reason}. Supported v3 codecs: {string.Join(", ", V3.Keys.Order())}; " +
            $"v2 compressors: {string.Join(", ", V2.Keys.Order())}; v2 filters: {string.Join(", ", V2Filters.Keys.Order())}; " +
            $"known but not implemented: {string.Join(", ", NotImplemented.Keys.Order())}",
            context.Store, context.ArrayPath);
    }
}
