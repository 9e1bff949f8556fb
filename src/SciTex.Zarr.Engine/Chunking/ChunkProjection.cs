namespace SciTex.Zarr.Engine.Chunking;

/// <summary>Where one chunk meets a selection along one axis: the chunk index, the first chunk-local index, how many elements, and where they land in the output.</summary>
public readonly record struct AxisProjection(long Chunk, long LocalStart, long Count, long OutStart);

/// <summary>One chunk touched by a selection, with its per-axis projection.</summary>
public sealed record ChunkProjection(long[] Coordinates, AxisProjection[] Axes);

/// <summary>Turns a resolved selection into the chunks it overlaps (and nothing else).</summary>
public static class ChunkProjector
{
    public static IReadOnlyList<AxisProjection> ProjectAxis(ResolvedAxis axis, int chunkLength)
    {
        var result = new List<AxisProjection>();
        if (axis.Count == 0) return result;
        var last = axis.Start + (axis.Count - 1) * axis.Step;
        for (var chunk = axis.Start / chunkLength; chunk <= last / chunkLength; chunk++)
        {
            var chunkStart = chunk * chunkLength;
            var kMin = Math.Max(0, CeilDiv(chunkStart - axis.Start, axis.Step));
            var kMax = Math.Min(axis.Count - 1, FloorDiv(chunkStart + chunkLength - 1 - axis.Start, axis.Step));
            if (kMin > kMax) continue; // a step larger than the chunk jumps over it
            result.Add(new AxisProjection(chunk, axis.Start + kMin * axis.Step - chunkStart, kMax - kMin + 1, kMin));
        }
        return result;
    }

    /// <summary>
    /// The chunks a selection overlaps, in C order, as a list computed on demand: no per-chunk state is held, so the
    /// cost is the per-axis projections (one entry per chunk along each axis). A selection touching more than
    /// <see cref="Arrays.ZarrConfig.MaxChunksPerOperation"/> chunks is refused before anything is built.
    /// </summary>
    public static ChunkProjectionList Project(ResolvedAxis[] axes, int[] chunkShape)
    {
        CheckChunkCount(axes, chunkShape);
        var perAxis = axes.Select((a, i) => ProjectAxis(a, chunkShape[i])).ToArray();
        return new ChunkProjectionList(perAxis);
    }

    /// <summary>An upper bound on the chunks a selection touches (chunks spanned, or elements when fewer), against the limit.</summary>
    public static void CheckChunkCount(ResolvedAxis[] axes, int[] chunkShape)
    {
        var limit = Arrays.ZarrConfig.MaxChunksPerOperation;
        double total = 1;
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = axes[i];
            if (axis.Count == 0) return;
            var last = axis.Start + (axis.Count - 1) * axis.Step;
            var spanned = last / chunkShape[i] - axis.Start / chunkShape[i] + 1;
            total *= Math.Min(spanned, axis.Count);
        }
        if (total > limit)
            throw new Errors.ZarrException(Errors.ZarrErrorKind.InvalidSelection,
                $"The selection touches {total:0} chunks, more than the limit of {limit} per read or write; select a smaller region "
                + $"or {Arrays.ZarrConfig.HowToRaise(nameof(Arrays.ZarrConfig.MaxChunksPerOperation), Arrays.ZarrConfig.MaxChunksPerOperationVariable)}");
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -((-a) / b);
    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}

/// <summary>The chunks of a selection in C order, each <see cref="ChunkProjection"/> made when asked for (by index or enumeration).</summary>
public sealed class ChunkProjectionList : IReadOnlyList<ChunkProjection>
{
    private readonly IReadOnlyList<AxisProjection>[] _perAxis;

    internal ChunkProjectionList(IReadOnlyList<AxisProjection>[] perAxis)
    {
        _perAxis = perAxis;
        long count = 1;
        foreach (var axis in perAxis) count *= axis.Count;
        Count = (int)count; // bounded by MaxChunksPerOperation (≤ int.MaxValue)
    }

    public int Count { get; }

    public ChunkProjection this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            var rank = _perAxis.Length;
            var projections = new AxisProjection[rank];
            var coordinates = new long[rank];
            long rest = index;
            for (var i = rank - 1; i >= 0; i--)
            {
                var n = _perAxis[i].Count;
                projections[i] = _perAxis[i][(int)(rest % n)];
                coordinates[i] = projections[i].Chunk;
                rest /= n;
            }
            return new ChunkProjection(coordinates, projections);
        }
    }

    public IEnumerator<ChunkProjection> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
