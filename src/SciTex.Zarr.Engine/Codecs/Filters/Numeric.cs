using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Filters;

/// <summary>A generic step over one numeric element type, chosen at run time by <see cref="Numeric.Dispatch"/>.</summary>
internal interface INumericAction
{
    void Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>;
}

/// <summary>
/// Span-level numeric helpers for the numcodecs filters: a type switch onto generic code (no per-element boxing),
/// NumPy's <c>astype</c> conversion, and NumPy dtype strings as numcodecs configurations spell them.
/// </summary>
internal static class Numeric
{
    /// <summary>True for the types the numeric filters work on (integers, floats, datetime64/timedelta64 as int64).</summary>
    public static bool IsNumeric(ZarrDataType type) =>
        type.Kind is DataTypeKind.Int or DataTypeKind.UInt or DataTypeKind.Float or DataTypeKind.DateTime64 or DataTypeKind.TimeDelta64;

    public static bool IsFloat(ZarrDataType type) => type.Kind == DataTypeKind.Float;

    public static void Dispatch<TAction>(ZarrDataType type, ref TAction action) where TAction : struct, INumericAction
    {
        switch (type.Kind, type.ItemSize)
        {
            case (DataTypeKind.Int, 1): action.Run<sbyte>(); break;
            case (DataTypeKind.Int, 2): action.Run<short>(); break;
            case (DataTypeKind.Int, 4): action.Run<int>(); break;
            case (DataTypeKind.Int or DataTypeKind.DateTime64 or DataTypeKind.TimeDelta64, 8): action.Run<long>(); break;
            case (DataTypeKind.UInt, 1): action.Run<byte>(); break;
            case (DataTypeKind.UInt, 2): action.Run<ushort>(); break;
            case (DataTypeKind.UInt, 4): action.Run<uint>(); break;
            case (DataTypeKind.UInt, 8): action.Run<ulong>(); break;
            case (DataTypeKind.Float, 2): action.Run<Half>(); break;
            case (DataTypeKind.Float, 4): action.Run<float>(); break;
            case (DataTypeKind.Float, 8): action.Run<double>(); break;
            default: throw new ZarrException(ZarrErrorKind.UnsupportedDataType, $"data type {type} is not numeric");
        }
    }

    public static Span<T> Cast<T>(Span<byte> bytes) where T : unmanaged => MemoryMarshal.Cast<byte, T>(bytes);
    public static ReadOnlySpan<T> Cast<T>(ReadOnlySpan<byte> bytes) where T : unmanaged => MemoryMarshal.Cast<byte, T>(bytes);

    /// <summary>
    /// NumPy's <c>astype</c> from <paramref name="from"/> elements to <paramref name="to"/> elements: integers wrap,
    /// floats round to nearest, floats to integers truncate toward zero (out-of-range values, which NumPy leaves
    /// undefined, saturate here; NaN becomes 0).
    /// </summary>
    public static void Convert(ReadOnlySpan<byte> source, ZarrDataType from, Span<byte> destination, ZarrDataType to)
    {
        unsafe
        {
            fixed (byte* s = source)
            fixed (byte* d = destination)
            {
                var outer = new ConvertOuter { Source = s, SourceLength = source.Length, Destination = d, DestinationLength = destination.Length, To = to };
                Dispatch(from, ref outer);
            }
        }
    }

    private unsafe struct ConvertOuter : INumericAction
    {
        public byte* Source, Destination;
        public int SourceLength, DestinationLength;
        public ZarrDataType To;

        public void Run<TIn>() where TIn : unmanaged, INumber<TIn>, IMinMaxValue<TIn>
        {
            var inner = new ConvertInner<TIn> { Source = Source, Count = SourceLength / sizeof(TIn), Destination = Destination, DestinationLength = DestinationLength };
            Dispatch(To, ref inner);
        }
    }

    private unsafe struct ConvertInner<TIn> : INumericAction where TIn : unmanaged, INumber<TIn>
    {
        public byte* Source, Destination;
        public int Count, DestinationLength;

        public void Run<TOut>() where TOut : unmanaged, INumber<TOut>, IMinMaxValue<TOut>
        {
            var input = new ReadOnlySpan<TIn>(Source, Count);
            var output = new Span<TOut>(Destination, DestinationLength / sizeof(TOut));
            if (output.Length < input.Length) throw new ArgumentException("destination too short");
            if (typeof(TIn) == typeof(TOut))
            {
                MemoryMarshal.AsBytes(input).CopyTo(MemoryMarshal.AsBytes(output));
                return;
            }
            for (var i = 0; i < input.Length; i++) output[i] = TOut.CreateTruncating(input[i]);
        }
    }

    /// <summary>One element of <paramref name="type"/> from little-endian bytes, as a double (fill values, labels).</summary>
    public static double ToDouble(ReadOnlySpan<byte> element, ZarrDataType type)
    {
        Span<byte> eight = stackalloc byte[8];
        Convert(element[..type.ItemSize], type, eight, ZarrDataType.Float64);
        return BitConverter.ToDouble(eight);
    }

    /// <summary>
    /// A numcodecs dtype member: NumPy's <c>&lt;f8</c>/<c>&gt;i2</c>/<c>|u1</c>, a bare <c>f8</c>, or a name such as
    /// <c>float64</c> (zarr-python 3 writes those in <c>numcodecs.*</c> configurations).
    /// </summary>
    public static (ZarrDataType Type, bool BigEndian) ParseDType(JsonNode? node, string codec, string member, CodecContext context)
    {
        if (node is not JsonValue value || !value.TryGetValue(out string? text) || text.Length == 0)
            throw CodecConfig.Invalid(codec, $"'{member}' must be a NumPy dtype string, got {node?.ToJsonString() ?? "nothing"}", context);
        try
        {
            if (text[0] is '<' or '>' or '|' or '=') return ZarrDataType.FromV2(text);
            if (text.Length >= 2 && "biufcMmOUSV".Contains(text[0]) && char.IsDigit(text[1])) return ZarrDataType.FromV2((text[0] is 'b' or 'O' or 'S' or 'V' ? "|" : "<") + text);
            if (text is "object" or "O") return (ZarrDataType.String, false);
            return (ZarrDataType.FromV3(JsonValue.Create(text)), false);
        }
        catch (ZarrException e)
        {
            throw new ZarrException(ZarrErrorKind.UnsupportedDataType, $"codec '{codec}': {member} '{text}' is not a data type this engine reads ({e.Message})", context.Store, context.ArrayPath);
        }
    }

    /// <summary>The NumPy dtype text written for a type (little-endian unless <paramref name="bigEndian"/>).</summary>
    public static string DTypeText(ZarrDataType type, bool bigEndian = false) => type.ToV2DType(bigEndian);

    public static double RequiredNumber(JsonObject? config, string key, string codec, CodecContext context)
    {
        var node = config?[key];
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number) return v.GetValue<double>();
        if (node is JsonValue s && s.TryGetValue(out string? text))
        {
            switch (text)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        }
        throw CodecConfig.Invalid(codec, node is null ? $"missing required configuration member '{key}'" : $"'{key}' must be a number, got {node.ToJsonString()}", context);
    }

    /// <summary>True when a JSON number is written as an integer (NumPy then keeps integer arithmetic).</summary>
    public static bool IsIntegral(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out _) && !v.ToJsonString().Contains('.') && !v.ToJsonString().Contains('e', StringComparison.OrdinalIgnoreCase);

    public static JsonNode NumberJson(double value) =>
        double.IsNaN(value) ? JsonValue.Create("NaN") : double.IsPositiveInfinity(value) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(value) ? JsonValue.Create("-Infinity")
        : value == Math.Floor(value) && Math.Abs(value) < 1e15 ? JsonValue.Create((long)value) : JsonValue.Create(value);
}
