namespace SciTex.Zarr.Engine.Chunking;

/// <summary>
/// Copies an N-d strided block between two C-order buffers. Elements are <c>unit</c> consecutive T's
/// (bytes of a fixed-size element, or one object). The innermost axis is copied as one block when both sides are contiguous.
/// </summary>
public static class StridedCopy
{
    /// <param name="srcStep">Per axis, the source distance (in elements) between consecutive copied elements.</param>
    /// <param name="dstStep">Per axis, the destination distance (in elements) between consecutive copied elements.</param>
    public static void Copy<T>(ReadOnlySpan<T> src, long srcOffset, long[] srcStep, Span<T> dst, long dstOffset, long[] dstStep, long[] counts, int unit)
    {
        var rank = counts.Length;
        if (rank == 0)
        {
            src.Slice((int)(srcOffset * unit), unit).CopyTo(dst.Slice((int)(dstOffset * unit), unit));
            return;
        }
        foreach (var c in counts) if (c == 0) return;
        var inner = rank - 1;
        var innerCount = counts[inner];
        var contiguous = srcStep[inner] == 1 && dstStep[inner] == 1;
        var index = new long[rank];
        var s = srcOffset;
        var d = dstOffset;
        while (true)
        {
            if (contiguous)
            {
                src.Slice((int)(s * unit), (int)(innerCount * unit)).CopyTo(dst.Slice((int)(d * unit), (int)(innerCount * unit)));
            }
            else
            {
                long si = s, di = d;
                for (long k = 0; k < innerCount; k++, si += srcStep[inner], di += dstStep[inner])
                    src.Slice((int)(si * unit), unit).CopyTo(dst.Slice((int)(di * unit), unit));
            }
            // Advance the outer axes like an odometer.
            var axis = inner - 1;
            while (axis >= 0)
            {
                index[axis]++;
                s += srcStep[axis];
                d += dstStep[axis];
                if (index[axis] < counts[axis]) break;
                s -= srcStep[axis] * counts[axis];
                d -= dstStep[axis] * counts[axis];
                index[axis] = 0;
                axis--;
            }
            if (axis < 0) return;
        }
    }

    /// <summary>Writes one element pattern into every position of a strided block.</summary>
    public static void Fill<T>(ReadOnlySpan<T> pattern, Span<T> dst, long dstOffset, long[] dstStep, long[] counts)
    {
        var unit = pattern.Length;
        var rank = counts.Length;
        foreach (var c in counts) if (c == 0) return;
        var index = new long[rank];
        var d = dstOffset;
        if (rank == 0)
        {
            pattern.CopyTo(dst.Slice((int)(d * unit), unit));
            return;
        }
        var inner = rank - 1;
        while (true)
        {
            long di = d;
            for (long k = 0; k < counts[inner]; k++, di += dstStep[inner]) pattern.CopyTo(dst.Slice((int)(di * unit), unit));
            var axis = inner - 1;
            while (axis >= 0)
            {
                index[axis]++;
                d += dstStep[axis];
                if (index[axis] < counts[axis]) break;
                d -= dstStep[axis] * counts[axis];
                index[axis] = 0;
                axis--;
            }
            if (axis < 0) return;
        }
    }

    /// <summary>C-order strides (in elements) of a shape.</summary>
    public static long[] Strides(ReadOnlySpan<long> shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }
}
