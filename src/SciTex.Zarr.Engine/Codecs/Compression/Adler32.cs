using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>Adler-32 (RFC1950), to verify zlib trailers ourselves: .NET's inflater accepts truncated streams silently.</summary>
internal static class Adler32
{
    private const uint Modulus = 65521;
    private const int BlockBeforeOverflow = 5552;   // largest n with 255·n·(n+1)/2 + (n+1)·(Modulus−1) < 2^32

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        ref var p = ref MemoryMarshal.GetReference(data);
        var remaining = data.Length;
        var offset = 0;
        while (remaining > 0)
        {
            var n = Math.Min(remaining, BlockBeforeOverflow);
            for (var end = offset + n; offset < end; offset++)
            {
                a += Unsafe.Add(ref p, offset);
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            remaining -= n;
        }
        return b << 16 | a;
    }
}
