using System.Numerics;
using System.Runtime.InteropServices;
using static SciTex.Zarr.Engine.Values.Pickle.Opcodes;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>
/// Writes numpy objects the way numpy's own <c>__reduce__</c> does for protocol ≤ 4:
/// <c>_reconstruct(ndarray, (0,), b'b')</c> then BUILD with <c>(1, shape, dtype, False, rawdata)</c>.
/// The <c>numpy.core</c> module path is used because numpy 1.x has nothing else and numpy 2 keeps it for pickles.
/// </summary>
internal static class NumpyEmission
{
    /// <summary>True when <paramref name="array"/>'s elements have a numpy dtype this port writes.</summary>
    public static bool IsNumeric(Array array) => NumpyDtype.ForClrType(array.GetType().GetElementType()!) is not null;

    /// <summary>An ndarray with the same shape and dtype; .NET arrays are row-major, so the data is C order.</summary>
    public static void Array(PickleEmitter e, Array array)
    {
        var (descr, order, size) = NumpyDtype.ForClrType(array.GetType().GetElementType()!)!.Value;
        e.Global("numpy.core.multiarray", "_reconstruct");
        e.Global("numpy", "ndarray");
        e.Int(0);
        e.Emit(TUPLE1);
        e.Bytes("b"u8);
        e.Emit(TUPLE3);
        e.Emit(REDUCE);

        e.Emit(MARK);
        e.Int(1);
        e.Emit(MARK);
        for (var k = 0; k < array.Rank; k++) e.Int(array.GetLength(k));
        e.Emit(TUPLE);
        Dtype(e, descr, order);
        e.Emit(NEWFALSE);
        e.Bytes(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), checked(array.Length * size)));
        e.Emit(TUPLE);
        e.Emit(BUILD);
    }

    /// <summary>A numpy object array (dtype <c>|O</c>) of <paramref name="shape"/>; <paramref name="items"/> writes its C-order items as a list.</summary>
    public static void ObjectArray(PickleEmitter e, int[] shape, Action items)
    {
        e.Global("numpy.core.multiarray", "_reconstruct");
        e.Global("numpy", "ndarray");
        e.Int(0);
        e.Emit(TUPLE1);
        e.Bytes("b"u8);
        e.Emit(TUPLE3);
        e.Emit(REDUCE);

        e.Emit(MARK);
        e.Int(1);
        e.Emit(MARK);
        foreach (var d in shape) e.Int(d);
        e.Emit(TUPLE);
        e.Global("numpy", "dtype");
        e.Str("O8");
        e.Emit(NEWFALSE);
        e.Emit(NEWTRUE);
        e.Emit(TUPLE3);
        e.Emit(REDUCE);
        e.Emit(MARK);
        e.Int(3);
        e.Str("|");
        e.Emit(NONE);
        e.Emit(NONE);
        e.Emit(NONE);
        e.Int(-1);
        e.Int(-1);
        e.Int(63);
        e.Emit(TUPLE);
        e.Emit(BUILD);
        e.Emit(NEWFALSE);
        items();
        e.Emit(TUPLE);
        e.Emit(BUILD);
    }

    /// <summary>A <see cref="Complex"/> scalar as <c>numpy.complex128</c>: Python's own complex would need a global outside the reader's allow-list.</summary>
    public static void Complex128(PickleEmitter e, Complex value)
    {
        e.Global("numpy.core.multiarray", "scalar");
        Dtype(e, "c16", BitConverter.IsLittleEndian ? '<' : '>');
        Span<double> parts = stackalloc double[] { value.Real, value.Imaginary };
        e.Bytes(MemoryMarshal.AsBytes(parts));
        e.Emit(TUPLE2);
        e.Emit(REDUCE);
    }

    /// <summary><c>numpy.dtype(descr, False, True)</c> with state <c>(3, order, None, None, None, -1, -1, 0)</c>.</summary>
    private static void Dtype(PickleEmitter e, string descr, char order)
    {
        e.Global("numpy", "dtype");
        e.Str(descr);
        e.Emit(NEWFALSE);
        e.Emit(NEWTRUE);
        e.Emit(TUPLE3);
        e.Emit(REDUCE);
        e.Emit(MARK);
        e.Int(3);
        e.Str(order.ToString());
        e.Emit(NONE);
        e.Emit(NONE);
        e.Emit(NONE);
        e.Int(-1);
        e.Int(-1);
        e.Int(0);
        e.Emit(TUPLE);
        e.Emit(BUILD);
    }
}
