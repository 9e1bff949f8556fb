using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>
/// The result of <c>_reconstruct(ndarray, (0,), b'b')</c>: an empty placeholder that BUILD fills with
/// <c>(version, shape, dtype, is_fortran, rawdata)</c>. The reader swaps it for <see cref="Result"/> at the end.
/// </summary>
internal sealed class PendingArray
{
    internal NumpyObjectArray? ObjectArray => Result as NumpyObjectArray;

    public bool Built { get; set; }
    public object? Result { get; set; }
}

/// <summary>A numpy object array read from a pickle: its shape, memory order and items in that order.</summary>
public sealed class NumpyObjectArray
{
    internal NumpyObjectArray(int[] shape, bool fortran, object? items)
    {
        Shape = shape;
        Fortran = fortran;
        RawItems = items;
    }

    public int[] Shape { get; }
    public bool Fortran { get; }
    internal object? RawItems { get; set; }
    /// <summary>The items as stored (Fortran order when <see cref="Fortran"/>), after the reader resolved them.</summary>
    public object?[] Items => RawItems as object?[] ?? [];
}

/// <summary>
/// Emulates the few numpy entry points a pickled array or scalar uses, turning their arguments into .NET values.
/// Arguments are checked for exactly the shapes numpy writes; anything else is refused, never guessed at.
/// </summary>
internal static class NumpyReconstruction
{
    private static readonly UTF32Encoding Utf32 = new(bigEndian: !BitConverter.IsLittleEndian, byteOrderMark: false, throwOnInvalidCharacters: true);

    /// <summary><c>numpy.dtype(descr, align, copy)</c>.</summary>
    public static NumpyDtype CreateDtype(object?[] args)
    {
        if (args.Length is < 1 or > 3 || args[0] is not string descr)
            throw PickleGlobals.Refuse("numpy.dtype with arguments other than (descr, align, copy)");
        return NumpyDtype.Parse(descr);
    }

    /// <summary><c>_reconstruct(numpy.ndarray, shape, typecode)</c>: only the base ndarray class is accepted.</summary>
    public static PendingArray Reconstruct(GlobalRef callee, object?[] args)
    {
        if (args.Length != 3 || args[0] is not GlobalRef { Kind: PickleGlobal.NumpyNdarray } || args[1] is not object?[] || args[2] is not (byte[] or string))
            throw PickleGlobals.Refuse($"{callee.QualifiedName} with arguments other than (numpy.ndarray, shape, typecode)");
        return new PendingArray();
    }

    /// <summary><c>ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata))</c>; the version may be absent.</summary>
    public static void Build(PendingArray target, object? state)
    {
        if (target.Built) throw PickleReader.CorruptValue("numpy array state applied twice");
        if (state is not object?[] s || s.Length is < 4 or > 5)
            throw PickleReader.CorruptValue("numpy array state is not a (version, shape, dtype, is_fortran, data) tuple");
        var o = s.Length - 4;
        if (s[o + 1] is not NumpyDtype dtype)
            throw PickleReader.CorruptValue("numpy array state has no dtype");
        if (s[o + 2] is not bool fortran)
            throw PickleReader.CorruptValue("numpy array state has a non-boolean Fortran flag");
        if (dtype.Kind == 'O')
        {
            // An object array (only when the reader allows them: the pickle object codec): its data is a list whose
            // items were read by the same restricted machine.
            if (s[o + 3] is not PickleList items) throw PickleReader.CorruptValue("numpy object array data is not a list");
            target.Result = new NumpyObjectArray(Shape(s[o]), fortran, items);
            target.Built = true;
            return;
        }
        var raw = s[o + 3] switch
        {
            byte[] b => b,
            string latin1 => PickleReader.Latin1Bytes(latin1),
            _ => throw PickleReader.CorruptValue("numpy array data is not a byte string"),
        };
        target.Result = Materialize(dtype, Shape(s[o]), fortran, raw);
        target.Built = true;
    }

    /// <summary><c>numpy.core.multiarray.scalar(dtype, data)</c>: one element.</summary>
    public static object Scalar(object?[] args)
    {
        if (args.Length != 2 || args[0] is not NumpyDtype dtype)
            throw PickleGlobals.Refuse("numpy scalar with arguments other than (dtype, data)");
        var raw = args[1] switch
        {
            byte[] b => b,
            string latin1 => PickleReader.Latin1Bytes(latin1),
            _ => throw PickleReader.CorruptValue("numpy scalar data is not a byte string"),
        };
        return Materialize(dtype, Array.Empty<int>(), false, raw);
    }

    /// <summary><c>_frombuffer(buffer, dtype, shape, order)</c>, numpy's protocol-5 path.</summary>
    public static object FromBuffer(object?[] args)
    {
        if (args.Length != 4 || args[0] is not byte[] buffer || args[1] is not NumpyDtype dtype || args[3] is not string order)
            throw PickleGlobals.Refuse("numpy _frombuffer with arguments other than (buffer, dtype, shape, order)");
        if (order is not ("C" or "F" or "A" or "K"))
            throw PickleReader.CorruptValue($"numpy buffer order '{order}' is unknown");
        return Materialize(dtype, Shape(args[2]), order == "F", buffer);
    }

    private static int[] Shape(object? value)
    {
        if (value is not object?[] dims) throw PickleReader.CorruptValue("numpy shape is not a tuple");
        if (dims.Length > 32)
            throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"a numpy array of rank {dims.Length} exceeds the 32 dimensions a .NET array can have");
        var shape = new int[dims.Length];
        for (var i = 0; i < dims.Length; i++)
            shape[i] = dims[i] is long d && d >= 0 && d <= int.MaxValue
                ? (int)d
                : throw PickleReader.CorruptValue($"numpy shape entry {i} is not a non-negative integer");
        return shape;
    }

    /// <summary>Turns raw numpy bytes into a .NET array of the same rank (C order), or the bare element when 0-d.</summary>
    private static object Materialize(NumpyDtype dtype, int[] shape, bool fortran, byte[] raw)
    {
        long count = 1;
        foreach (var d in shape)
            count = count * d is var c && c <= int.MaxValue ? c : throw PickleReader.CorruptValue("numpy shape is too large");
        if (raw.LongLength != count * dtype.ItemSize)
            throw PickleReader.CorruptValue($"numpy data holds {raw.Length} bytes, but shape ({string.Join(",", shape)}) of '{dtype.Descr}' needs {count * dtype.ItemSize}");

        var data = (byte[])raw.Clone();
        if (dtype.BigEndian == BitConverter.IsLittleEndian && dtype.SwapUnit > 1) SwapEach(data, dtype.SwapUnit);
        if (fortran && shape.Length > 1) data = FortranToC(data, shape, dtype.ItemSize);

        if (shape.Length == 0) return Element(dtype, data);
        var array = Array.CreateInstance(dtype.ClrType, shape);
        Fill(array, dtype, data, (int)count);
        return array;
    }

    private static void SwapEach(Span<byte> data, int unit)
    {
        for (var i = 0; i + unit <= data.Length; i += unit) data.Slice(i, unit).Reverse();
    }

    /// <summary>Reorders elements from first-index-fastest to last-index-fastest, walking the C index as an odometer.</summary>
    private static byte[] FortranToC(byte[] src, int[] shape, int itemSize)
    {
        var dst = new byte[src.Length];
        var rank = shape.Length;
        var fStride = new long[rank];
        fStride[0] = 1;
        for (var k = 1; k < rank; k++) fStride[k] = fStride[k - 1] * shape[k - 1];
        var index = new int[rank];
        long fOffset = 0;
        for (var c = 0; c < dst.Length; c += itemSize)
        {
            Buffer.BlockCopy(src, (int)(fOffset * itemSize), dst, c, itemSize);
            for (var k = rank - 1; k >= 0; k--)
            {
                if (++index[k] < shape[k]) { fOffset += fStride[k]; break; }
                fOffset -= fStride[k] * (shape[k] - 1);
                index[k] = 0;
            }
        }
        return dst;
    }

    private static void Fill(Array array, NumpyDtype dtype, byte[] data, int count)
    {
        switch (dtype.Kind)
        {
            case 'U':
                // Strings are references: set them through a flat C-order index.
                var index = new int[array.Rank];
                for (var i = 0; i < count; i++)
                {
                    array.SetValue(DecodeUtf32(data.AsSpan(i * dtype.ItemSize, dtype.ItemSize)), index);
                    for (var k = array.Rank - 1; k >= 0 && ++index[k] == array.GetLength(k); k--) index[k] = 0;
                }
                return;
            case 'b':
                var bools = MemoryMarshal.CreateSpan(ref ElementRef<bool>(array), count);
                for (var i = 0; i < count; i++) bools[i] = data[i] != 0;
                return;
            case 'c' when dtype.ItemSize == 8:
                var complexes = MemoryMarshal.CreateSpan(ref ElementRef<Complex>(array), count);
                for (var i = 0; i < count; i++) complexes[i] = ReadComplex64(data.AsSpan(i * 8));
                return;
            default:
                // Same layout as numpy's native-order element (Complex is two doubles): copy bytes straight in.
                data.AsSpan().CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), data.Length));
                return;
        }
    }

    /// <summary>The first element of any array, of any rank, as a typed reference.</summary>
    private static ref T ElementRef<T>(Array array) =>
        ref System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(array));

    private static object Element(NumpyDtype dtype, byte[] data) => dtype.Kind switch
    {
        'U' => DecodeUtf32(data),
        'b' => data[0] != 0,
        'c' when dtype.ItemSize == 8 => ReadComplex64(data),
        'c' => new Complex(MemoryMarshal.Read<double>(data), MemoryMarshal.Read<double>(data.AsSpan(8))),
        'i' => dtype.ItemSize switch
        {
            1 => (sbyte)data[0],
            2 => MemoryMarshal.Read<short>(data),
            4 => MemoryMarshal.Read<int>(data),
            _ => (object)MemoryMarshal.Read<long>(data),
        },
        'u' => dtype.ItemSize switch
        {
            1 => data[0],
            2 => MemoryMarshal.Read<ushort>(data),
            4 => MemoryMarshal.Read<uint>(data),
            _ => (object)MemoryMarshal.Read<ulong>(data),
        },
        _ => dtype.ItemSize switch
        {
            2 => MemoryMarshal.Read<Half>(data),
            4 => MemoryMarshal.Read<float>(data),
            _ => (object)MemoryMarshal.Read<double>(data),
        },
    };

    private static Complex ReadComplex64(ReadOnlySpan<byte> native) =>
        new(MemoryMarshal.Read<float>(native), MemoryMarshal.Read<float>(native[4..]));

    /// <summary>numpy pads unicode elements with NUL code units; like numpy, trailing NULs are not part of the value.</summary>
    private static string DecodeUtf32(ReadOnlySpan<byte> native)
    {
        var units = MemoryMarshal.Cast<byte, uint>(native);
        var length = units.Length;
        while (length > 0 && units[length - 1] == 0) length--;
        try
        {
            return Utf32.GetString(native[..(length * 4)]);
        }
        catch (DecoderFallbackException)
        {
            throw PickleReader.CorruptValue("numpy unicode data holds an invalid code point");
        }
    }
}
