namespace SciTex.Zarr.Engine.Conversion;

/// <summary>
/// The automatic chunk shape zarr-python (and h5py) pick: aim for 128 KiB–64 MiB chunks scaled with the array's size,
/// halving the axes round-robin from the first. Kept identical so converted stores chunk like ones Python would write.
/// </summary>
public static class ChunkGuess
{
    private const double Base = 256 * 1024;
    private const double Min = 128 * 1024;
    private const double Max = 64 * 1024 * 1024;

    public static int[] For(long[] shape, int itemSize)
    {
        var rank = shape.Length;
        if (rank == 0) return [];
        var chunks = shape.Select(s => (double)Math.Max(s, 1)).ToArray();
        var size = Product(chunks) * itemSize;
        var target = Math.Clamp(Base * Math.Pow(2, Math.Log10(size / (1024.0 * 1024))), Min, Max);
        for (var index = 0; ; index++)
        {
            var elements = Product(chunks);
            var bytes = elements * itemSize;
            if ((bytes < target || Math.Abs(bytes - target) / target < 0.5) && bytes < Max) break;
            if (elements == 1) break;
            var axis = index % rank;
            chunks[axis] = Math.Ceiling(chunks[axis] / 2.0);
        }
        return chunks.Select(c => (int)Math.Min(c, int.MaxValue)).ToArray();
    }

    private static double Product(double[] values)
    {
        var p = 1.0;
        foreach (var v in values) p *= v;
        return p;
    }
}
