using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>numcodecs <c>zlib</c> (v3 <c>numcodecs.zlib</c>, also read as <c>zlib</c>): an RFC1950 zlib stream.</summary>
public sealed class ZlibCodec : IBytesToBytesCodec
{
    public const string CodecId = "zlib";
    public const string V3Name = "numcodecs.zlib";

    public ZlibCodec(int level = 1)
    {
        Level = CodecConfig.InRange(level, 0, 9, "level", CodecId, null);
    }

    public int Level { get; }
    public string Name => V3Name;

    /// <summary>numcodecs' Zlib defaults to level 1 when the member is absent.</summary>
    public static ZlibCodec FromV3(JsonObject? configuration, CodecContext context) => FromV2(configuration ?? [], context);

    public static ZlibCodec FromV2(JsonObject v2, CodecContext context) =>
        new(CodecConfig.InRange(CodecConfig.OptionalInt(v2, "level", CodecId, context) ?? 1, 0, 9, "level", CodecId, context));

    public JsonObject ToV3Json() => CodecConfig.V3(V3Name, new JsonObject { ["level"] = Level });
    public JsonObject? ToV2Json() => new() { ["id"] = CodecId, ["level"] = Level };

    public PooledBuffer Encode(ReadOnlySpan<byte> input) => DeflateStreams.Compress(input, Level, gzip: false);

    public PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size) =>
        DeflateStreams.Decompress(input, size, gzip: false, CodecId);
}
