using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Blosc;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Tests.Codecs;

public sealed class BloscCodecTests
{
    private static readonly CodecContext Float32 = new(ZarrDataType.Float32, [1000], "mem", "temps");
    private static readonly CodecContext UInt8 = new(ZarrDataType.UInt8, [1000]);

    public static TheoryData<string> Compressors() => new() { "blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd" };

    [Theory]
    [MemberData(nameof(Compressors))]
    public void Round_trips_every_shuffle_and_odd_sizes(string cname)
    {
        foreach (var shuffle in new[] { BloscShuffle.NoShuffle, BloscShuffle.Shuffle, BloscShuffle.BitShuffle })
        foreach (var typesize in new[] { 1, 3, 8, 16, 33 })
        foreach (var length in new[] { 0, 5, 127, 128, 4099, 200_003 })
        {
            var data = TestData.Create("walk", length, typesize);
            var codec = new BloscCodec(cname, 5, shuffle, typesize);
            using var encoded = codec.Encode(data);
            Assert.Equal(encoded.Length, BinaryPrimitives.ReadInt32LittleEndian(encoded.Span[12..]));
            using var decoded = codec.Decode(encoded.Span, length);
            Assert.True(data.AsSpan().SequenceEqual(decoded.Span), $"{cname} {shuffle} typesize {typesize} length {length}");
        }
    }

    [Fact]
    public void Large_chunks_use_parallel_blocks_and_still_round_trip()
    {
        var data = TestData.Create("float64walk", 8 << 20, 8);
        var codec = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, 8);
        using var encoded = codec.Encode(data);
        Assert.True(encoded.Length < data.Length);
        using var decoded = codec.Decode(encoded.Span, null);
        Assert.True(data.AsSpan().SequenceEqual(decoded.Span));
    }

    [Fact]
    public void Incompressible_data_is_stored_with_the_memcpy_flag()
    {
        var data = TestData.Create("random", 100_000, 1);
        using var encoded = new BloscCodec("zstd", 5, BloscShuffle.NoShuffle, 1).Encode(data);
        Assert.Equal(0x02, encoded.Span[2] & 0x02);
        Assert.Equal(data.Length + 16, encoded.Length);
    }

    [Fact]
    public void Truncated_frames_are_corrupt_chunks()
    {
        using var encoded = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, 4).Encode(TestData.Create("walk", 300_000, 4));
        foreach (var cut in new[] { 0, 8, 15, 16, 20, encoded.Length / 2, encoded.Length - 1 })
            AssertCorrupt(encoded.Span[..cut].ToArray());
    }

    [Fact]
    public void Garbage_headers_are_corrupt_chunks()
    {
        using var encoded = new BloscCodec("zstd", 5, BloscShuffle.Shuffle, 4).Encode(TestData.Create("walk", 100_000, 4));
        var frame = encoded.ToArray();
        AssertCorrupt(With(frame, 0, 7));                        // version
        AssertCorrupt(With(frame, 3, 0));                        // typesize 0
        AssertCorrupt(WithInt(frame, 4, -5));                    // nbytes
        AssertCorrupt(WithInt(frame, 8, 0));                     // blocksize
        AssertCorrupt(WithInt(frame, 12, frame.Length + 1));     // cbytes beyond the data
        AssertCorrupt(WithInt(frame, 12, 10));                   // cbytes inside the header
        AssertCorrupt(WithInt(frame, 16, 3));                    // block start inside the header
        AssertCorrupt(WithInt(frame, 16, frame.Length));         // block start past the end
        AssertCorrupt(With(frame, 2, (byte)(frame[2] | 0xE0)));  // compressor format 7
        AssertCorrupt(TestData.Create("random", 64, 1));
    }

    [Fact]
    public void Bad_stream_sizes_are_corrupt_chunks()
    {
        using var encoded = new BloscCodec("blosclz", 5, BloscShuffle.Shuffle, 4).Encode(TestData.Create("walk", 100_000, 4));
        var frame = encoded.ToArray();
        var firstStream = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(16));
        AssertCorrupt(WithInt(frame, firstStream, -1));
        AssertCorrupt(WithInt(frame, firstStream, frame.Length));
        AssertCorrupt(WithInt(frame, firstStream, BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(firstStream)) - 1));
    }

    [Theory]
    [MemberData(nameof(Compressors))]
    public void Random_damage_never_escapes_as_anything_but_a_zarr_exception(string cname)
    {
        using var encoded = new BloscCodec(cname, 5, BloscShuffle.Shuffle, 4).Encode(TestData.Create("walk", 50_000, 4));
        var random = new Random(42);
        for (var trial = 0; trial < 300; trial++)
        {
            var frame = encoded.ToArray();
            for (var k = 0; k < 1 + trial % 4; k++) frame[random.Next(frame.Length)] = (byte)random.Next(256);
            try
            {
                using var _ = new BloscCodec().Decode(frame, null);
            }
            catch (ZarrException e)
            {
                Assert.Equal(ZarrErrorKind.CorruptChunk, e.Kind);
            }
        }
    }

    [Fact]
    public void V3_json_round_trips_and_defaults_typesize_from_the_data_type()
    {
        var config = new JsonObject { ["cname"] = "zstd", ["clevel"] = 3, ["shuffle"] = "bitshuffle", ["blocksize"] = 0 };
        var codec = BloscCodec.FromV3(config, Float32);
        Assert.Equal(4, codec.TypeSize);
        Assert.Equal("""{"name":"blosc","configuration":{"cname":"zstd","clevel":3,"shuffle":"bitshuffle","typesize":4,"blocksize":0}}""",
            codec.ToV3Json().ToJsonString());
        Assert.Equal("""{"id":"blosc","cname":"zstd","clevel":3,"shuffle":2,"blocksize":0}""", codec.ToV2Json()!.ToJsonString());
    }

    [Fact]
    public void V2_json_uses_numcodecs_defaults_and_resolves_autoshuffle()
    {
        var defaults = BloscCodec.FromV2(new JsonObject { ["id"] = "blosc" }, Float32);
        Assert.Equal("""{"id":"blosc","cname":"lz4","clevel":5,"shuffle":1,"blocksize":0}""", defaults.ToV2Json()!.ToJsonString());
        var auto8 = BloscCodec.FromV2(new JsonObject { ["id"] = "blosc", ["shuffle"] = -1 }, UInt8);
        var auto32 = BloscCodec.FromV2(new JsonObject { ["id"] = "blosc", ["shuffle"] = -1 }, Float32);
        Assert.Equal(BloscShuffle.BitShuffle, auto8.EffectiveShuffle);
        Assert.Equal(BloscShuffle.Shuffle, auto32.EffectiveShuffle);
        Assert.Equal(-1, auto32.ToV2Json()!["shuffle"]!.GetValue<int>());
        Assert.Equal("shuffle", auto32.ToV3Json()["configuration"]!["shuffle"]!.GetValue<string>());
    }

    [Fact]
    public void Bad_configuration_is_reported_clearly()
    {
        var unknown = Assert.Throws<ZarrException>(() => BloscCodec.FromV2(new JsonObject { ["cname"] = "brotli" }, Float32));
        Assert.Equal(ZarrErrorKind.UnsupportedCodec, unknown.Kind);
        Assert.Contains("brotli", unknown.Message);
        Assert.Contains("temps", unknown.Message);
        Assert.Equal(ZarrErrorKind.InvalidMetadata, Assert.Throws<ZarrException>(() =>
            BloscCodec.FromV3(new JsonObject { ["cname"] = "lz4", ["clevel"] = 10, ["shuffle"] = "shuffle" }, Float32)).Kind);
        Assert.Equal(ZarrErrorKind.InvalidMetadata, Assert.Throws<ZarrException>(() =>
            BloscCodec.FromV3(new JsonObject { ["cname"] = "lz4", ["clevel"] = 5, ["shuffle"] = 1 }, Float32)).Kind);
        Assert.Equal(ZarrErrorKind.InvalidMetadata, Assert.Throws<ZarrException>(() =>
            BloscCodec.FromV3(new JsonObject { ["cname"] = "lz4", ["clevel"] = 5, ["shuffle"] = "sideways" }, Float32)).Kind);
        Assert.Equal(ZarrErrorKind.InvalidMetadata, Assert.Throws<ZarrException>(() =>
            BloscCodec.FromV3(new JsonObject { ["clevel"] = 5, ["shuffle"] = "shuffle" }, Float32)).Kind);
        Assert.Equal(ZarrErrorKind.InvalidMetadata, Assert.Throws<ZarrException>(() =>
            BloscCodec.FromV2(new JsonObject { ["shuffle"] = 3 }, Float32)).Kind);
    }

    private static void AssertCorrupt(byte[] frame)
    {
        var error = Assert.Throws<ZarrException>(() => new BloscCodec().Decode(frame, null));
        Assert.Equal(ZarrErrorKind.CorruptChunk, error.Kind);
    }

    private static byte[] With(byte[] frame, int index, byte value)
    {
        var copy = (byte[])frame.Clone();
        copy[index] = value;
        return copy;
    }

    private static byte[] WithInt(byte[] frame, int index, int value)
    {
        var copy = (byte[])frame.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(index), value);
        return copy;
    }
}
