using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>
/// v3 <c>crc32c</c>: the CRC-32C of the data as 4 bytes little-endian after it. numcodecs' v2 <c>crc32c</c> (≥ 0.14)
/// puts the checksum <em>before</em> the data unless <c>location</c> is "end", so the position is a parameter.
/// </summary>
public sealed class Crc32cCodec : IBytesToBytesCodec
{
    public const string CodecName = "crc32c";

    public Crc32cCodec(bool checksumAtStart = false)
    {
        ChecksumAtStart = checksumAtStart;
    }

    public bool ChecksumAtStart { get; }
    public string Name => CodecName;

    public static Crc32cCodec FromV3(JsonObject? configuration, CodecContext context) => new(false);

    public static Crc32cCodec FromV2(JsonObject v2, CodecContext context)
    {
        var location = CodecConfig.OptionalString(v2, "location", CodecName, context) ?? "start";
        return location switch
        {
            "start" => new Crc32cCodec(true),
            "end" => new Crc32cCodec(false),
            _ => throw CodecConfig.Invalid(CodecName, $"'location' must be \"start\" or \"end\", got \"{location}\"", context),
        };
    }

    public JsonObject ToV3Json() => new() { ["name"] = CodecName };
    public JsonObject? ToV2Json() => new() { ["id"] = CodecName, ["location"] = ChecksumAtStart ? "start" : "end" };

    public PooledBuffer Encode(ReadOnlySpan<byte> input)
    {
        var output = PooledBuffer.Rent(input.Length + 4);
        var span = output.Span;
        var dataAt = ChecksumAtStart ? 4 : 0;
        input.CopyTo(span[dataAt..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(ChecksumAtStart ? 0 : input.Length, 4), Crc32C.Compute(input));
        return output;
    }

    public PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size)
    {
        if (input.Length < 4)
            throw CorruptData.Error(CodecName, $"chunk of {input.Length} bytes is too short to hold a 4-byte checksum");
        if (!size.Allows(input.Length - 4)) throw size.TooLarge(CodecName);
        var data = ChecksumAtStart ? input[4..] : input[..^4];
        var stored = Crc32C.ReadStored(ChecksumAtStart ? input[..4] : input[^4..]);
        var computed = Crc32C.Compute(data);
        if (stored != computed)
            throw new ZarrException(ZarrErrorKind.ChecksumMismatch, $"crc32c checksum mismatch: stored 0x{stored:X8}, computed 0x{computed:X8}");
        return PooledBuffer.CopyOf(data);
    }
}
