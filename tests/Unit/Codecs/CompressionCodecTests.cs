using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Tests.Codecs;

public sealed class CompressionCodecTests
{
    private static readonly CodecContext Context = new(ZarrDataType.Int32, [100], "mem", "a/b");

    public static TheoryData<string> Codecs() => new() { "gzip", "zlib", "lz4" };

    private static IBytesToBytesCodec Create(string name) => name switch
    {
        "gzip" => new GzipCodec(5),
        "zlib" => new ZlibCodec(5),
        _ => new Lz4Codec(),
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Round_trips_with_and_without_a_size_hint(string name)
    {
        var codec = Create(name);
        foreach (var length in new[] { 0, 1, 100, 70000 })
        {
            var data = TestData.Create("walk", length, 4);
            using var encoded = codec.Encode(data);
            using var exact = codec.Decode(encoded.Span, length);
            using var unknown = codec.Decode(encoded.Span, null);
            using var bounded = codec.Decode(encoded.Span, DecodedSize.AtMost(length + 10));
            Assert.Equal(data, exact.ToArray());
            Assert.Equal(data, unknown.ToArray());
            Assert.Equal(data, bounded.ToArray());
        }
    }

    /// <summary>The size the chain gives is exact: a chunk that decodes to more or less is corrupt, and more fails while decoding.</summary>
    [Theory]
    [MemberData(nameof(Codecs))]
    public void A_chunk_that_decodes_to_another_size_than_expected_is_corrupt(string name)
    {
        var codec = Create(name);
        var data = TestData.Create("walk", 70000, 4);
        using var encoded = codec.Encode(data);
        var tooLarge = Assert.Throws<ZarrException>(() => codec.Decode(encoded.Span, 70000 / 3).Dispose());
        Assert.Equal(ZarrErrorKind.CorruptChunk, tooLarge.Kind);
        Assert.Contains($"decompresses to more than {70000 / 3} bytes", tooLarge.Message);
        var bounded = Assert.Throws<ZarrException>(() => codec.Decode(encoded.Span, DecodedSize.AtMost(70000 / 3)).Dispose());
        Assert.Contains($"decompresses to more than {70000 / 3} bytes", bounded.Message);
        var tooSmall = Assert.Throws<ZarrException>(() => codec.Decode(encoded.Span, 70001).Dispose());
        Assert.Equal(ZarrErrorKind.CorruptChunk, tooSmall.Kind);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Garbage_and_truncated_input_is_a_corrupt_chunk(string name)
    {
        var codec = Create(name);
        using var encoded = codec.Encode(TestData.Create("walk", 5000, 4));
        var garbage = TestData.Create("random", 300, 1);
        Assert.Equal(ZarrErrorKind.CorruptChunk, Assert.Throws<ZarrException>(() => codec.Decode(garbage, null)).Kind);
        // Truncation: zlib/gzip by their trailers, lz4 because the block no longer decodes to the declared size.
        Assert.Equal(ZarrErrorKind.CorruptChunk, Assert.Throws<ZarrException>(() => codec.Decode(encoded.Span[..(encoded.Length / 2)], null)).Kind);
    }

    [Fact]
    public void Gzip_and_zlib_streams_are_not_interchangeable()
    {
        using var zlib = new ZlibCodec().Encode(new byte[100]);
        using var gzip = new GzipCodec().Encode(new byte[100]);
        Assert.Equal(0x78, zlib.Span[0]);
        Assert.Equal(new byte[] { 0x1F, 0x8B }, gzip.Span[..2].ToArray());
        Assert.Equal(ZarrErrorKind.CorruptChunk, Assert.Throws<ZarrException>(() => new GzipCodec().Decode(zlib.Span, 100)).Kind);
        Assert.Equal(ZarrErrorKind.CorruptChunk, Assert.Throws<ZarrException>(() => new ZlibCodec().Decode(gzip.Span, 100)).Kind);
    }

    [Fact]
    public void Lz4_has_the_numcodecs_size_prefix()
    {
        using var encoded = new Lz4Codec().Encode(new byte[1000]);
        Assert.Equal(1000, BitConverter.ToInt32(encoded.Span[..4]));
    }

    [Fact]
    public void Json_forms()
    {
        Assert.Equal("""{"name":"gzip","configuration":{"level":5}}""", GzipCodec.FromV3(new JsonObject { ["level"] = 5 }, Context).ToV3Json().ToJsonString());
        Assert.Equal("""{"id":"gzip","level":1}""", GzipCodec.FromV2(new JsonObject { ["id"] = "gzip" }, Context).ToV2Json()!.ToJsonString());
        Assert.Equal("""{"name":"numcodecs.zlib","configuration":{"level":3}}""", ZlibCodec.FromV3(new JsonObject { ["level"] = 3 }, Context).ToV3Json().ToJsonString());
        Assert.Equal("""{"id":"zlib","level":9}""", ZlibCodec.FromV2(new JsonObject { ["id"] = "zlib", ["level"] = 9 }, Context).ToV2Json()!.ToJsonString());
        Assert.Equal("""{"name":"numcodecs.lz4","configuration":{"acceleration":1}}""", Lz4Codec.FromV3(null, Context).ToV3Json().ToJsonString());
        Assert.Equal("""{"id":"lz4","acceleration":3}""", Lz4Codec.FromV2(new JsonObject { ["id"] = "lz4", ["acceleration"] = 3 }, Context).ToV2Json()!.ToJsonString());
    }

    [Fact]
    public void Bad_configuration_names_the_codec_and_the_array()
    {
        var error = Assert.Throws<ZarrException>(() => GzipCodec.FromV3(new JsonObject { ["level"] = 12 }, Context));
        Assert.Equal(ZarrErrorKind.InvalidMetadata, error.Kind);
        Assert.Contains("gzip", error.Message);
        Assert.Contains("'level' must be between 0 and 9, got 12", error.Message);
        Assert.Contains("a/b", error.Message);
        Assert.Equal(ZarrErrorKind.InvalidMetadata, Assert.Throws<ZarrException>(() => GzipCodec.FromV3(null, Context)).Kind);
        Assert.Equal(ZarrErrorKind.InvalidMetadata, Assert.Throws<ZarrException>(() => ZlibCodec.FromV2(new JsonObject { ["level"] = "high" }, Context)).Kind);
    }

    [Fact]
    public void Zstd_pool_hands_back_working_contexts()
    {
        // A level no other test uses: the pool is shared by every zstd codec, and parallel tests rent level 3 too.
        const int level = 17;
        var data = TestData.Create("walk", 10000, 8);
        var compressor = ZstdContextPool.RentCompressor(level);
        var compressed = compressor.Wrap(data).ToArray();
        ZstdContextPool.Return(compressor, level);
        var decompressor = ZstdContextPool.RentDecompressor();
        Assert.Equal(data, decompressor.Unwrap(compressed).ToArray());
        ZstdContextPool.Return(decompressor);
        Assert.Same(compressor, ZstdContextPool.RentCompressor(level));
    }
}
