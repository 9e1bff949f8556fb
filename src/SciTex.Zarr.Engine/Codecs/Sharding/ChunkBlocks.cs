using System.Runtime.ExceptionServices;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Chunking;

namespace SciTex.Zarr.Engine.Codecs.Sharding;

/// <summary>Block copies between decoded chunks of either storage kind (bytes or objects), and a parallel loop over inner chunks.</summary>
internal static class ChunkBlocks
{
    /// <summary>A chunk of <paramref name="spec"/>'s shape, filled with the fill value or left uninitialised (caller overwrites all of it).</summary>
    public static ChunkArray New(ChunkSpec spec, bool fill)
    {
        if (fill || spec.DataType.IsVariableLength) return ChunkBuffers.Filled(spec);
        return ChunkArray.FromBytes(spec.Shape, PooledBuffer.Rent(checked((int)spec.ElementCount * spec.DataType.ItemSize)));
    }

    public static void Copy(ChunkArray src, long srcOffset, long[] srcStep, ChunkArray dst, long dstOffset, long[] dstStep, long[] counts, ChunkSpec spec)
    {
        if (src.Objects is { } objects)
            StridedCopy.Copy<object?>(objects, srcOffset, srcStep, dst.Objects, dstOffset, dstStep, counts, 1);
        else
            StridedCopy.Copy<byte>(src.Bytes!.Span, srcOffset, srcStep, dst.Bytes!.Span, dstOffset, dstStep, counts, spec.DataType.ItemSize);
    }

    public static void Fill(ChunkArray dst, ChunkSpec spec, long dstOffset, long[] dstStep, long[] counts)
    {
        if (dst.Objects is { } objects)
            StridedCopy.Fill<object?>([spec.FillValue.Object], objects, dstOffset, dstStep, counts);
        else
            StridedCopy.Fill<byte>(spec.FillValue.Raw, dst.Bytes!.Span, dstOffset, dstStep, counts);
    }

    /// <summary>Runs <paramref name="body"/> for 0..count−1, in parallel when worthwhile; rethrows the first failure as itself, not wrapped.</summary>
    public static void ForEach(int count, Action<int> body)
    {
        var workers = Math.Min(count, Math.Max(1, ZarrConfig.Concurrency));
        if (workers <= 1)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
