using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>v3 <c>gzip</c> / numcodecs <c>gzip</c>: an RFC1952 gzip stream (not a bare zlib stream).</summary>
public sealed class GzipCodec : IBytesToBytesCodec
{
    public const string CodecName = "gzip";

    public GzipCodec(int level = 1)
    {
        Level = CodecConfig.InRange(level, 0, 9, "level", CodecName, null);
    }

    public int Level { get; }
    public string Name => CodecName;

    public static GzipCodec FromV3(JsonObject? configuration, CodecContext context) =>
        new(CodecConfig.InRange(CodecConfig.RequiredInt(configuration, "level", CodecName, context), 0, 9, "level", CodecName, context));

    /// <summary>numcodecs' GZip defaults to level 1.</summary>
    public static GzipCodec FromV2(JsonObject v2, CodecContext context) =>
        new(CodecConfig.InRange(CodecConfig.OptionalInt(v2, "level", CodecName, context) ?? 1, 0, 9, "level", CodecName, context));

    public JsonObject ToV3Json() => CodecConfig.V3(CodecName, new JsonObject { ["level"] = Level });
    public JsonObject? ToV2Json() => new() { ["id"] = CodecName, ["level"] = Level };

    public PooledBuffer Encode(ReadOnlySpan<byte> input) => DeflateStreams.Compress(input, Level, gzip: true);

    public PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size) =>
        DeflateStreams.Decompress(input, size, gzip: true, CodecName);
}
