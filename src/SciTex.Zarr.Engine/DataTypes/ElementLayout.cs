using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.DataTypes;

/// <summary>
/// How a data type's elements sit in a .NET array. Most numeric types are stored exactly as .NET lays them out
/// (so chunks copy straight into the caller's array); the rest (complex64, fixed-width strings and bytes)
/// go through a conversion.
/// </summary>
public static class ElementLayout
{
    /// <summary>True when a .NET array of <see cref="ZarrDataType.ClrType"/> has the same bytes as the stored elements.</summary>
    public static bool IsDirect(ZarrDataType type) => type.Kind switch
    {
        DataTypeKind.Bool or DataTypeKind.Int or DataTypeKind.UInt or DataTypeKind.Float
            or DataTypeKind.DateTime64 or DataTypeKind.TimeDelta64 => true,
        DataTypeKind.Complex => type.ItemSize == 16,
        _ => false,
    };

    /// <summary>The bytes of an array of unmanaged elements (any rank).</summary>
    public static Span<byte> Bytes(Array array, int elementSize) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), checked((int)((long)array.Length * elementSize)));

    /// <summary>Converts stored element bytes (little-endian) into a .NET array of the type's natural element type.</summary>
    public static void FromStored(ReadOnlySpan<byte> stored, Array destination, ZarrDataType type)
    {
        var n = destination.Length;
        switch (type.Kind)
        {
            case DataTypeKind.Complex when type.ItemSize == 8:
            {
                var target = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, Complex>(ref MemoryMarshal.GetArrayDataReference(destination)), n);
                for (var i = 0; i < n; i++)
                    target[i] = new Complex(BinaryPrimitives.ReadSingleLittleEndian(stored[(i * 8)..]), BinaryPrimitives.ReadSingleLittleEndian(stored[(i * 8 + 4)..]));
                return;
            }
            case DataTypeKind.FixedUtf32:
                for (var i = 0; i < n; i++) SetFlat(destination, i, FillValue.DecodeUtf32(stored.Slice(i * type.ItemSize, type.ItemSize)));
                return;
            case DataTypeKind.FixedBytes:
                for (var i = 0; i < n; i++)
                {
                    var item = stored.Slice(i * type.ItemSize, type.ItemSize);
                    var end = item.Length;
                    while (end > 0 && item[end - 1] == 0) end--;
                    SetFlat(destination, i, item[..end].ToArray());
                }
                return;
            case DataTypeKind.RawBits:
                for (var i = 0; i < n; i++) SetFlat(destination, i, stored.Slice(i * type.ItemSize, type.ItemSize).ToArray());
                return;
            case DataTypeKind.Optional:
                OptionalLayout.FromStored(stored, destination, type);
                return;
            default:
                stored.CopyTo(Bytes(destination, type.ItemSize));
                return;
        }
    }

    /// <summary>Converts a .NET array into stored element bytes (little-endian).</summary>
    public static void ToStored(Array source, Span<byte> stored, ZarrDataType type, string? store = null, string? path = null)
    {
        var n = source.Length;
        switch (type.Kind)
        {
            case DataTypeKind.Complex when type.ItemSize == 8:
            {
                var values = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, Complex>(ref MemoryMarshal.GetArrayDataReference(source)), n);
                for (var i = 0; i < n; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(stored[(i * 8)..], (float)values[i].Real);
                    BinaryPrimitives.WriteSingleLittleEndian(stored[(i * 8 + 4)..], (float)values[i].Imaginary);
                }
                return;
            }
            case DataTypeKind.FixedUtf32:
                for (var i = 0; i < n; i++)
                {
                    var text = (string?)GetFlat(source, i) ?? "";
                    var slot = stored.Slice(i * type.ItemSize, type.ItemSize);
                    slot.Clear();
                    if (Encoding.UTF32.GetByteCount(text) > type.ItemSize)
                        throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"String '{text}' is longer than the {type.Length} characters of {type}", store, path);
                    Encoding.UTF32.GetBytes(text, slot);
                }
                return;
            case DataTypeKind.Optional:
                OptionalLayout.ToStored(source, stored, type, store, path);
                return;
            case DataTypeKind.FixedBytes:
            case DataTypeKind.RawBits:
                for (var i = 0; i < n; i++)
                {
                    var bytes = (byte[]?)GetFlat(source, i) ?? [];
                    if (bytes.Length > type.ItemSize)
                        throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"A {bytes.Length}-byte value does not fit {type}", store, path);
                    var slot = stored.Slice(i * type.ItemSize, type.ItemSize);
                    slot.Clear();
                    bytes.CopyTo(slot);
                }
                return;
            default:
                Bytes(source, type.ItemSize).CopyTo(stored);
                return;
        }
    }

    /// <summary>A new array of the same shape with element type <paramref name="elementType"/>, each element mapped (identity when null).</summary>
    public static Array Map(Array source, Type elementType, Func<object?, object?>? map = null)
    {
        var result = Array.CreateInstance(elementType, Enumerable.Range(0, source.Rank).Select(source.GetLength).ToArray());
        var items = ToObjects(source);
        if (map is not null) for (var i = 0; i < items.Length; i++) items[i] = map(items[i]);
        FromObjects(items, result);
        return result;
    }

    /// <summary>Copies a .NET array (any rank) into a flat object buffer, C order.</summary>
    public static object?[] ToObjects(Array source)
    {
        var result = new object?[source.Length];
        var i = 0;
        foreach (var item in source) result[i++] = item;
        return result;
    }

    /// <summary>Fills a .NET array (any rank) from a flat object buffer, C order.</summary>
    public static void FromObjects(ReadOnlySpan<object?> items, Array destination)
    {
        for (var i = 0; i < items.Length; i++) SetFlat(destination, i, items[i]);
    }

    private static void SetFlat(Array array, int flatIndex, object? value)
    {
        if (array.Rank == 1) { array.SetValue(value, flatIndex); return; }
        array.SetValue(value, Unflatten(array, flatIndex));
    }

    private static object? GetFlat(Array array, int flatIndex) =>
        array.Rank == 1 ? array.GetValue(flatIndex) : array.GetValue(Unflatten(array, flatIndex));

    private static int[] Unflatten(Array array, int flatIndex)
    {
        var index = new int[array.Rank];
        for (var d = array.Rank - 1; d >= 0; d--)
        {
            var length = array.GetLength(d);
            index[d] = flatIndex % length;
            flatIndex /= length;
        }
        return index;
    }
}
