using System.Buffers.Binary;
using System.Text.Json.Nodes;
using ICSharpCode.SharpZipLib.BZip2;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>
/// numcodecs <c>BZ2(level)</c> (v3 <c>numcodecs.bz2</c>): a .bz2 stream (Python's <c>bz2.compress</c>), through
/// SharpZipLib. Decoding stops at the chunk's size like the other stream codecs.
/// </summary>
public sealed class Bz2Codec : IBytesToBytesCodec
{
    public const string CodecId = "bz2";

    public Bz2Codec(int level = 1) => Level = CodecConfig.InRange(level, 1, 9, "level", CodecId, null);

    public int Level { get; }
    public string Name => "numcodecs.bz2";

    public static Bz2Codec FromV3(JsonObject? configuration, CodecContext context) => FromV2(configuration ?? [], context);

    public static Bz2Codec FromV2(JsonObject v2, CodecContext context) =>
        new(CodecConfig.InRange(CodecConfig.OptionalInt(v2, "level", CodecId, context) ?? 1, 1, 9, "level", CodecId, context));

    public JsonObject ToV3Json() => CodecConfig.V3(Name, new JsonObject { ["level"] = Level });
    public JsonObject? ToV2Json() => new() { ["id"] = CodecId, ["level"] = Level };

    public PooledBuffer Encode(ReadOnlySpan<byte> input)
    {
        using var output = new MemoryStream();
        using (var bz = new BZip2OutputStream(output, Level) { IsStreamOwner = false })
            bz.Write(input);
        return PooledBuffer.CopyOf(output.GetBuffer().AsSpan(0, (int)output.Length));
    }

    public unsafe PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size)
    {
        fixed (byte* p = input)
        {
            using var source = new UnmanagedMemoryStream(p, input.Length);
            try
            {
                using var bz = new BZip2InputStream(source) { IsStreamOwner = false };
                return StreamDecoding.ReadAll(bz, size, input.Length, CodecId);
            }
            catch (Exception e) when (e is BZip2Exception or ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException or IOException or IndexOutOfRangeException)
            {
                throw CorruptData.Error(CodecId, $"not a valid bz2 stream ({e.Message})", e);
            }
        }
    }
}

/// <summary>
/// numcodecs' 32-bit checksum codecs: <c>adler32</c> (zlib's Adler-32, 4 bytes LE before the data unless
/// <c>location</c> is "end") and <c>fletcher32</c> (HDF5's Fletcher-32 over big-endian 16-bit words, 4 bytes LE
/// after the data). Both are verified on read: a mismatch is ZarrChecksumMismatch.
/// </summary>
public sealed class Checksum32Codec : IBytesToBytesCodec
{
    private Checksum32Codec(string id, bool atStart)
    {
        Id = id;
        AtStart = atStart;
    }

    public string Id { get; }
    public bool AtStart { get; }
    public string Name => "numcodecs." + Id;

    public static Checksum32Codec Adler32(bool atStart = true) => new("adler32", atStart);
    public static Checksum32Codec Fletcher32() => new("fletcher32", false);

    public static Checksum32Codec AdlerFromV2(JsonObject? v2, CodecContext context) =>
        (CodecConfig.OptionalString(v2, "location", "adler32", context) ?? "start") switch
        {
            "start" => Adler32(true),
            "end" => Adler32(false),
            var other => throw CodecConfig.Invalid("adler32", $"'location' must be \"start\" or \"end\", got \"{other}\"", context),
        };

    public static Checksum32Codec FletcherFromV2(JsonObject? v2, CodecContext context) => Fletcher32();

    public JsonObject ToV3Json() => CodecConfig.V3(Name, Id == "adler32" && !AtStart ? new JsonObject { ["location"] = "end" } : new JsonObject());
    public JsonObject? ToV2Json() => Id == "adler32" && !AtStart ? new() { ["id"] = Id, ["location"] = "end" } : new() { ["id"] = Id };

    private uint Compute(ReadOnlySpan<byte> data) => Id == "adler32" ? Compression.Adler32.Compute(data) : Fletcher(data);

    /// <summary>numcodecs' <c>_fletcher32</c>: 16-bit big-endian words, sums folded every 360 words, a trailing odd byte as a high byte.</summary>
    internal static uint Fletcher(ReadOnlySpan<byte> data)
    {
        uint sum1 = 0, sum2 = 0;
        var words = data.Length / 2;
        var at = 0;
        while (words > 0)
        {
            var block = Math.Min(words, 360);
            words -= block;
            for (var i = 0; i < block; i++, at += 2)
            {
                sum1 += (uint)(data[at] << 8 | data[at + 1]);
                sum2 += sum1;
            }
            sum1 = (sum1 & 0xffff) + (sum1 >> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >> 16);
        }
        if (data.Length % 2 == 1)
        {
            sum1 += (uint)data[at] << 8;
            sum2 += sum1;
            sum1 = (sum1 & 0xffff) + (sum1 >> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >> 16);
        }
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
        return sum2 << 16 | sum1;
    }

    public PooledBuffer Encode(ReadOnlySpan<byte> input)
    {
        var output = PooledBuffer.Rent(input.Length + 4);
        var span = output.Span;
        input.CopyTo(span[(AtStart ? 4 : 0)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(AtStart ? 0 : input.Length, 4), Compute(input));
        return output;
    }

    public PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size)
    {
        if (input.Length < 4) throw CorruptData.Error(Id, $"chunk of {input.Length} bytes is too short to hold a 4-byte checksum");
        if (!size.Allows(input.Length - 4)) throw size.TooLarge(Id);
        var data = AtStart ? input[4..] : input[..^4];
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(AtStart ? input[..4] : input[^4..]);
        var computed = Compute(data);
        if (stored != computed)
            throw new ZarrException(ZarrErrorKind.ChecksumMismatch, $"{Id} checksum mismatch: stored 0x{stored:X8}, computed 0x{computed:X8}");
        return PooledBuffer.CopyOf(data);
    }
}
