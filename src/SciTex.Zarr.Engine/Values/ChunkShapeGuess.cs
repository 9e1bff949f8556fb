namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// The automatic chunk shape: h5py/zarr's guess (halve the largest-stride axes round-robin until the chunk is near
/// a target size), with the target clamped to 128 KiB – 4 MiB so chunks stay in the 0.1–4 MiB range that decodes
/// fast and reads small windows cheaply.
/// </summary>
public static class ChunkShapeGuess
{
    public const long MinTargetBytes = 128 * 1024;
    public const long MaxTargetBytes = 4 * 1024 * 1024;
    private const double BaseBytes = 256 * 1024;

    public static int[] Guess(long[] shape, int itemSize)
    {
        if (shape.Length == 0) return [];
        var chunks = shape.Select(d => (double)Math.Max(d, 1)).ToArray();
        var itemBytes = Math.Max(itemSize, 1);
        var totalBytes = chunks.Aggregate(1.0, (a, d) => a * d) * itemBytes;
        // Target grows with the array: 256 KiB at 1 MiB, ×2 per decade, clamped.
        var target = BaseBytes * Math.Pow(2, Math.Log10(totalBytes / (1024.0 * 1024)));
        target = Math.Clamp(target, MinTargetBytes, MaxTargetBytes);

        var axis = 0;
        while (true)
        {
            var chunkBytes = chunks.Aggregate(1.0, (a, d) => a * d) * itemBytes;
            if (chunkBytes < target || Math.Abs(chunkBytes - target) / target < 0.5) break;
            if (chunks.Aggregate(1.0, (a, d) => a * d) <= 1) break;
            chunks[axis % chunks.Length] = Math.Ceiling(chunks[axis % chunks.Length] / 2);
            axis++;
        }
        return chunks.Select(c => (int)Math.Min(c, int.MaxValue)).ToArray();
    }
}
