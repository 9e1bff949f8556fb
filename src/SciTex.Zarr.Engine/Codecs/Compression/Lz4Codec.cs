using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>numcodecs <c>lz4</c> (v3 <c>numcodecs.lz4</c>): uint32 LE decoded size, then one raw LZ4 block.</summary>
public sealed class Lz4Codec : IBytesToBytesCodec, IDecodeInto
{
    public const string CodecId = "lz4";
    public const string V3Name = "numcodecs.lz4";

    // LZ4 cannot expand a literal-free match stream beyond ~255:1; a larger claimed size is garbage, not data.
    private const long MaxRatio = 256;

    public Lz4Codec(int acceleration = 1)
    {
        Acceleration = CodecConfig.InRange(acceleration, 1, 65537, "acceleration", CodecId, null);
    }

    public int Acceleration { get; }
    public string Name => V3Name;

    public static Lz4Codec FromV3(JsonObject? configuration, CodecContext context) => FromV2(configuration ?? [], context);

    public static Lz4Codec FromV2(JsonObject v2, CodecContext context)
    {
        // numcodecs treats acceleration ≤ 0 as 1 (liblz4 does the same).
        var acceleration = CodecConfig.OptionalInt(v2, "acceleration", CodecId, context) ?? 1;
        return new Lz4Codec(CodecConfig.InRange(Math.Max(acceleration, 1), 1, 65537, "acceleration", CodecId, context));
    }

    public JsonObject ToV3Json() => CodecConfig.V3(V3Name, new JsonObject { ["acceleration"] = Acceleration });
    public JsonObject? ToV2Json() => new() { ["id"] = CodecId, ["acceleration"] = Acceleration };

    public PooledBuffer Encode(ReadOnlySpan<byte> input)
    {
        var output = PooledBuffer.Rent(4 + Lz4Block.MaxCompressedSize(input.Length));
        BinaryPrimitives.WriteInt32LittleEndian(output.Array, input.Length);
        var written = Lz4Block.Compress(input, output.Array.AsSpan(4, output.Length - 4), Acceleration);
        if (written <= 0)
        {
            output.Dispose();
            throw new InvalidOperationException($"lz4: compression failed for {input.Length} bytes");
        }
        output.SetLength(4 + written);
        return output;
    }

    public PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size)
    {
        // The header's size is checked against the limit before anything is allocated.
        var declared = DeclaredSize(input);
        if (!size.Allows(declared)) throw size.TooLarge(CodecId, declared);
        if (size.IsExact && declared != size.Limit) throw size.TooSmall(CodecId, declared);
        var output = PooledBuffer.Rent(declared);
        try
        {
            ((IDecodeInto)this).DecodeInto(input, output.Span);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Decodes straight into the caller's buffer (the array's own memory on whole-chunk reads).</summary>
    int IDecodeInto.DecodeInto(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        var size = DeclaredSize(input);
        if (size > destination.Length) throw DecodedSize.Exactly(destination.Length).TooLarge(CodecId, size);
        if (size != destination.Length)
            throw CorruptData.Error(CodecId, $"LZ4 header says {size} bytes but the chunk needs {destination.Length}");
        if (size == 0) return 0;
        var decoded = Lz4Block.Decompress(input[4..], destination);
        if (decoded != size)
            throw CorruptData.Error(CodecId, decoded < 0 ? "malformed LZ4 block" : $"LZ4 block decoded to {decoded} bytes, header says {size}");
        return size;
    }

    private static int DeclaredSize(ReadOnlySpan<byte> input)
    {
        if (input.Length < 4) throw CorruptData.Error(CodecId, $"chunk of {input.Length} bytes is shorter than the 4-byte size header");
        var size = BinaryPrimitives.ReadInt32LittleEndian(input);
        if (size < 0 || size > (input.Length - 4) * MaxRatio + 64)
            throw CorruptData.Error(CodecId, $"declared decoded size {size} is impossible for {input.Length - 4} compressed bytes");
        return size;
    }
}
