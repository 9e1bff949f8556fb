using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// Blosc's bit shuffle (the bitshuffle library's bit transpose): for n elements, bit b of byte j of element i lands
/// in plane (8·j + b) at bit i, planes being n/8 bytes each and bits filled least-significant first. libblosc 1.21
/// only applies it when n is a multiple of 8 — otherwise the block is left as is — and copies the length % typesize
/// trailing bytes unchanged.
/// </summary>
internal static partial class Shuffle
{
    /// <param name="scratch">At least <c>source.Length</c> bytes of working space.</param>
    public static void BitShuffle(int typesize, ReadOnlySpan<byte> source, Span<byte> destination, Span<byte> scratch)
    {
        var n = source.Length / typesize;
        if (n % 8 != 0)
        {
            source.CopyTo(destination);
            return;
        }
        var body = n * typesize;
        ByteShuffle(typesize, source[..body], scratch);
        var planeBytes = n / 8;
        for (var j = 0; j < typesize; j++)
            TransposeRowToPlanes(scratch.Slice(j * n, n), destination.Slice(j * n, n), planeBytes);
        source[body..].CopyTo(destination[body..]);
    }

    /// <param name="scratch">At least <c>source.Length</c> bytes of working space.</param>
    public static void BitUnshuffle(int typesize, ReadOnlySpan<byte> source, Span<byte> destination, Span<byte> scratch)
    {
        var n = source.Length / typesize;
        if (n % 8 != 0)
        {
            source.CopyTo(destination);
            return;
        }
        var body = n * typesize;
        var planeBytes = n / 8;
        for (var j = 0; j < typesize; j++)
            TransposePlanesToRow(source.Slice(j * n, n), scratch.Slice(j * n, n), planeBytes);
        ByteUnshuffle(typesize, scratch[..body], destination);
        source[body..].CopyTo(destination[body..]);
    }

    /// <summary>One byte-row of n elements → 8 bit planes of n/8 bytes.</summary>
    private static void TransposeRowToPlanes(ReadOnlySpan<byte> row, Span<byte> planes, int planeBytes)
    {
        ref var src = ref MemoryMarshal.GetReference(row);
        ref var dst = ref MemoryMarshal.GetReference(planes);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // The top bit of each byte gives 16 elements' bit 7 at once; doubling the bytes brings the next bit up.
            for (; i + 16 <= row.Length; i += 16)
            {
                var x = Vector128.LoadUnsafe(ref src, (nuint)i);
                for (var b = 7; b >= 0; b--)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, b * planeBytes + i / 8), (ushort)x.ExtractMostSignificantBits());
                    x += x;
                }
            }
        }
        for (; i < row.Length; i += 8)
        {
            var t = Transpose8x8(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, i)));
            for (var b = 0; b < 8; b++)
                Unsafe.Add(ref dst, b * planeBytes + i / 8) = (byte)(t >> (8 * b));
        }
    }

    /// <summary>8 bit planes of n/8 bytes → one byte-row of n elements.</summary>
    private static void TransposePlanesToRow(ReadOnlySpan<byte> planes, Span<byte> row, int planeBytes)
    {
        ref var src = ref MemoryMarshal.GetReference(planes);
        ref var dst = ref MemoryMarshal.GetReference(row);
        for (var g = 0; g < planeBytes; g++)
        {
            ulong gathered = 0;
            for (var b = 0; b < 8; b++)
                gathered |= (ulong)Unsafe.Add(ref src, b * planeBytes + g) << (8 * b);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, 8 * g), Transpose8x8(gathered));
        }
    }

    /// <summary>Transposes an 8x8 bit matrix stored as 8 little-endian bytes (bit c of byte r ↔ bit r of byte c).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Transpose8x8(ulong x)
    {
        var t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAUL;
        x ^= t ^ (t << 7);
        t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCUL;
        x ^= t ^ (t << 14);
        t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0UL;
        x ^= t ^ (t << 28);
        return x;
    }
}
