using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// The zarr-extensions <c>packbits</c> codec (array→bytes): each element's bits <c>first_bit..last_bit</c> (bool: its
/// one bit) packed one after another, least-significant bit first, the last byte zero padded; with
/// <c>padding_encoding</c> <c>first_byte</c>/<c>last_byte</c> one extra byte holds the number of padding bits. Decoding
/// shifts the bits back to <c>first_bit</c> and sign-extends signed integers. zarrs writes the validity masks of its
/// <c>optional</c> codec with it. (numcodecs' v2 <c>packbits</c> filter is <see cref="Filters.PackBitsCodec"/>.)
/// </summary>
public sealed class PackBitsArrayCodec : IArrayToBytesCodec
{
    public const string CodecName = "packbits";

    private PackBitsArrayCodec(string padding, int? firstBit, int? lastBit, int componentBits, int components, bool signed)
    {
        Padding = padding;
        FirstBitSetting = firstBit;
        LastBitSetting = lastBit;
        ComponentBits = componentBits;
        Components = components;
        Signed = signed;
        FirstBit = firstBit ?? 0;
        LastBit = lastBit ?? componentBits - 1;
    }

    public string Name => CodecName;
    /// <summary><c>none</c>, <c>first_byte</c> or <c>last_byte</c>.</summary>
    public string Padding { get; }
    public int FirstBit { get; }
    public int LastBit { get; }
    private int? FirstBitSetting { get; }
    private int? LastBitSetting { get; }
    private int ComponentBits { get; }
    private int Components { get; }
    private bool Signed { get; }
    private int Width => LastBit - FirstBit + 1;
    private int ElementBits => Components * Width;

    public static PackBitsArrayCodec FromV3(JsonObject? configuration, CodecContext context)
    {
        ZarrException Invalid(string why) => new(ZarrErrorKind.InvalidMetadata, $"packbits codec: {why}", context.Store, context.ArrayPath);
        var padding = configuration?["padding_encoding"]?.GetValue<string>() ?? "none";
        if (padding is not ("none" or "first_byte" or "last_byte")) throw Invalid($"padding_encoding must be 'none', 'first_byte' or 'last_byte', got '{padding}'");
        var type = context.DataType;
        var (bits, components, signed) = type.Kind switch
        {
            DataTypeKind.Bool => (1, 1, false),
            DataTypeKind.Int => (type.ItemSize * 8, 1, true),
            DataTypeKind.UInt => (type.ItemSize * 8, 1, false),
            DataTypeKind.Float => (type.ItemSize * 8, 1, false),
            DataTypeKind.Complex => (type.ItemSize * 4, 2, false),
            _ => throw new ZarrException(ZarrErrorKind.UnsupportedCodec,
                $"Unsupported codec 'packbits' for data type {type} in array '{context.ArrayPath ?? "/"}': packbits packs bool, integer, float and complex elements only",
                context.Store, context.ArrayPath),
        };
        int? Bit(string key) => configuration?[key] is { } node ? node.GetValue<int>() : null;
        var first = Bit("first_bit");
        var last = Bit("last_bit");
        var codec = new PackBitsArrayCodec(padding, first, last, bits, components, signed);
        if (codec.FirstBit < 0 || codec.LastBit >= bits || codec.LastBit < codec.FirstBit)
            throw Invalid($"first_bit {codec.FirstBit} and last_bit {codec.LastBit} must satisfy 0 ≤ first_bit ≤ last_bit < {bits} for {type}");
        return codec;
    }

    public JsonObject ToV3Json()
    {
        var configuration = new JsonObject { ["padding_encoding"] = Padding };
        if (FirstBitSetting is { } f) configuration["first_bit"] = f;
        if (LastBitSetting is { } l) configuration["last_bit"] = l;
        return new JsonObject { ["name"] = Name, ["configuration"] = configuration };
    }

    public JsonObject? ToV2Json() => null;

    /// <summary>The encoded size of a chunk of <paramref name="elements"/> elements.</summary>
    public long EncodedLength(long elements) => (elements * ElementBits + 7) / 8 + (Padding == "none" ? 0 : 1);

    public PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec)
    {
        var n = checked((int)spec.ElementCount);
        var input = (chunk.Bytes ?? throw new InvalidOperationException("packbits needs a fixed-size chunk")).Span;
        var length = checked((int)EncodedLength(n));
        var output = PooledBuffer.Rent(length);
        var all = output.Span;
        all.Clear();
        var offset = Padding == "first_byte" ? 1 : 0;
        var packed = all.Slice(offset, length - (Padding == "none" ? 0 : 1));
        var paddingBits = (byte)(packed.Length * 8L - (long)n * ElementBits);
        if (Padding == "first_byte") all[0] = paddingBits;
        else if (Padding == "last_byte") all[^1] = paddingBits;

        if (ComponentBits == 1) // bool: one bit per element
        {
            for (var i = 0; i < n; i++)
                if (input[i] != 0) packed[i >> 3] |= (byte)(1 << (i & 7));
            return output;
        }
        var componentBytes = ComponentBits / 8;
        var mask = Width == 64 ? ulong.MaxValue : (1UL << Width) - 1;
        long position = 0;
        for (var c = 0; c < n * Components; c++)
        {
            var value = (ReadComponent(input.Slice(c * componentBytes, componentBytes)) >> FirstBit) & mask;
            WriteBits(packed, position, Width, value);
            position += Width;
        }
        return output;
    }

    public ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        var n = checked((int)spec.ElementCount);
        var expected = EncodedLength(n);
        var packedLength = (int)(expected - (Padding == "none" ? 0 : 1));
        var paddingBits = packedLength * 8L - (long)n * ElementBits;
        if (encoded.Length != expected)
            throw new ZarrException(ZarrErrorKind.CorruptChunk,
                $"packbits: chunk of {encoded.Length} bytes does not hold the {n} elements of shape [{string.Join(", ", spec.Shape)}] ({ElementBits} bits each, {expected} bytes)");
        if ((Padding == "first_byte" && encoded[0] != paddingBits) || (Padding == "last_byte" && encoded[^1] != paddingBits))
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"packbits: the padding byte says {(Padding == "first_byte" ? encoded[0] : encoded[^1])} bits, the shape needs {paddingBits}");
        var packed = encoded.Slice(Padding == "first_byte" ? 1 : 0, packedLength);
        var output = PooledBuffer.Rent(checked(n * spec.DataType.ItemSize));
        var values = output.Span;
        if (ComponentBits == 1)
        {
            for (var i = 0; i < n; i++) values[i] = (byte)((packed[i >> 3] >> (i & 7)) & 1);
            return ChunkArray.FromBytes(spec.Shape, output);
        }
        var componentBytes = ComponentBits / 8;
        long position = 0;
        for (var c = 0; c < n * Components; c++)
        {
            var value = ReadBits(packed, position, Width) << FirstBit;
            position += Width;
            if (Signed && LastBit < 63)
            {
                var shift = 63 - LastBit;
                value = (ulong)((long)(value << shift) >> shift);
            }
            WriteComponent(values.Slice(c * componentBytes, componentBytes), value);
        }
        return ChunkArray.FromBytes(spec.Shape, output);
    }

    private static ulong ReadComponent(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        1 => bytes[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
    };

    private static void WriteComponent(Span<byte> bytes, ulong value)
    {
        switch (bytes.Length)
        {
            case 1: bytes[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(bytes, value); break;
        }
    }

    private static void WriteBits(Span<byte> packed, long position, int count, ulong value)
    {
        for (var b = 0; b < count; b++, position++)
            if (((value >> b) & 1) != 0) packed[(int)(position >> 3)] |= (byte)(1 << (int)(position & 7));
    }

    private static ulong ReadBits(ReadOnlySpan<byte> packed, long position, int count)
    {
        ulong value = 0;
        for (var b = 0; b < count; b++, position++)
            value |= (ulong)((packed[(int)(position >> 3)] >> (int)(position & 7)) & 1) << b;
        return value;
    }
}
