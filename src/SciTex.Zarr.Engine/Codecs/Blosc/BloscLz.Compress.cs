using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// BloscLZ encoder: greedy LZ77 over a hash of 4-byte sequences, with the hash table size growing with the level and
/// a skip that speeds up over incompressible stretches. Output is deterministic for a given input and level.
/// </summary>
internal static partial class BloscLz
{
    private const int MinMatch = 4;
    private const int TailLiterals = 12;     // the last bytes are always literals (see the format note)
    private const int MaxHashLog = 15;

    [ThreadStatic] private static int[]? t_table;
    [ThreadStatic] private static int t_generation;

    /// <summary>Compresses into <paramref name="output"/>; returns the size, or 0 when it does not fit.</summary>
    public static int Compress(int clevel, ReadOnlySpan<byte> input, Span<byte> output)
    {
        var n = input.Length;
        if (n == 0) return 0;
        if (n < TailLiterals + MinMatch) return EmitLiterals(input, 0, n, output, 0);

        var hashLog = clevel switch { <= 3 => 12, <= 6 => 13, <= 8 => 14, _ => MaxHashLog };
        var table = t_table ??= new int[1 << MaxHashLog];
        // Entries hold position + generation; anything below this call's generation belongs to an earlier input.
        if (t_generation > int.MaxValue - n - 1)
        {
            Array.Clear(table);
            t_generation = 0;
        }
        var generation = ++t_generation;
        t_generation += n;

        ref var src = ref MemoryMarshal.GetReference(input);
        ref var slot0 = ref MemoryMarshal.GetArrayDataReference(table);
        var scanEnd = n - TailLiterals;
        var matchLimit = n - TailLiterals / 2;
        int ip = 1, anchor = 0, op = 0;
        var shift = 32 - hashLog;

        while (ip < scanEnd)
        {
            var sequence = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, ip));
            ref var slot = ref Unsafe.Add(ref slot0, (int)((sequence * 2654435761u) >> shift));
            var candidate = slot - generation;
            slot = ip + generation;
            var distance = ip - candidate;
            if (candidate < 0 || distance > MaxDistance || Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, candidate)) != sequence)
            {
                ip += 1 + ((ip - anchor) >> 6);
                continue;
            }
            var length = MinMatch + MatchLength(ref src, candidate + MinMatch, ip + MinMatch, matchLimit);
            if (distance > NearLimit && length < 6)
            {
                ip++;
                continue;
            }
            op = EmitLiterals(input, anchor, ip, output, op);
            if (op == 0) return 0;
            op = EmitMatch(distance, length, output, op);
            if (op == 0) return 0;
            ip += length;
            anchor = ip;
            if (ip < scanEnd)
            {
                var back = ip - 2;
                Unsafe.Add(ref slot0, (int)((Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, back)) * 2654435761u) >> shift)) = back + generation;
            }
        }
        return EmitLiterals(input, anchor, n, output, op);
    }

    /// <summary>Writes input[from..to) as literal runs of up to 32; returns the new output position or 0 when full.</summary>
    private static int EmitLiterals(ReadOnlySpan<byte> input, int from, int to, Span<byte> output, int op)
    {
        while (from < to)
        {
            var run = Math.Min(32, to - from);
            if (op + 1 + run > output.Length) return 0;
            output[op++] = (byte)(run - 1);
            input.Slice(from, run).CopyTo(output[op..]);
            op += run;
            from += run;
        }
        return op;
    }

    private static int EmitMatch(int distance, int length, Span<byte> output, int op)
    {
        var lengthCode = Math.Min(length - 2, 7);
        var extra = length - 9;
        var needed = 4 + (lengthCode == 7 ? extra / 255 + 1 : 0);
        if (op + needed > output.Length) return 0;
        var far = distance > NearLimit;
        var high = far ? 31 : (distance - 1) >> 8;
        output[op++] = (byte)(lengthCode << 5 | high);
        if (lengthCode == 7)
        {
            for (; extra >= 255; extra -= 255) output[op++] = 255;
            output[op++] = (byte)extra;
        }
        if (far)
        {
            var offset = distance - FarBase;
            output[op++] = 255;
            output[op++] = (byte)(offset >> 8);
            output[op++] = (byte)offset;
        }
        else
        {
            output[op++] = (byte)(distance - 1);
        }
        return op;
    }
}
