using System.Buffers;
using System.Runtime.CompilerServices;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// Runs a per-block job over all blocks of a frame, on several threads when the frame is large enough for that to
/// pay off. Each worker takes a contiguous range of blocks and gets its own scratch array.
/// </summary>
internal static class BloscBlockWork
{
    private const int ParallelThreshold = 1 << 20;

    /// <summary>Upper bound on worker threads per frame; set to 1 when chunks are already processed in parallel.</summary>
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    public static int WorkerCount(int nbytes, int blockCount) =>
        nbytes < ParallelThreshold || blockCount < 2 ? 1 : Math.Clamp(Math.Min(MaxThreads, blockCount), 1, 64);

    /// <summary>
    /// Calls <paramref name="job"/>(worker, firstBlock, endBlock, scratch) for each worker's range; returns the first
    /// error message a job reported, or null.
    /// </summary>
    public static string? Run(int workers, int blockCount, int scratchSize, Func<int, int, int, byte[], string?> job)
    {
        if (workers <= 1) return RunRange(0, 0, blockCount, scratchSize, job);
        var errors = new string?[workers];
        var perWorker = (blockCount + workers - 1) / workers;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var first = w * perWorker;
            var end = Math.Min(blockCount, first + perWorker);
            if (first < end) errors[w] = RunRange(w, first, end, scratchSize, job);
        });
        foreach (var error in errors)
            if (error is not null) return error;
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static string? RunRange(int worker, int first, int end, int scratchSize, Func<int, int, int, byte[], string?> job)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(scratchSize, 1));
        try
        {
            return job(worker, first, end, scratch);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
