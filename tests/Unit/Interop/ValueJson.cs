using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>
/// The element encoding of the interop manifests (same rules as tests/Interop/python/interop_values.py and
/// tests/Interop/node/values.mjs): 64-bit integers and datetimes as decimal strings, non-finite floats as
/// "NaN"/"Infinity"/"-Infinity", complex as [re, im], fixed bytes as base64.
/// </summary>
internal static class ValueJson
{
    public static JsonNode? Encode(object? value, ZarrDataType type) => value switch
    {
        bool b => JsonValue.Create(b),
        long or ulong => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
        sbyte or short or int or byte or ushort or uint => JsonValue.Create(Convert.ToInt64(value)),
        Half h => EncodeFloat((double)h),
        float f => EncodeFloat(f),
        double d => EncodeFloat(d),
        Complex c => new JsonArray(EncodeFloat(type.ItemSize == 8 ? (float)c.Real : c.Real), EncodeFloat(type.ItemSize == 8 ? (float)c.Imaginary : c.Imaginary)),
        string s => JsonValue.Create(s),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        _ => throw new ArgumentException($"Cannot encode {value?.GetType().Name ?? "null"}"),
    };

    private static JsonNode EncodeFloat(double d) =>
        double.IsNaN(d) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(d) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(d) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(d);

    private static double DecodeFloat(JsonNode node) =>
        node.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? node.GetValue<string>() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var s => double.Parse(s, CultureInfo.InvariantCulture),
            }
            : node.GetValue<double>();

    /// <summary>The .NET value (of the type's ClrType) a JSON element stands for.</summary>
    public static object? Decode(JsonNode node, ZarrDataType type) => type.Kind switch
    {
        DataTypeKind.Bool => node.GetValue<bool>(),
        DataTypeKind.Int or DataTypeKind.UInt or DataTypeKind.DateTime64 or DataTypeKind.TimeDelta64 => DecodeInteger(node, type),
        DataTypeKind.Float => type.ItemSize switch
        {
            2 => (Half)DecodeFloat(node),
            4 => (float)DecodeFloat(node),
            _ => DecodeFloat(node),
        },
        DataTypeKind.Complex => new Complex(DecodeFloat(node[0]!), DecodeFloat(node[1]!)),
        DataTypeKind.String or DataTypeKind.FixedUtf32 => node.GetValue<string>(),
        DataTypeKind.FixedBytes or DataTypeKind.Bytes or DataTypeKind.RawBits => Convert.FromBase64String(node.GetValue<string>()),
        _ => throw new ArgumentException($"Cannot decode {type}"),
    };

    private static object DecodeInteger(JsonNode node, ZarrDataType type)
    {
        var text = node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        var v = Int128.Parse(text, CultureInfo.InvariantCulture);
        return type.ClrType == typeof(sbyte) ? (sbyte)v
            : type.ClrType == typeof(short) ? (short)v
            : type.ClrType == typeof(int) ? (int)v
            : type.ClrType == typeof(long) ? (long)v
            : type.ClrType == typeof(byte) ? (byte)v
            : type.ClrType == typeof(ushort) ? (ushort)v
            : type.ClrType == typeof(uint) ? (uint)v
            : (object)(ulong)v;
    }

    /// <summary>Exact equality: floats compare bit for bit (so -0.0 ≠ 0.0) except that any NaN equals any NaN.</summary>
    public static bool Same(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => SameDouble(x, y),
        (float x, float y) => SameDouble(x, y) && (float.IsNaN(x) || BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y)),
        (Half x, Half y) => Half.IsNaN(x) ? Half.IsNaN(y) : BitConverter.HalfToInt16Bits(x) == BitConverter.HalfToInt16Bits(y),
        (Complex x, Complex y) => SameDouble(x.Real, y.Real) && SameDouble(x.Imaginary, y.Imaginary),
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => Equals(a, b),
    };

    private static bool SameDouble(double x, double y) =>
        double.IsNaN(x) ? double.IsNaN(y) : BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);

    /// <summary>Elements of a .NET array of any rank in C order (how .NET enumerates multi-dimensional arrays).</summary>
    public static List<object?> Flat(Array array) => array.Cast<object?>().ToList();

    public static string Show(object? v) => v switch
    {
        null => "null",
        byte[] b => "0x" + Convert.ToHexString(b),
        Complex c => $"({c.Real.ToString("R", CultureInfo.InvariantCulture)}, {c.Imaginary.ToString("R", CultureInfo.InvariantCulture)})",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
