using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// v3 <c>blosc</c> and numcodecs v2 <c>blosc</c>: Blosc 1 frames byte-compatible with libblosc 1.21 (numcodecs ≤ 0.15,
/// zarr-python 2 and 3, zarrita). Decoding reads any Blosc 1 frame whatever its settings; the settings here only shape
/// what <see cref="Encode"/> writes.
/// </summary>
public sealed class BloscCodec : IBytesToBytesCodec
{
    public const string CodecName = "blosc";

    public BloscCodec(string cname = "lz4", int clevel = 5, BloscShuffle shuffle = BloscShuffle.Shuffle, int typesize = 1, int blocksize = 0)
    {
        Compressor = BloscNames.ParseCompressor(cname) ?? throw UnknownCompressor(cname, null);
        CLevel = CodecConfig.InRange(clevel, 0, 9, "clevel", CodecName, null);
        if (!Enum.IsDefined(shuffle)) throw CodecConfig.Invalid(CodecName, $"'shuffle' {(int)shuffle} is not one of -1, 0, 1, 2", null);
        Shuffle = shuffle;
        TypeSize = typesize >= 1 ? typesize : throw CodecConfig.Invalid(CodecName, $"'typesize' must be at least 1, got {typesize}", null);
        BlockSize = blocksize >= 0 ? blocksize : throw CodecConfig.Invalid(CodecName, $"'blocksize' must be 0 (automatic) or positive, got {blocksize}", null);
    }

    public BloscCompressor Compressor { get; }
    public string CName => Compressor.Name();
    public int CLevel { get; }
    /// <summary>The configured shuffle; <see cref="BloscShuffle.Auto"/> only comes from v2 metadata.</summary>
    public BloscShuffle Shuffle { get; }
    public int TypeSize { get; }
    public int BlockSize { get; }
    public string Name => CodecName;

    /// <summary>numcodecs' AUTOSHUFFLE resolved: bit shuffle for 1-byte items, byte shuffle otherwise.</summary>
    public BloscShuffle EffectiveShuffle => Shuffle != BloscShuffle.Auto ? Shuffle
        : TypeSize == 1 ? BloscShuffle.BitShuffle : BloscShuffle.Shuffle;

    /// <summary>Threads one large chunk may use; set to 1 when the caller already encodes/decodes chunks in parallel.</summary>
    public static int MaxThreadsPerChunk
    {
        get => BloscBlockWork.MaxThreads;
        set => BloscBlockWork.MaxThreads = Math.Max(1, value);
    }

    public static BloscCodec FromV3(JsonObject? configuration, CodecContext context)
    {
        var cname = CodecConfig.RequiredString(configuration, "cname", CodecName, context);
        var clevel = CodecConfig.InRange(CodecConfig.RequiredInt(configuration, "clevel", CodecName, context), 0, 9, "clevel", CodecName, context);
        var shuffleName = CodecConfig.RequiredString(configuration, "shuffle", CodecName, context);
        var shuffle = BloscNames.ParseV3Shuffle(shuffleName)
            ?? throw CodecConfig.Invalid(CodecName, $"'shuffle' must be \"noshuffle\", \"shuffle\" or \"bitshuffle\", got \"{shuffleName}\"", context);
        var typesize = CodecConfig.OptionalInt(configuration, "typesize", CodecName, context) ?? ItemSize(context);
        if (typesize < 1) throw CodecConfig.Invalid(CodecName, $"'typesize' must be at least 1, got {typesize}", context);
        var blocksize = CodecConfig.OptionalInt(configuration, "blocksize", CodecName, context) ?? 0;
        if (blocksize < 0) throw CodecConfig.Invalid(CodecName, $"'blocksize' must be 0 (automatic) or positive, got {blocksize}", context);
        _ = BloscNames.ParseCompressor(cname) ?? throw UnknownCompressor(cname, context);
        return new BloscCodec(cname, clevel, shuffle, typesize, blocksize);
    }

    /// <summary>numcodecs defaults: lz4, level 5, byte shuffle, automatic block size; typesize is the array's item size.</summary>
    public static BloscCodec FromV2(JsonObject v2, CodecContext context)
    {
        var cname = CodecConfig.OptionalString(v2, "cname", CodecName, context) ?? "lz4";
        var clevel = CodecConfig.InRange(CodecConfig.OptionalInt(v2, "clevel", CodecName, context) ?? 5, 0, 9, "clevel", CodecName, context);
        var shuffle = CodecConfig.InRange(CodecConfig.OptionalInt(v2, "shuffle", CodecName, context) ?? 1, -1, 2, "shuffle", CodecName, context);
        var blocksize = CodecConfig.OptionalInt(v2, "blocksize", CodecName, context) ?? 0;
        if (blocksize < 0) throw CodecConfig.Invalid(CodecName, $"'blocksize' must be 0 (automatic) or positive, got {blocksize}", context);
        _ = BloscNames.ParseCompressor(cname) ?? throw UnknownCompressor(cname, context);
        return new BloscCodec(cname, clevel, (BloscShuffle)shuffle, ItemSize(context), blocksize);
    }

    public JsonObject ToV3Json() => CodecConfig.V3(CodecName, new JsonObject
    {
        ["cname"] = CName,
        ["clevel"] = CLevel,
        ["shuffle"] = EffectiveShuffle.V3Name(),
        ["typesize"] = TypeSize,
        ["blocksize"] = BlockSize,
    });

    public JsonObject? ToV2Json() => new()
    {
        ["id"] = CodecName,
        ["cname"] = CName,
        ["clevel"] = CLevel,
        ["shuffle"] = (int)Shuffle,
        ["blocksize"] = BlockSize,
    };

    public PooledBuffer Encode(ReadOnlySpan<byte> input) =>
        BloscEncoder.Encode(input, Compressor, CLevel, EffectiveShuffle, TypeSize, BlockSize);

    /// <summary>The frame's header gives the decoded size; it is checked against the limit before anything is allocated.</summary>
    public PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size) => BloscDecoder.Decode(input, size);

    private static int ItemSize(CodecContext context) => context.DataType.ItemSize > 0 ? context.DataType.ItemSize : 1;

    private static ZarrException UnknownCompressor(string cname, CodecContext? context) =>
        new(ZarrErrorKind.UnsupportedCodec,
            $"codec 'blosc': unknown compressor '{cname}' (supported: blosclz, lz4, lz4hc, snappy, zlib, zstd)",
            context?.Store, context?.ArrayPath);
}
