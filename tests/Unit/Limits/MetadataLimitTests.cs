using System.Text;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Blosc;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Tests.Stores;

namespace SciTex.Zarr.Tests.Limits;

/// <summary>Metadata caps, overflow-safe shapes and the per-codec header checks, each a named error.</summary>
public sealed class MetadataLimitTests
{
    private static MemoryStore With(string key, string json)
    {
        var store = new MemoryStore();
        store.Set(key, Encoding.UTF8.GetBytes(json));
        return store;
    }

    private static string Array(string shape, string chunks, string dataType = "float64") =>
        $$$"""{"zarr_format":3,"node_type":"array","shape":{{{shape}}},"data_type":"{{{dataType}}}","chunk_grid":{"name":"regular","configuration":{"chunk_shape":{{{chunks}}}}},"chunk_key_encoding":{"name":"default"},"fill_value":0,"codecs":[{"name":"bytes","configuration":{"endian":"little"}}]}""";

    [Fact]
    public void Json_nested_deeper_than_the_limit_is_named()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var store = With("zarr.json", $$$"""{"zarr_format":3,"node_type":"group","attributes":{"x":{{{deep}}}}}""");
        var error = ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => NodeStore.Read(store, ""));
        Assert.Contains($"deeper than {ZarrConfig.MaxJsonDepth} levels", error.Message);
        Assert.Contains(ZarrConfig.MaxJsonDepthVariable, error.Message);
        // 60 levels of attributes (under the default 64) still parse.
        var ok = new string('[', 60) + new string(']', 60);
        Assert.NotNull(NodeStore.Read(With("zarr.json", $$$"""{"zarr_format":3,"node_type":"group","attributes":{"x":{{{ok}}}}}"""), ""));
    }

    [Theory]
    [InlineData("[1099511627776,1099511627776]", "[1024,1024]")]   // 2^80 elements
    [InlineData("[9223372036854775807]", "[1000]")]                // 2^63−1 float64 = 2^66 bytes
    public void Shapes_whose_size_overflows_a_long_are_invalid_metadata(string shape, string chunks)
    {
        var error = ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => NodeStore.Read(With("a/zarr.json", Array(shape, chunks)), "a"));
        Assert.Contains("holds more than", error.Message);
    }

    [Fact]
    public void A_chunk_larger_than_a_dotnet_array_is_invalid_metadata()
    {
        var error = ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => NodeStore.Read(With("a/zarr.json", Array("[100000,100000]", "[100000,100000]")), "a"));
        Assert.Contains("one chunk may hold", error.Message);
    }

    [Fact]
    public void Huge_but_representable_shapes_still_open_and_count_their_chunks()
    {
        var array = (SciTex.Zarr.Engine.Metadata.ArrayMetadata)NodeStore.Read(With("a/zarr.json", Array("[9223372036854775807]", "[1000]", "uint8")), "a");
        Assert.Equal(long.MaxValue, array.ElementCount);
        Assert.Equal(long.MaxValue / 1000 + 1, array.ChunkGridShape[0]);
    }

    [Fact]
    public void The_metadata_byte_cap_is_adjustable()
    {
        var saved = ZarrConfig.MaxMetadataBytes;
        try
        {
            ZarrConfig.MaxMetadataBytes = 40;
            var error = ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => NodeStore.Read(With("zarr.json", """{"zarr_format":3,"node_type":"group","attributes":{"a":1}}"""), ""));
            Assert.Contains("more than the 40-byte limit", error.Message);
        }
        finally
        {
            ZarrConfig.MaxMetadataBytes = saved;
        }
    }

    [Theory]
    [InlineData("123", 123L)]
    [InlineData("64MiB", 64L << 20)]
    [InlineData(" 2 G ", 2L << 30)]
    [InlineData("16k", 16L << 10)]
    [InlineData("lots", null)]
    [InlineData("-5", null)]
    public void Limit_environment_values_parse_as_binary_sizes(string text, long? expected) =>
        Assert.Equal(expected, ZarrConfig.ParseSize(text));

    [Fact]
    public void An_lz4_header_claiming_more_than_the_chunk_fails_before_allocating()
    {
        var chunk = Bombs.Lz4Header(300_000_000, 1_200_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ZarrException>(() => new Lz4Codec().Decode(chunk, 8000));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Equal(ZarrErrorKind.CorruptChunk, error.Kind);
        Assert.Contains("decompresses to more than 8000 bytes", error.Message);
    }

    [Fact]
    public void A_blosc_header_claiming_more_than_the_chunk_fails_before_allocating()
    {
        var codec = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, 8);
        using var encoded = codec.Encode(new byte[8000]);
        var frame = encoded.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), 1_000_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ZarrException>(() => codec.Decode(frame, 8000));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("decompresses to more than 8000 bytes", error.Message);
    }

    [Fact]
    public void A_blosc_header_with_a_2_GiB_block_for_a_small_frame_decodes_without_a_2_GiB_scratch()
    {
        var codec = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, 8);
        var data = Enumerable.Range(0, 8000).Select(i => (byte)(i * 7)).ToArray();
        using var encoded = codec.Encode(data);
        var frame = encoded.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), int.MaxValue);
        try
        {
            using var decoded = codec.Decode(frame, 8000);
        }
        catch (ZarrException e)
        {
            Assert.Equal(ZarrErrorKind.CorruptChunk, e.Kind);
        }
    }

    [Fact]
    public void A_vlen_chunk_claiming_more_items_than_its_bytes_hold_is_corrupt()
    {
        var spec = new ChunkSpec([1_000_000], ZarrDataType.String, FillValue.Parse(System.Text.Json.Nodes.JsonValue.Create(""), ZarrDataType.String, false));
        var encoded = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(encoded, 1_000_000);
        var error = Assert.Throws<ZarrException>(() => VlenCodec.Utf8.Decode(encoded, spec));
        Assert.Contains("hold at most 2", error.Message);
    }
}
