using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Metadata;

namespace SciTex.Zarr.Engine.Codecs.Sharding;

/// <summary>Builds metadata for sharded v3 arrays (and the unsharded equivalent, for comparisons such as benchmarks).</summary>
public static class ShardedArrays
{
    /// <summary>
    /// A v3 array stored as shards of <paramref name="shardShape"/>, each split into <paramref name="innerChunkShape"/>
    /// inner chunks encoded as bytes (little-endian) + <paramref name="compressors"/>; index bytes + crc32c at the end.
    /// </summary>
    public static ArrayMetadata Metadata(string path, long[] shape, ZarrDataType dataType, int[] shardShape, int[] innerChunkShape,
        params IBytesToBytesCodec[] compressors) =>
        new(path, 3, shape, shardShape, dataType, FillValue.Default(dataType), ChunkKeyEncoding.DefaultSlash,
            new CodecChain([], ShardingCodec.Create(dataType, innerChunkShape, compressors), []));

    /// <summary>The same array without sharding: every inner chunk is its own stored chunk.</summary>
    public static ArrayMetadata Unsharded(string path, long[] shape, ZarrDataType dataType, int[] chunkShape, params IBytesToBytesCodec[] compressors) =>
        new(path, 3, shape, chunkShape, dataType, FillValue.Default(dataType), ChunkKeyEncoding.DefaultSlash,
            new CodecChain([], new BytesCodec(false), compressors));
}
