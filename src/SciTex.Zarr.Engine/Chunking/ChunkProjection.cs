using SciTex.Zarr.Engine.Errors;

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
    /// Chunks a selection can touch along one axis, at most (from its first and last index, before any list is built):
    /// what <see cref="Project"/> checks against <see cref="ZarrLimits.MaxChunksPerOperation"/>.
    /// </summary>
    public static long ChunkSpan(ResolvedAxis axis, int chunkLength)
    {
        if (axis.Count == 0) return 0;
        var last = axis.Start + (axis.Count - 1) * axis.Step;
        return Math.Min(axis.Count, last / chunkLength - axis.Start / chunkLength + 1);
    }

    /// <summary>
    /// The chunks a selection overlaps. One operation plans at most <see cref="ZarrLimits.MaxChunksPerOperation"/>
    /// chunks (each planned chunk costs memory, and each a store read or write): more is a named
    /// <see cref="ZarrErrorKind.LimitExceeded"/> error before anything is allocated, not an OutOfMemoryException.
    /// </summary>
    public static List<ChunkProjection> Project(ResolvedAxis[] axes, int[] chunkShape)
    {
        CheckPlan(axes, chunkShape);
        var perAxis = axes.Select((a, i) => ProjectAxis(a, chunkShape[i])).ToArray();
        return Combine(axes, perAxis);
    }

    /// <summary>Throws the named limit error when a selection would touch more chunks than one operation may plan.</summary>
    public static void CheckPlan(ResolvedAxis[] axes, int[] chunkShape)
    {
        System.Numerics.BigInteger planned = 1;
        for (var i = 0; i < axes.Length; i++) planned *= ChunkSpan(axes[i], chunkShape[i]);
        if (planned > ZarrLimits.MaxChunksPerOperation)
            throw ZarrLimits.Exceeded(
                $"This read or write touches {planned} chunks, more than the {ZarrLimits.MaxChunksPerOperation} one operation may plan; select a smaller region (Get-ZarrSlice, -Stream) or use larger chunks",
                "SCITEX_ZARR_MAX_CHUNKS_PER_OPERATION / [SciTex.Zarr.Engine.Errors.ZarrLimits]::MaxChunksPerOperation");
    }

    private static List<ChunkProjection> Combine(ResolvedAxis[] axes, IReadOnlyList<AxisProjection>[] perAxis)
    {
        var result = new List<ChunkProjection>();
        if (perAxis.Any(p => p.Count == 0)) return result;
        var cursor = new int[axes.Length];
        while (true)
        {
            var projections = new AxisProjection[axes.Length];
            var coordinates = new long[axes.Length];
            for (var i = 0; i < axes.Length; i++)
            {
                projections[i] = perAxis[i][cursor[i]];
                coordinates[i] = projections[i].Chunk;
            }
            result.Add(new ChunkProjection(coordinates, projections));
            var axis = axes.Length - 1;
            while (axis >= 0 && ++cursor[axis] == perAxis[axis].Count) cursor[axis--] = 0;
            if (axis < 0) break;
        }
        return result;
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -((-a) / b);
    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
