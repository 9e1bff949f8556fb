using System.Buffers;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Engine.Conversion;

/// <summary>
/// Fills a block of a fixed-size data type from raw element bytes as a source file stores them (C order, either byte
/// order). Numeric types are read straight into the destination array's memory, so the hot path copies once.
/// </summary>
internal static class RawBlock
{
    public delegate void Fill(Span<byte> raw);

    public static void Read(Array destination, ZarrDataType type, bool bigEndian, Fill fill)
    {
        var byteCount = checked((int)((long)destination.Length * type.ItemSize));
        if (ElementLayout.IsDirect(type))
        {
            var bytes = ElementLayout.Bytes(destination, type.ItemSize);
            fill(bytes);
            if (bigEndian && type.HasEndianness) ByteSwap.InPlace(bytes, type.SwapUnit);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(byteCount, 1));
        try
        {
            var raw = rented.AsSpan(0, byteCount);
            fill(raw);
            if (bigEndian && type.HasEndianness) ByteSwap.InPlace(raw, type.SwapUnit);
            ElementLayout.FromStored(raw, destination, type);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A .NET array of the type's natural element type with the given shape (a 0-d block is one element).</summary>
    public static Array Allocate(ZarrDataType type, int[] shape) =>
        Array.CreateInstance(type.ClrType, shape.Length == 0 ? [1] : shape);

    /// <summary>Shape of an array (any rank) as ints.</summary>
    public static int[] ShapeOf(Array array)
    {
        var shape = new int[array.Rank];
        for (var d = 0; d < shape.Length; d++) shape[d] = array.GetLength(d);
        return shape;
    }
}

internal static class AxisOrder
{
    /// <summary>A reversed copy (Enumerable.Reverse on arrays binds to the in-place span overload in C# 14).</summary>
    public static T[] Reversed<T>(this T[] values)
    {
        var copy = (T[])values.Clone();
        Array.Reverse(copy);
        return copy;
    }
}
