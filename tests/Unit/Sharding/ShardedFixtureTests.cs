using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs.Sharding;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Tests.Conformance;
using SciTex.Zarr.Tests.Stores;

namespace SciTex.Zarr.Tests.Sharding;

/// <summary>zarrs' sharded fixture (uint16 8x8, shards 4x8, inner 4x4 gzip, bytes+crc32c index at the end), read partially.</summary>
public class ShardedFixtureTests
{
    [FixtureFact]
    public void ZarrsShardReadsOneInnerChunkByRange()
    {
        var folder = Path.Combine(ZarrsFixtures.Folder, "sharded_array_write_read.zarr");
        using var counting = new CountingStore(new DirectoryStore(folder, readOnly: true));
        var array = ZarrArray.Open(counting, "group/array");
        var codec = Assert.IsType<ShardingCodec>(array.Metadata.Codecs.ArrayToBytes);
        Assert.Equal(new[] { "bytes", "crc32c" }, codec.IndexCodecs.All.Select(c => c.Name));
        counting.Reset();

        var block = (ushort[,])array.Read(Selection.Parse("5:7, 1:3", 2));

        Assert.Equal(new ushort[,] { { 41, 42 }, { 49, 50 } }, block);
        Assert.Equal(2, counting.Ranges); // the 36-byte index, then inner chunk (1, 0)
        Assert.Equal(0, counting.Gets);
        Assert.True(counting.BytesRead < counting.GetSize("group/array/c/1/0"), $"read {counting.BytesRead} bytes");
        var all = (ushort[,])array.Read();
        for (var i = 0; i < 8; i++) for (var j = 0; j < 8; j++) Assert.Equal(8 * i + j, all[i, j]);
    }
}
