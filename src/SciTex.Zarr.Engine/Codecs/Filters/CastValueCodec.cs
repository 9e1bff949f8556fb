using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Codecs.Blosc;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Filters;

/// <summary>
/// zarr-extensions <c>cast_value</c>: converts values to <c>data_type</c> with a rounding mode (default
/// nearest-even) and an out-of-range rule (<c>error</c>, the default; <c>clamp</c>; <c>wrap</c>). NaN into an integer
/// type is always an error. Decoding casts back the same way (integers to floats round to nearest).
/// </summary>
public sealed class CastValueCodec : ArrayFilter
{
    public const string CodecName = "cast_value";

    public CastValueCodec(ZarrDataType from, ZarrDataType to, string rounding = "nearest-even", string outOfRange = "error")
        : base(CodecName, CodecName, from, to)
    {
        if (!Numeric.IsNumeric(from)) throw WrongType(CodecName, from, "integer and float types", null);
        if (!Numeric.IsNumeric(to)) throw WrongType(CodecName, to, "integer and float types", null);
        Rounding = rounding;
        OutOfRange = outOfRange;
    }

    public string Rounding { get; }
    public string OutOfRange { get; }

    public static CastValueCodec Create(JsonObject? config, CodecContext context)
    {
        foreach (var (key, _) in config ?? [])
            if (key is not ("data_type" or "rounding" or "out_of_range")) throw CodecConfig.Invalid(CodecName, $"unknown configuration member '{key}' (scalar_map is not supported)", context);
        var target = ZarrDataType.FromV3(config?["data_type"] ?? throw CodecConfig.Invalid(CodecName, "missing required configuration member 'data_type'", context));
        var rounding = CodecConfig.OptionalString(config, "rounding", CodecName, context) ?? "nearest-even";
        if (rounding is not ("nearest-even" or "towards-zero" or "towards-positive" or "towards-negative" or "nearest-away"))
            throw CodecConfig.Invalid(CodecName, $"unknown rounding '{rounding}'", context);
        var range = CodecConfig.OptionalString(config, "out_of_range", CodecName, context) ?? "error";
        if (range is not ("error" or "clamp" or "wrap")) throw CodecConfig.Invalid(CodecName, $"unknown out_of_range '{range}'", context);
        if (!Numeric.IsNumeric(context.DataType) || !Numeric.IsNumeric(target))
            throw WrongType(CodecName, Numeric.IsNumeric(target) ? context.DataType : target, "integer and float types", context);
        return new CastValueCodec(context.DataType, target, rounding, range);
    }

    protected override JsonObject Configuration() => new() { ["data_type"] = EncodedType.ToV3Json(), ["rounding"] = Rounding, ["out_of_range"] = OutOfRange };

    public override JsonObject? ToV2Json() => null;

    protected override void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) => Cast(input, DecodedType, output, EncodedType, count);

    protected override void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) => Cast(input, EncodedType, output, DecodedType, count);

    private void Cast(ReadOnlySpan<byte> input, ZarrDataType from, Span<byte> output, ZarrDataType to, int count)
    {
        if (Numeric.IsFloat(from))
        {
            var values = new double[count];
            Numeric.Convert(input[..(count * from.ItemSize)], from, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()), ZarrDataType.Float64);
            if (Numeric.IsFloat(to))
            {
                var max = to.ItemSize switch { 2 => (double)Half.MaxValue, 4 => float.MaxValue, _ => double.MaxValue };
                for (var i = 0; i < count; i++)
                    if (double.IsFinite(values[i]) && Math.Abs(values[i]) > max) values[i] = Range(values[i], -max, max, to);
                Numeric.Convert(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()), ZarrDataType.Float64, output, to);
                return;
            }
            var (min, top) = Limits(to);
            var whole = new Int128[count];
            for (var i = 0; i < count; i++)
            {
                var x = values[i];
                if (double.IsNaN(x)) throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{CodecName}: NaN cannot be cast to {to}");
                x = Rounding switch
                {
                    "towards-zero" => Math.Truncate(x),
                    "towards-positive" => Math.Ceiling(x),
                    "towards-negative" => Math.Floor(x),
                    "nearest-away" => Math.Round(x, MidpointRounding.AwayFromZero),
                    _ => Math.Round(x, MidpointRounding.ToEven),
                };
                if (double.IsInfinity(x) || x < (double)min || x > (double)top)
                {
                    if (OutOfRange == "wrap" && double.IsFinite(x))
                    {
                        var modulus = Math.Pow(2, 8 * to.ItemSize);
                        x -= modulus * Math.Floor((x - (double)min) / modulus);
                    }
                    else x = Range(x, (double)min, (double)top, to);
                }
                whole[i] = (Int128)x;
            }
            Store(whole, output, to);
            return;
        }
        var ints = Load(input, from, count);
        if (Numeric.IsFloat(to))
        {
            var values = new double[count];
            for (var i = 0; i < count; i++) values[i] = (double)ints[i];
            var max = to.ItemSize == 2 ? (double)Half.MaxValue : double.MaxValue;
            for (var i = 0; i < count; i++) if (Math.Abs(values[i]) > max) values[i] = Range(values[i], -max, max, to);
            Numeric.Convert(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()), ZarrDataType.Float64, output, to);
            return;
        }
        var (lo, hi) = Limits(to);
        for (var i = 0; i < count; i++)
        {
            if (ints[i] >= lo && ints[i] <= hi) continue;
            if (OutOfRange == "clamp") ints[i] = ints[i] < lo ? lo : hi;
            else if (OutOfRange != "wrap") throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{CodecName}: {ints[i]} is out of the range of {to}");
        }
        Store(ints, output, to);
    }

    private double Range(double x, double min, double max, ZarrDataType to) => OutOfRange switch
    {
        "clamp" => x < min ? min : max,
        _ => throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{CodecName}: {x} is out of the range of {to}"),
    };

    private static (Int128 Min, Int128 Max) Limits(ZarrDataType type)
    {
        var bits = 8 * type.ItemSize;
        return type.Kind == DataTypeKind.UInt ? (0, (Int128.One << bits) - 1) : (-(Int128.One << (bits - 1)), (Int128.One << (bits - 1)) - 1);
    }

    private static Int128[] Load(ReadOnlySpan<byte> input, ZarrDataType type, int count)
    {
        var result = new Int128[count];
        var size = type.ItemSize;
        var unsigned = type.Kind == DataTypeKind.UInt;
        for (var i = 0; i < count; i++)
        {
            var e = input.Slice(i * size, size);
            result[i] = (size, unsigned) switch
            {
                (1, true) => e[0], (1, false) => (sbyte)e[0],
                (2, true) => BinaryPrimitives.ReadUInt16LittleEndian(e), (2, false) => BinaryPrimitives.ReadInt16LittleEndian(e),
                (4, true) => BinaryPrimitives.ReadUInt32LittleEndian(e), (4, false) => BinaryPrimitives.ReadInt32LittleEndian(e),
                (_, true) => BinaryPrimitives.ReadUInt64LittleEndian(e), _ => BinaryPrimitives.ReadInt64LittleEndian(e),
            };
        }
        return result;
    }

    /// <summary>Stores the low bits of each value (wrapping), little-endian.</summary>
    private static void Store(Int128[] values, Span<byte> output, ZarrDataType type)
    {
        var size = type.ItemSize;
        Span<byte> eight = stackalloc byte[8]; // once, not per element: a stackalloc in the loop grows the stack with the chunk
        for (var i = 0; i < values.Length; i++)
        {
            var low = (ulong)(values[i] & ulong.MaxValue);
            BinaryPrimitives.WriteUInt64LittleEndian(eight, low);
            eight[..size].CopyTo(output.Slice(i * size, size));
        }
    }
}

/// <summary>
/// numcodecs <c>Shuffle(elementsize)</c> (v3 <c>numcodecs.shuffle</c>): a bytes→bytes byte transpose over the whole
/// chunk, byte j of element i to j·n + i. The chunk must hold whole elements.
/// </summary>
public sealed class ShuffleCodec(int elementSize, string? name = null) : IBytesToBytesCodec
{
    public const string Id = "shuffle";

    public int ElementSize { get; } = elementSize;
    public string Name { get; } = name ?? "numcodecs." + Id;

    public static ShuffleCodec Create(JsonObject? config, CodecContext context, string name)
    {
        var size = CodecConfig.OptionalInt(config, "elementsize", Id, context) ?? (context.DataType.IsVariableLength ? 1 : context.DataType.ItemSize);
        return new ShuffleCodec(CodecConfig.InRange(size, 0, 1 << 20, "elementsize", Id, context), name);
    }

    public JsonObject ToV3Json() => new() { ["name"] = Name, ["configuration"] = new JsonObject { ["elementsize"] = ElementSize } };
    public JsonObject? ToV2Json() => new() { ["id"] = Id, ["elementsize"] = ElementSize };

    public PooledBuffer Encode(ReadOnlySpan<byte> input)
    {
        var output = PooledBuffer.Rent(input.Length);
        if (ElementSize <= 1) input.CopyTo(output.Span);
        else
        {
            if (input.Length % ElementSize != 0)
            {
                output.Dispose();
                throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{Name}: a chunk of {input.Length} bytes is not a whole number of {ElementSize}-byte elements");
            }
            Shuffle.ByteShuffle(ElementSize, input, output.Span);
        }
        return output;
    }

    public PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size)
    {
        if (!size.Allows(input.Length)) throw size.TooLarge(Name);
        if (size.IsExact && input.Length != size.Limit) throw size.TooSmall(Name, input.Length);
        if (ElementSize > 1 && input.Length % ElementSize != 0)
            throw CorruptData.Error(Name, $"chunk of {input.Length} bytes is not a whole number of {ElementSize}-byte elements");
        var output = PooledBuffer.Rent(input.Length);
        if (ElementSize <= 1) input.CopyTo(output.Span);
        else Shuffle.ByteUnshuffle(ElementSize, input, output.Span);
        return output;
    }
}
