using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Sharding;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Sharding;

internal static class ShardingTestArrays
{
    public static ArrayMetadata Sharded(string path, ZarrDataType type, long[] shape, int[] shard, ShardingCodec codec, FillValue? fill = null) =>
        new(path, 3, shape, shard, type, fill ?? FillValue.Default(type), ChunkKeyEncoding.DefaultSlash, new CodecChain([], codec, []));

    public static ZarrArray Create(IZarrStore store, ArrayMetadata metadata)
    {
        NodeStore.Write(store, metadata);
        return new ZarrArray(store, metadata);
    }

    public static double[,] Ramp(int rows, int columns)
    {
        var data = new double[rows, columns];
        for (var i = 0; i < rows; i++) for (var j = 0; j < columns; j++) data[i, j] = i * 1000 + j + 0.25;
        return data;
    }
}
