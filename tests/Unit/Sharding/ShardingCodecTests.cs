using System.Buffers.Binary;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Sharding;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Tests.Stores;
using static SciTex.Zarr.Tests.Sharding.ShardingTestArrays;

namespace SciTex.Zarr.Tests.Sharding;

public class ShardingCodecTests
{
    private static ShardingCodec Codec(ZarrDataType type, int[] inner, bool atEnd = true, params IBytesToBytesCodec[] compressors) =>
        new(type, inner, new CodecChain([], new BytesCodec(false), compressors), new CodecChain([], new BytesCodec(false), []), atEnd);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WholeArrayRoundTripsThroughReopenedMetadata(bool atEnd)
    {
        var store = new MemoryStore();
        var meta = Sharded("x", ZarrDataType.Float64, [21, 13], [8, 8], Codec(ZarrDataType.Float64, [4, 2], atEnd, new ZstdCodec(3)));
        var data = Ramp(21, 13);
        Create(store, meta).Write(data);

        var reopened = ZarrArray.Open(store, "x");
        var codec = Assert.IsType<ShardingCodec>(reopened.Metadata.Codecs.ArrayToBytes);
        Assert.Equal(new[] { 4, 2 }, codec.ChunkShape);
        Assert.Equal(atEnd, codec.IndexAtEnd);
        Assert.Equal("zstd", Assert.Single(codec.Codecs.BytesToBytes).Name);
        Assert.Equal(data, (double[,])reopened.Read());
        Assert.Equal(data[20, 12], reopened.ReadValue(Selection.Parse("20, 12", 2)));
    }

    [Fact]
    public void IndexIsLittleEndianPairsAndFillChunksAreNotStored()
    {
        var store = new MemoryStore();
        var meta = Sharded("u", ZarrDataType.UInt16, [4, 8], [4, 8], Codec(ZarrDataType.UInt16, [2, 4]));
        var data = new ushort[4, 8];
        data[3, 7] = 7; // only inner chunk (1,1) differs from the fill value
        Create(store, meta).Write(data);

        var shard = store.Get("u/c/0/0")!;
        Assert.Equal(2 * 4 * 2 + 4 * 16, shard.Length); // one 8-element uint16 chunk + 4 index entries
        var index = shard.AsSpan(16);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(index[(16 * i)..]));
            Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(index[(16 * i + 8)..]));
        }
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(index[48..]));
        Assert.Equal(16UL, BinaryPrimitives.ReadUInt64LittleEndian(index[56..]));
        Assert.Equal(7, BinaryPrimitives.ReadUInt16LittleEndian(shard.AsSpan(14)));
        Assert.Equal(data, (ushort[,])ZarrArray.Open(store, "u").Read());
    }

    [Fact]
    public void IndexAtStartShiftsOffsetsPastTheIndex()
    {
        var store = new MemoryStore();
        var meta = Sharded("s", ZarrDataType.Int32, [4], [4], Codec(ZarrDataType.Int32, [2], atEnd: false));
        Create(store, meta).Write(new[] { 1, 2, 3, 4 });
        var shard = store.Get("s/c/0")!;
        Assert.Equal(32 + 16, shard.Length);
        Assert.Equal(32UL, BinaryPrimitives.ReadUInt64LittleEndian(shard));
        Assert.Equal(40UL, BinaryPrimitives.ReadUInt64LittleEndian(shard.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(shard.AsSpan(32)));
        Assert.Equal(new[] { 2, 3 }, (int[])ZarrArray.Open(store, "s").Read(Selection.Parse("1:3", 1)));
    }

    [Fact]
    public void PartialReadFetchesTheIndexAndOnlyOverlappedInnerChunks()
    {
        var counting = new CountingStore(new MemoryStore());
        var meta = Sharded("p", ZarrDataType.Float64, [64, 64], [64, 64], Codec(ZarrDataType.Float64, [8, 8]));
        var data = Ramp(64, 64);
        Create(counting, meta).Write(data);
        var shardSize = counting.GetSize("p/c/0/0")!.Value;
        counting.Reset();

        var block = (double[,])ZarrArray.Open(counting, "p").Read(Selection.Parse("3:5, 10:12", 2));

        Assert.Equal(new[,] { { data[3, 10], data[3, 11] }, { data[4, 10], data[4, 11] } }, block);
        Assert.Equal(0, counting.Gets - 1); // the metadata document only: no whole-shard read
        Assert.Equal(2, counting.Ranges); // index suffix + one inner chunk
        var metadataBytes = counting.Get("p/zarr.json")!.Length;
        Assert.True(counting.BytesRead - 2 * metadataBytes == 64 * 16 + 8 * 8 * 8,
            $"read {counting.BytesRead} bytes of a {shardSize}-byte shard");
        Assert.True(counting.BytesRead < shardSize / 10);
    }

    [Fact]
    public void StridedSelectionsAcrossShardsMatchTheData()
    {
        var store = new CountingStore(new MemoryStore());
        var meta = Sharded("g", ZarrDataType.Float64, [50, 37], [16, 12], Codec(ZarrDataType.Float64, [4, 4], true, new ZstdCodec(1)));
        var data = Ramp(50, 37);
        var array = Create(store, meta);
        array.Write(data);
        foreach (var text in new[] { "1:49:3, 2:35:5", "7, :", ":, 36", "15:17, 11:13", "::16, ::12", "-5:, -9:" })
        {
            var selection = Selection.Parse(text, 2);
            var axes = selection.Resolve(array.Shape);
            var got = array.Read(selection);
            var expected = new List<double>();
            for (var i = 0; i < axes[0].Count; i++)
                for (var j = 0; j < axes[1].Count; j++)
                    expected.Add(data[axes[0].Start + i * axes[0].Step, axes[1].Start + j * axes[1].Step]);
            Assert.Equal(expected, got.Cast<double>());
        }
    }

    [Fact]
    public void PartialWriteKeepsTheRestOfTheShardAndMissingShardsReadAsFill()
    {
        var store = new MemoryStore();
        var fill = FillValue.Parse(System.Text.Json.Nodes.JsonValue.Create(-1), ZarrDataType.Int32, v2: false);
        var meta = Sharded("w", ZarrDataType.Int32, [8, 8], [4, 8], Codec(ZarrDataType.Int32, [2, 2]), fill);
        var array = Create(store, meta);
        array.Write(new[,] { { 5, 6 }, { 7, 8 } }, Selection.Parse("1:3, 3:5", 2));
        array.Write(new[,] { { 9 } }, Selection.Parse("0:1, 0:1", 2));
        Assert.False(store.Exists("w/c/1/0"));
        var all = (int[,])array.Read();
        Assert.Equal(9, all[0, 0]);
        Assert.Equal(5, all[1, 3]);
        Assert.Equal(8, all[2, 4]);
        Assert.Equal(-1, all[0, 1]);
        Assert.Equal(-1, all[7, 7]);
        Assert.Equal(new[] { -1, 5, 6 }, (int[])array.Read(Selection.Parse("1, 2:5", 2)));
        Assert.Equal(new[] { -1, -1 }, (int[])array.Read(Selection.Parse("6, 2:4", 2)));
    }

    [Fact]
    public void WholeShardWritesNeverReadTheStore()
    {
        var counting = new CountingStore(new MemoryStore());
        var meta = Sharded("n", ZarrDataType.Float64, [32, 32], [16, 16], Codec(ZarrDataType.Float64, [4, 4]));
        var array = Create(counting, meta);
        counting.Reset();
        array.Write(Ramp(32, 32));
        array.Write(Ramp(16, 16), Selection.Parse("16:32, 0:16", 2));
        Assert.Equal(0, counting.Gets + counting.Ranges);
    }

    [Fact]
    public void NestedShardingAndStringsRoundTrip()
    {
        var store = new MemoryStore();
        var innerShard = Codec(ZarrDataType.Int64, [2]);
        var outer = new ShardingCodec(ZarrDataType.Int64, [4], new CodecChain([], innerShard, []), ShardingCodec.DefaultIndexCodecs());
        var meta = Sharded("nest", ZarrDataType.Int64, [19], [8], outer);
        var values = Enumerable.Range(0, 19).Select(i => (long)i * i).ToArray();
        Create(store, meta).Write(values);
        var reopened = ZarrArray.Open(store, "nest");
        Assert.IsType<ShardingCodec>(((ShardingCodec)reopened.Metadata.Codecs.ArrayToBytes).Codecs.ArrayToBytes);
        Assert.Equal(values, (long[])reopened.Read());
        Assert.Equal(values[5..11], (long[])reopened.Read(Selection.Parse("5:11", 1)));

        var words = new[] { "alpha", "", "γάμμα", "delta", "✓", "f", "g" };
        var strings = Sharded("str", ZarrDataType.String, [7], [4], ShardingCodec.Create(ZarrDataType.String, [2], new ZstdCodec(3)));
        Create(store, strings).Write(words);
        Assert.Equal(words, (string[])ZarrArray.Open(store, "str").Read());
        Assert.Equal(new[] { "γάμμα", "delta", "✓" }, (string[])ZarrArray.Open(store, "str").Read(Selection.Parse("2:5", 1)));
    }

    [Fact]
    public void OffsetsPastTheEndAreCorruptChunksNamingTheKey()
    {
        var store = new MemoryStore();
        var meta = Sharded("bad", ZarrDataType.Int32, [8], [8], Codec(ZarrDataType.Int32, [4]));
        Create(store, meta).Write(Enumerable.Range(0, 8).ToArray());
        var shard = store.Get("bad/c/0")!;
        BinaryPrimitives.WriteUInt64LittleEndian(shard.AsSpan(shard.Length - 16), 1000); // second chunk's offset
        store.Set("bad/c/0", shard);
        var array = ZarrArray.Open(store, "bad");

        var whole = ZarrAssert.Throws(ZarrErrorKind.CorruptChunk, () => array.Read());
        Assert.Equal("bad/c/0", whole.Key);
        Assert.Contains("bad/c/0", whole.Message);
        var partial = ZarrAssert.Throws(ZarrErrorKind.CorruptChunk, () => array.Read(Selection.Parse("0:2", 1)));
        Assert.Contains("bad/c/0", partial.Message);

        store.Set("bad/c/0", new byte[10]); // shorter than the 32-byte index
        Assert.Contains("bad/c/0", ZarrAssert.Throws(ZarrErrorKind.CorruptChunk, () => array.Read(Selection.Parse("0:2", 1))).Message);
        Assert.Contains("bad/c/0", ZarrAssert.Throws(ZarrErrorKind.CorruptChunk, () => array.Read()).Message);
    }

    [Fact]
    public void InvalidConfigurationsAreRejected()
    {
        var context = new CodecContext(ZarrDataType.Int32, [8, 8], "mem", "a");
        static System.Text.Json.Nodes.JsonObject Config(string chunkShape, string extra = "") => (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            $$$"""{"chunk_shape":{{{chunkShape}}},"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}}]{{{extra}}}}""")!;
        Assert.Contains("divide", ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => ShardingCodec.FromV3(Config("[3,4]"), context)).Message);
        ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => ShardingCodec.FromV3(Config("[4]"), context));
        ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => ShardingCodec.FromV3(Config("[4,4]", ",\"index_location\":\"middle\""), context));
        var ok = ShardingCodec.FromV3(Config("[4,4]", ",\"index_location\":\"start\""), context);
        Assert.False(ok.IndexAtEnd);
        Assert.Equal("start", ok.ToV3Json()["configuration"]!["index_location"]!.GetValue<string>());
    }
}
