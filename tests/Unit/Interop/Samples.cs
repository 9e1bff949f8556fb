using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>Deterministic element values (edge cases first) and non-default fill values for the engine-written stores.</summary>
internal static class Samples
{
    public static object Value(ZarrDataType type, int i)
    {
        switch (type.Kind)
        {
            case DataTypeKind.Bool: return i % 3 == 0;
            case DataTypeKind.Int or DataTypeKind.UInt:
            {
                var bits = type.ItemSize * 8;
                Int128 min = type.Kind == DataTypeKind.UInt ? 0 : -(Int128.One << (bits - 1));
                var max = type.Kind == DataTypeKind.UInt ? (Int128.One << bits) - 1 : (Int128.One << (bits - 1)) - 1;
                Int128 v = i switch { 0 => min, 1 => max, 2 => 0, 3 => 1, _ => min + i * 37 % Int128.Min(max - min, 1000) };
                return Convert.ChangeType(type.ClrType == typeof(ulong) ? (object)(ulong)v : (long)v, type.ClrType);
            }
            case DataTypeKind.Float:
            {
                double v = i switch
                {
                    0 => double.NaN, 1 => double.PositiveInfinity, 2 => double.NegativeInfinity, 3 => -0.0,
                    4 => type.ItemSize == 2 ? (double)Half.Epsilon : type.ItemSize == 4 ? float.Epsilon : double.Epsilon,
                    5 => type.ItemSize == 2 ? (double)Half.MaxValue : type.ItemSize == 4 ? float.MaxValue : double.MaxValue,
                    _ => i * 0.37 - 3.0,
                };
                return type.ItemSize switch { 2 => (Half)v, 4 => (float)v, _ => (object)v };
            }
            case DataTypeKind.Complex:
                return i == 0 ? new Complex(double.NaN, 1) : new Complex(i * 0.5 - 1, i * -0.25);
            case DataTypeKind.String:
                return new[] { "héllo", "", "✓", "a😀b", "zarr", "ab", "x" }[i % 7] + i;
            case DataTypeKind.FixedUtf32:
                return new[] { "héllo", "", "✓", "a😀b", "zarr", "ab", "x" }[i % 7];
            case DataTypeKind.FixedBytes:
                return new[] { "ab"u8.ToArray(), "hello"u8.ToArray(), [], [(byte)'a', 1, (byte)'b'], [0, (byte)'z'] }[i % 5];
            case DataTypeKind.DateTime64:
                return i == 1 ? long.MinValue : 1_700_000_000_000_000_000L + i * 123_456_789L;
            case DataTypeKind.TimeDelta64:
                return (i - 5) * 3600L;
            default:
                throw new ArgumentException(type.ToString());
        }
    }

    /// <summary>A non-default fill value in JSON (the same choices as write_v2.py).</summary>
    public static JsonNode? FillJson(ZarrDataType type, bool v2) => type.Kind switch
    {
        DataTypeKind.Bool => true,
        DataTypeKind.Int => -7,
        DataTypeKind.UInt => 7,
        DataTypeKind.Float => type.ItemSize switch { 2 => 1.5, 4 => "-Infinity", _ => "NaN" },
        DataTypeKind.Complex => new JsonArray(1.0, -2.0),
        DataTypeKind.String => "",
        DataTypeKind.FixedUtf32 => "ab",
        DataTypeKind.FixedBytes => v2 ? Convert.ToBase64String(Encoding.ASCII.GetBytes("xy")) : new JsonArray(120, 121, 0, 0, 0),
        DataTypeKind.DateTime64 => long.MinValue,
        DataTypeKind.TimeDelta64 => -1,
        _ => throw new ArgumentException(type.ToString()),
    };

    /// <summary>A .NET array of the type's ClrType and shape holding <paramref name="valueAt"/>(flat index); 0-d arrays get one element.</summary>
    public static Array Build(ZarrDataType type, long[] shape, Func<int, long[], object?> valueAt)
    {
        var dims = shape.Length == 0 ? [1] : shape.Select(d => (int)d).ToArray();
        var array = Array.CreateInstance(type.ClrType, dims);
        var index = new int[dims.Length];
        var coords = new long[dims.Length];
        for (var flat = 0; flat < array.Length; flat++)
        {
            var rest = flat;
            for (var d = dims.Length - 1; d >= 0; d--) { index[d] = rest % dims[d]; coords[d] = index[d]; rest /= dims[d]; }
            array.SetValue(valueAt(flat, shape.Length == 0 ? [] : coords), index);
        }
        return array;
    }
}
