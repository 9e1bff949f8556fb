using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// Blosc's byte shuffle: with n = length / typesize whole elements, byte j of element i moves to j·n + i; the
/// length % typesize trailing bytes stay in place (they only occur in a frame's last, short block).
/// Typesizes 2, 4 and 8 use SSE2/SSSE3 transposes of 16 elements at a time; everything else the scalar loop.
/// </summary>
internal static partial class Shuffle
{
    public static void ByteShuffle(int typesize, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var length = source.Length;
        var n = length / typesize;
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination[..length]);
        var done = 0;
        if (Ssse3.IsSupported)
        {
            done = typesize switch
            {
                2 => Shuffle2(ref src, ref dst, n),
                4 => Shuffle4(ref src, ref dst, n),
                8 => Shuffle8(ref src, ref dst, n),
                _ => 0,
            };
        }
        for (var j = 0; j < typesize; j++)
        {
            ref var row = ref Unsafe.Add(ref dst, j * n);
            for (var i = done; i < n; i++)
                Unsafe.Add(ref row, i) = Unsafe.Add(ref src, i * typesize + j);
        }
        source[(n * typesize)..].CopyTo(destination[(n * typesize)..]);
    }

    public static void ByteUnshuffle(int typesize, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var length = source.Length;
        var n = length / typesize;
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination[..length]);
        var done = 0;
        if (Sse2.IsSupported)
        {
            done = typesize switch
            {
                2 => Unshuffle2(ref src, ref dst, n),
                4 => Unshuffle4(ref src, ref dst, n),
                8 => Unshuffle8(ref src, ref dst, n),
                _ => 0,
            };
        }
        for (var j = 0; j < typesize; j++)
        {
            ref var row = ref Unsafe.Add(ref src, j * n);
            for (var i = done; i < n; i++)
                Unsafe.Add(ref dst, i * typesize + j) = Unsafe.Add(ref row, i);
        }
        source[(n * typesize)..].CopyTo(destination[(n * typesize)..]);
    }

    // ---- SIMD kernels: each handles whole groups of 16 elements and returns how many elements it covered. ----

    private static Vector128<byte> Load(ref byte at, int offset) => Vector128.LoadUnsafe(ref at, (nuint)offset);
    private static void Store(Vector128<byte> value, ref byte at, int offset) => value.StoreUnsafe(ref at, (nuint)offset);

    private static int Shuffle2(ref byte src, ref byte dst, int n)
    {
        // Gather even bytes into the low half and odd bytes into the high half of each vector, then pair the halves.
        var split = Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var a = Ssse3.Shuffle(Load(ref src, 2 * i), split).AsUInt64();
            var b = Ssse3.Shuffle(Load(ref src, 2 * i + 16), split).AsUInt64();
            Store(Sse2.UnpackLow(a, b).AsByte(), ref dst, i);
            Store(Sse2.UnpackHigh(a, b).AsByte(), ref dst, n + i);
        }
        return i;
    }

    private static int Shuffle4(ref byte src, ref byte dst, int n)
    {
        // Each vector holds 4 elements; group bytes so lane j (uint) = byte j of those 4, then transpose the 4x4 lanes.
        var group = Vector128.Create((byte)0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var s0 = Ssse3.Shuffle(Load(ref src, 4 * i), group).AsUInt32();
            var s1 = Ssse3.Shuffle(Load(ref src, 4 * i + 16), group).AsUInt32();
            var s2 = Ssse3.Shuffle(Load(ref src, 4 * i + 32), group).AsUInt32();
            var s3 = Ssse3.Shuffle(Load(ref src, 4 * i + 48), group).AsUInt32();
            var t0 = Sse2.UnpackLow(s0, s1).AsUInt64();
            var t1 = Sse2.UnpackHigh(s0, s1).AsUInt64();
            var t2 = Sse2.UnpackLow(s2, s3).AsUInt64();
            var t3 = Sse2.UnpackHigh(s2, s3).AsUInt64();
            Store(Sse2.UnpackLow(t0, t2).AsByte(), ref dst, i);
            Store(Sse2.UnpackHigh(t0, t2).AsByte(), ref dst, n + i);
            Store(Sse2.UnpackLow(t1, t3).AsByte(), ref dst, 2 * n + i);
            Store(Sse2.UnpackHigh(t1, t3).AsByte(), ref dst, 3 * n + i);
        }
        return i;
    }

    private static int Shuffle8(ref byte src, ref byte dst, int n)
    {
        // Each vector holds 2 elements; interleave so lane j (ushort) = byte j of both, then transpose 8x8 ushort lanes.
        var pair = Vector128.Create((byte)0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            ref var block = ref Unsafe.Add(ref src, 8 * i);
            for (var half = 0; half < 2; half++)
            {
                var o = half * 64;
                var s0 = Ssse3.Shuffle(Load(ref block, o), pair).AsUInt16();
                var s1 = Ssse3.Shuffle(Load(ref block, o + 16), pair).AsUInt16();
                var s2 = Ssse3.Shuffle(Load(ref block, o + 32), pair).AsUInt16();
                var s3 = Ssse3.Shuffle(Load(ref block, o + 48), pair).AsUInt16();
                var a0 = Sse2.UnpackLow(s0, s1).AsUInt32();
                var a1 = Sse2.UnpackHigh(s0, s1).AsUInt32();
                var a2 = Sse2.UnpackLow(s2, s3).AsUInt32();
                var a3 = Sse2.UnpackHigh(s2, s3).AsUInt32();
                // b_k lane (ulong) r holds row 2k+r for these 8 elements.
                var b0 = Sse2.UnpackLow(a0, a2).AsUInt64();
                var b1 = Sse2.UnpackHigh(a0, a2).AsUInt64();
                var b2 = Sse2.UnpackLow(a1, a3).AsUInt64();
                var b3 = Sse2.UnpackHigh(a1, a3).AsUInt64();
                var at = i + half * 8;
                WriteRowPair(b0, ref dst, at, 0, n);
                WriteRowPair(b1, ref dst, at, 2, n);
                WriteRowPair(b2, ref dst, at, 4, n);
                WriteRowPair(b3, ref dst, at, 6, n);
            }
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRowPair(Vector128<ulong> rows, ref byte dst, int at, int firstRow, int n)
    {
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, firstRow * n + at), rows.GetElement(0));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, (firstRow + 1) * n + at), rows.GetElement(1));
    }

    private static int Unshuffle2(ref byte src, ref byte dst, int n)
    {
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var r0 = Load(ref src, i);
            var r1 = Load(ref src, n + i);
            Store(Sse2.UnpackLow(r0, r1), ref dst, 2 * i);
            Store(Sse2.UnpackHigh(r0, r1), ref dst, 2 * i + 16);
        }
        return i;
    }

    private static int Unshuffle4(ref byte src, ref byte dst, int n)
    {
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var r0 = Load(ref src, i);
            var r1 = Load(ref src, n + i);
            var r2 = Load(ref src, 2 * n + i);
            var r3 = Load(ref src, 3 * n + i);
            var a = Sse2.UnpackLow(r0, r1).AsUInt16();
            var b = Sse2.UnpackHigh(r0, r1).AsUInt16();
            var c = Sse2.UnpackLow(r2, r3).AsUInt16();
            var d = Sse2.UnpackHigh(r2, r3).AsUInt16();
            Store(Sse2.UnpackLow(a, c).AsByte(), ref dst, 4 * i);
            Store(Sse2.UnpackHigh(a, c).AsByte(), ref dst, 4 * i + 16);
            Store(Sse2.UnpackLow(b, d).AsByte(), ref dst, 4 * i + 32);
            Store(Sse2.UnpackHigh(b, d).AsByte(), ref dst, 4 * i + 48);
        }
        return i;
    }

    private static int Unshuffle8(ref byte src, ref byte dst, int n)
    {
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var r0 = Load(ref src, i);
            var r1 = Load(ref src, n + i);
            var r2 = Load(ref src, 2 * n + i);
            var r3 = Load(ref src, 3 * n + i);
            var r4 = Load(ref src, 4 * n + i);
            var r5 = Load(ref src, 5 * n + i);
            var r6 = Load(ref src, 6 * n + i);
            var r7 = Load(ref src, 7 * n + i);
            // Byte pairs, then 4-byte groups, then whole 8-byte elements.
            var a0 = Sse2.UnpackLow(r0, r1).AsUInt16();
            var a1 = Sse2.UnpackLow(r2, r3).AsUInt16();
            var a2 = Sse2.UnpackLow(r4, r5).AsUInt16();
            var a3 = Sse2.UnpackLow(r6, r7).AsUInt16();
            var b0 = Sse2.UnpackHigh(r0, r1).AsUInt16();
            var b1 = Sse2.UnpackHigh(r2, r3).AsUInt16();
            var b2 = Sse2.UnpackHigh(r4, r5).AsUInt16();
            var b3 = Sse2.UnpackHigh(r6, r7).AsUInt16();
            ref var o = ref Unsafe.Add(ref dst, 8 * i);
            WriteEight(a0, a1, a2, a3, ref o, 0);
            WriteEight(b0, b1, b2, b3, ref o, 64);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteEight(Vector128<ushort> p01, Vector128<ushort> p23, Vector128<ushort> p45, Vector128<ushort> p67, ref byte dst, int offset)
    {
        var c0 = Sse2.UnpackLow(p01, p23).AsUInt32();
        var c1 = Sse2.UnpackHigh(p01, p23).AsUInt32();
        var c2 = Sse2.UnpackLow(p45, p67).AsUInt32();
        var c3 = Sse2.UnpackHigh(p45, p67).AsUInt32();
        Store(Sse2.UnpackLow(c0, c2).AsByte(), ref dst, offset);
        Store(Sse2.UnpackHigh(c0, c2).AsByte(), ref dst, offset + 16);
        Store(Sse2.UnpackLow(c1, c3).AsByte(), ref dst, offset + 32);
        Store(Sse2.UnpackHigh(c1, c3).AsByte(), ref dst, offset + 48);
    }
}
