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

    public static List<ChunkProjection> Project(ResolvedAxis[] axes, int[] chunkShape)
    {
        var perAxis = axes.Select((a, i) => ProjectAxis(a, chunkShape[i])).ToArray();
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
