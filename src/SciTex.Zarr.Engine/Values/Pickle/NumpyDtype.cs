using System.Numerics;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>
/// The part of a numpy dtype the emulation needs: kind letter, item size and byte order. Built by
/// <c>numpy.dtype(descr, align, copy)</c> and completed by BUILD with the state tuple that carries the byte order.
/// </summary>
internal sealed class NumpyDtype
{
    /// <summary>Element kinds this port maps to .NET types: numpy's (kind, itemsize) → CLR element type.</summary>
    private static readonly (char Kind, int Size, Type Clr)[] Numeric =
    {
        ('b', 1, typeof(bool)),
        ('i', 1, typeof(sbyte)), ('u', 1, typeof(byte)),
        ('i', 2, typeof(short)), ('u', 2, typeof(ushort)),
        ('i', 4, typeof(int)), ('u', 4, typeof(uint)),
        ('i', 8, typeof(long)), ('u', 8, typeof(ulong)),
        ('f', 2, typeof(Half)), ('f', 4, typeof(float)), ('f', 8, typeof(double)),
        ('c', 16, typeof(Complex)),
    };

    public const string SupportedSummary =
        "bool, int8..int64, uint8..uint64, float16/32/64, complex64/128 and unicode (U)";

    private NumpyDtype(char kind, int itemSize, string descr)
    {
        Kind = kind;
        ItemSize = itemSize;
        Descr = descr;
        BigEndian = !BitConverter.IsLittleEndian;
    }

    public char Kind { get; }
    public int ItemSize { get; }
    /// <summary>The descr string as pickled (<c>f8</c>, <c>U2</c>), for messages.</summary>
    public string Descr { get; }
    public bool BigEndian { get; private set; }

    /// <summary>The unit a byte swap reverses: complex swaps each half, unicode each UTF-32 code unit.</summary>
    public int SwapUnit => Kind switch { 'c' => ItemSize / 2, 'U' => 4, 'O' => 1, _ => ItemSize };

    /// <summary>The .NET element type (complex64 is widened to <see cref="Complex"/>).</summary>
    public Type ClrType => Kind switch
    {
        'U' => typeof(string),
        'O' => typeof(object),
        'c' => typeof(Complex),
        _ => Numeric.First(n => n.Kind == Kind && n.Size == ItemSize).Clr,
    };

    /// <summary>Parses a pickled descr such as <c>i4</c>, <c>b1</c>, <c>c8</c> or <c>U12</c>; refuses the rest.</summary>
    public static NumpyDtype Parse(string descr)
    {
        var body = descr.Length > 0 && descr[0] is '<' or '>' or '=' or '|' ? descr[1..] : descr;
        if (body.Length >= 1 && body[0] == 'O' && PickleReader.ObjectArraysAllowed)
            return new NumpyDtype('O', 8, descr);
        if (body.Length >= 1 && body[0] == 'O')
            throw new ZarrException(ZarrErrorKind.UnsafePickle,
                $"Refusing to unpickle a numpy object array (dtype '{descr}'): its elements are arbitrary pickled objects; {PickleGlobals.AllowedSummary}");
        if (body.Length >= 2 && int.TryParse(body.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var kind = body[0];
            if (kind == 'U' && n <= int.MaxValue / 4) return new NumpyDtype('U', n * 4, descr);
            if (kind == 'c' && n == 8) return new NumpyDtype('c', 8, descr);
            if (Numeric.Any(t => t.Kind == kind && t.Size == n)) return new NumpyDtype(kind, n, descr);
        }
        throw new ZarrException(ZarrErrorKind.UnsupportedValue,
            $"numpy dtype '{descr}' in a pickle is not supported; supported dtypes: {SupportedSummary}");
    }

    /// <summary>The numpy descr and byte-order character for a .NET element type, or null when it has no numpy equivalent.</summary>
    public static (string Descr, char Order, int Size)? ForClrType(Type t)
    {
        foreach (var (kind, size, clr) in Numeric)
            if (clr == t) return ($"{kind}{size}", size == 1 ? '|' : BitConverter.IsLittleEndian ? '<' : '>', size);
        return null;
    }

    /// <summary>
    /// Applies the dtype state tuple <c>(version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])</c>.
    /// Only plain dtypes are accepted: subarray and structured (named-field) dtypes are refused.
    /// </summary>
    public void ApplyState(object? state)
    {
        if (state is not object?[] s || s.Length < 2 || s[1] is not string order)
            throw PickleReader.CorruptValue($"numpy dtype '{Descr}' has a malformed state");
        if (s.Length >= 5 && (s[2] is not null || s[3] is not null || s[4] is not null))
            throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                $"structured or sub-array numpy dtypes in a pickle are not supported; supported dtypes: {SupportedSummary}");
        BigEndian = order switch
        {
            "<" => false,
            ">" => true,
            "=" or "|" => !BitConverter.IsLittleEndian,
            _ => throw PickleReader.CorruptValue($"numpy dtype '{Descr}' has an unknown byte order '{order}'"),
        };
        if (s.Length >= 6 && s[5] is long elsize && elsize > 0 && elsize != ItemSize)
            throw PickleReader.CorruptValue($"numpy dtype '{Descr}' declares {elsize} bytes per element, expected {ItemSize}");
    }
}
