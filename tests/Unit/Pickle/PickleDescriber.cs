using System.Collections;
using System.Collections.Specialized;
using System.Numerics;
using System.Text;

namespace SciTex.Zarr.Tests.Pickle;

/// <summary>
/// Renders a value read by PickleReader in the notation of describe() in tests/Interop/python/pickle_cases.py,
/// so that a value read here and the value Python pickled compare as one exact string (floats by their bits).
/// </summary>
internal static class PickleDescriber
{
    public static string Describe(object? value) => value switch
    {
        null => "None",
        DBNull => "DBNull",
        bool b => $"bool:{(b ? "True" : "False")}",
        long l => $"long:{l}",
        BigInteger big => $"bigint:{big}",
        double d => "double:" + Bits(d),
        string s => "str:" + Hex(Encoding.UTF8.GetBytes(s)),
        byte[] bytes => "bytes:" + Hex(bytes),
        object?[] items when items.GetType() == typeof(object[]) => "array[" + string.Join(",", items.Select(Describe)) + "]",
        OrderedDictionary dict => "dict{" + string.Join(",", dict.Cast<DictionaryEntry>().Select(e => Describe(e.Key) + "=>" + Describe(e.Value))) + "}",
        HashSet<object?> set => "set{" + string.Join(",", set.Select(Describe).OrderBy(x => x, StringComparer.Ordinal)) + "}",
        Array array => $"ndarray<{Name(array.GetType().GetElementType()!)}>[{string.Join(",", Enumerable.Range(0, array.Rank).Select(array.GetLength))}]("
                       + string.Join(",", array.Cast<object?>().Select(Element)) + ")",
        _ => Element(value),
    };

    private static string Element(object? value) => value switch
    {
        string s => Describe(s),
        bool b => Describe(b),
        sbyte or byte or short or ushort or int or uint or long or ulong => $"{Name(value.GetType())}:{value}",
        Half h => "half:" + BitConverter.HalfToUInt16Bits(h).ToString("x4"),
        float f => "single:" + BitConverter.SingleToUInt32Bits(f).ToString("x8"),
        double d => "double:" + Bits(d),
        Complex c => $"complex:{Bits(c.Real)},{Bits(c.Imaginary)}",
        _ => $"<unexpected {value?.GetType().FullName}>",
    };

    private static string Name(Type t) => t == typeof(Half) ? "half" : t == typeof(float) ? "single" : t == typeof(Complex) ? "complex"
        : t == typeof(bool) ? "bool" : t == typeof(string) ? "string" : t == typeof(sbyte) ? "sbyte" : t == typeof(byte) ? "byte"
        : t == typeof(short) ? "short" : t == typeof(ushort) ? "ushort" : t == typeof(int) ? "int" : t == typeof(uint) ? "uint"
        : t == typeof(long) ? "long" : t == typeof(ulong) ? "ulong" : t == typeof(double) ? "double" : t.Name;

    private static string Bits(double d) => BitConverter.DoubleToUInt64Bits(d).ToString("x16");

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
