using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// BloscLZ, Blosc's built-in FastLZ-style LZ77 format, as libblosc 1.21 reads it:
/// <list type="bullet">
/// <item>token byte t &lt; 32: a literal run of t+1 bytes follows (the first token is always a literal; libblosc
/// masks its top three bits);</item>
/// <item>token byte t ≥ 32: a match. Length = (t &gt;&gt; 5) + 2, and when t &gt;&gt; 5 is 7 further bytes are added
/// until one is not 255. Then one byte d; distance = (t &amp; 31)·256 + d + 1, except that (t &amp; 31) = 31 with
/// d = 255 announces a far match whose distance is 8192 + the next two bytes read big-endian.</item>
/// </list>
/// libblosc rejects a stream whose last token is a match ending on its final byte, so the encoder always ends with
/// literals.
/// </summary>
internal static partial class BloscLz
{
    private const int NearLimit = 8191;              // largest distance the 13-bit near form can carry
    private const int FarBase = 8192;
    private const int MaxDistance = FarBase + 65535;

    /// <summary>Decodes into <paramref name="output"/>; returns the bytes written, or -1 for a malformed stream.</summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.IsEmpty) return 0;
        ref var src = ref MemoryMarshal.GetReference(input);
        ref var dst = ref MemoryMarshal.GetReference(output);
        int inEnd = input.Length, outEnd = output.Length;
        int ip = 1, op = 0;
        var ctrl = (uint)(src & 31);
        while (true)
        {
            if (ctrl >= 32)
            {
                var length = (int)(ctrl >> 5) - 1;
                if (length == 6)
                {
                    byte more;
                    do
                    {
                        if (ip + 1 >= inEnd) return -1;
                        more = Unsafe.Add(ref src, ip++);
                        length += more;
                    } while (more == 255);
                }
                else if (ip + 1 >= inEnd)
                {
                    return -1;
                }
                var low = Unsafe.Add(ref src, ip++);
                length += 3;
                var high = (int)(ctrl & 31);
                var distance = (high << 8) + low + 1;
                if (low == 255 && high == 31)
                {
                    if (ip + 1 >= inEnd) return -1;
                    distance = FarBase + (Unsafe.Add(ref src, ip) << 8 | Unsafe.Add(ref src, ip + 1));
                    ip += 2;
                }
                if (length > outEnd - op || distance > op) return -1;
                CopyMatch(ref dst, op, distance, length);
                op += length;
            }
            else
            {
                var run = (int)ctrl + 1;
                if (run > outEnd - op || run > inEnd - ip) return -1;
                Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref dst, op), ref Unsafe.Add(ref src, ip), (uint)run);
                op += run;
                ip += run;
            }
            if (ip >= inEnd) break;
            ctrl = Unsafe.Add(ref src, ip++);
        }
        return op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyMatch(ref byte dst, int op, int distance, int length)
    {
        ref var to = ref Unsafe.Add(ref dst, op);
        ref var from = ref Unsafe.Add(ref dst, op - distance);
        if (distance >= length)
        {
            Unsafe.CopyBlockUnaligned(ref to, ref from, (uint)length);
        }
        else if (distance == 1)
        {
            Unsafe.InitBlockUnaligned(ref to, from, (uint)length);
        }
        else if (distance >= 8)
        {
            // Overlapping, but every 8-byte read lies in bytes already written.
            var k = 0;
            for (; k + 8 <= length; k += 8)
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, k), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, k)));
            for (; k < length; k++) Unsafe.Add(ref to, k) = Unsafe.Add(ref from, k);
        }
        else
        {
            for (var k = 0; k < length; k++) Unsafe.Add(ref to, k) = Unsafe.Add(ref from, k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MatchLength(ref byte src, int a, int b, int limit)
    {
        // Counts equal bytes from positions a (earlier) and b, b never passing limit.
        var start = b;
        while (b + 8 <= limit)
        {
            var diff = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, a)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, b));
            if (diff != 0) return b - start + (BitOperations.TrailingZeroCount(diff) >> 3);
            a += 8;
            b += 8;
        }
        while (b < limit && Unsafe.Add(ref src, a) == Unsafe.Add(ref src, b))
        {
            a++;
            b++;
        }
        return b - start;
    }
}
