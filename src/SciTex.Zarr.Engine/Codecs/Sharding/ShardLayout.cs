using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Sharding;

/// <summary>How a shard of a given shape splits into inner chunks: the grid, and C-order strides on each side.</summary>
internal sealed class ShardLayout
{
    public ShardLayout(int[] shardShape, int[] innerShape)
    {
        if (shardShape.Length != innerShape.Length)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata,
                $"sharding_indexed: chunk_shape [{string.Join(", ", innerShape)}] has {innerShape.Length} dimensions but the shard has {shardShape.Length}");
        for (var i = 0; i < shardShape.Length; i++)
            if (innerShape[i] <= 0 || shardShape[i] % innerShape[i] != 0)
                throw new ZarrException(ZarrErrorKind.InvalidMetadata,
                    $"sharding_indexed: inner chunk_shape [{string.Join(", ", innerShape)}] must divide the shard shape [{string.Join(", ", shardShape)}]");
        InnerShape = innerShape;
        InnerCounts = innerShape.Select(d => (long)d).ToArray();
        Grid = shardShape.Select((s, i) => s / innerShape[i]).ToArray();
        long count = 1;
        foreach (var g in Grid)
        {
            count *= g;
            if (count > Arrays.ZarrConfig.MaxChunksPerShard)
                throw new ZarrException(ZarrErrorKind.InvalidMetadata,
                    $"sharding_indexed: a shard of [{string.Join(", ", shardShape)}] in inner chunks of [{string.Join(", ", innerShape)}] has more than "
                    + $"{Arrays.ZarrConfig.MaxChunksPerShard} inner chunks, the limit ({Arrays.ZarrConfig.HowToRaise(nameof(Arrays.ZarrConfig.MaxChunksPerShard), Arrays.ZarrConfig.MaxChunksPerShardVariable)})");
        }
        Count = (int)count;
        ShardStrides = StridedCopy.Strides(shardShape.Select(d => (long)d).ToArray());
        InnerStrides = StridedCopy.Strides(InnerCounts);
        GridStrides = StridedCopy.Strides(Grid.Select(d => (long)d).ToArray());
    }

    public int[] InnerShape { get; }
    public long[] InnerCounts { get; }
    public int[] Grid { get; }
    public int Count { get; }
    public long[] ShardStrides { get; }
    public long[] InnerStrides { get; }
    public long[] GridStrides { get; }

    /// <summary>The C-order number of the inner chunk at grid coordinates.</summary>
    public int Linear(ReadOnlySpan<long> coordinates)
    {
        long n = 0;
        for (var i = 0; i < coordinates.Length; i++) n += coordinates[i] * GridStrides[i];
        return (int)n;
    }

    /// <summary>Element offset (in the shard) of the first element of inner chunk <paramref name="chunk"/>.</summary>
    public long ShardOffset(int chunk)
    {
        long offset = 0, rest = chunk;
        for (var i = 0; i < Grid.Length; i++)
        {
            var coordinate = rest / GridStrides[i];
            rest %= GridStrides[i];
            offset += coordinate * InnerShape[i] * ShardStrides[i];
        }
        return offset;
    }
}
