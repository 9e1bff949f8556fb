using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Sharding;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Tests.Stores;
using static SciTex.Zarr.Tests.Sharding.ShardingTestArrays;

namespace SciTex.Zarr.Tests.Sharding;

/// <summary>zarrita (the one peer here that reads v3 sharding) reads our sharded arrays value by value.</summary>
public sealed class ZarritaShardTests : IDisposable
{
    private readonly string _dir = InteropPeers.TempDir();
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string ReadArray = """
        const root = zarr.root(new FileSystemStore(process.argv[2]));
        const array = await zarr.open.v3(root.resolve(process.argv[3]), { kind: "array" });
        const chunk = await zarr.get(array);
        console.log(JSON.stringify({ shape: chunk.shape, data: Array.from(chunk.data, Number) }));
        """;

    [SkippableFact]
    public void ZarritaReadsShardsWithCrc32cIndexAtTheEnd()
    {
        var codec = ShardingCodec.Create(ZarrDataType.Float64, [4, 3], new ZstdCodec(3));
        Assert.Equal(new[] { "bytes", "crc32c" }, codec.IndexCodecs.All.Select(c => c.Name));
        var data = Ramp(13, 10);
        data[12, 9] = 0; // with its neighbours in the last shard's edge, some inner chunks stay all-fill and unstored
        using (var store = new DirectoryStore(Path.Combine(_dir, "s.zarr")))
        {
            var array = Create(store, Sharded("grid", ZarrDataType.Float64, [13, 10], [8, 6], codec));
            array.Write(data);
        }
        var seen = InteropPeers.RunZarrita(ReadArray, Path.Combine(_dir, "s.zarr"), "grid");
        Assert.Equal(new[] { 13, 10 }, seen.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(data.Cast<double>(), seen.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()));
    }

    [SkippableFact]
    public void ZarritaReadsShardsWithEmptyInnerChunksAndIntegers()
    {
        var values = new int[40];
        values[3] = 3;
        values[37] = -37; // inner chunks 1..8 are all fill and not stored
        using (var store = new DirectoryStore(Path.Combine(_dir, "i.zarr")))
        {
            var array = Create(store, Sharded("v", ZarrDataType.Int32, [40], [20], ShardingCodec.Create(ZarrDataType.Int32, [4])));
            array.Write(values);
            // Per shard: one stored 16-byte inner chunk, then 5 index entries of 16 bytes and the 4-byte crc32c.
            Assert.Equal(16 + 5 * 16 + 4, store.GetSize("v/c/0"));
            Assert.Equal(16 + 5 * 16 + 4, store.GetSize("v/c/1"));
        }
        var seen = InteropPeers.RunZarrita(ReadArray, Path.Combine(_dir, "i.zarr"), "v");
        Assert.Equal(values, seen.GetProperty("data").EnumerateArray().Select(e => e.GetInt32()));
    }
}
