using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Tests.Codecs;

public sealed class Crc32cCodecTests
{
    private static readonly CodecContext Context = new(ZarrDataType.Float64, [10]);

    [Fact]
    public void Matches_the_rfc3720_check_value()
    {
        using var encoded = new Crc32cCodec().Encode(Encoding.ASCII.GetBytes("123456789"));
        Assert.Equal(new byte[] { 0x83, 0x92, 0x06, 0xE3 }, encoded.Span[9..].ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(1001)]
    public void Matches_a_bitwise_reference_and_round_trips(int length)
    {
        var data = TestData.Create("random", length, 1);
        using var encoded = new Crc32cCodec().Encode(data);
        Assert.Equal(Reference(data), BitConverter.ToUInt32(encoded.Span[length..]));
        using var decoded = new Crc32cCodec().Decode(encoded.Span, length);
        Assert.Equal(data, decoded.ToArray());
    }

    [Fact]
    public void Checksum_at_start_is_numcodecs_v2_default()
    {
        var codec = Crc32cCodec.FromV2(new JsonObject { ["id"] = "crc32c" }, Context);
        Assert.True(codec.ChecksumAtStart);
        using var encoded = codec.Encode([1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, encoded.Span[4..].ToArray());
        using var decoded = codec.Decode(encoded.Span, null);
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.ToArray());
    }

    [Fact]
    public void Mismatch_is_reported_with_both_values()
    {
        using var encoded = new Crc32cCodec().Encode([1, 2, 3, 4, 5]);
        var corrupted = encoded.ToArray();
        corrupted[2] ^= 0x40;
        var error = Assert.Throws<ZarrException>(() => new Crc32cCodec().Decode(corrupted, null));
        Assert.Equal(ZarrErrorKind.ChecksumMismatch, error.Kind);
        Assert.Matches("crc32c checksum mismatch: stored 0x[0-9A-F]{8}, computed 0x[0-9A-F]{8}", error.Message);
    }

    [Fact]
    public void Too_short_input_is_corrupt()
    {
        var error = Assert.Throws<ZarrException>(() => new Crc32cCodec().Decode([1, 2, 3], null));
        Assert.Equal(ZarrErrorKind.CorruptChunk, error.Kind);
    }

    [Fact]
    public void Json_forms()
    {
        Assert.Equal("""{"name":"crc32c"}""", Crc32cCodec.FromV3(null, Context).ToV3Json().ToJsonString());
        Assert.Equal("""{"id":"crc32c","location":"end"}""", new Crc32cCodec().ToV2Json()!.ToJsonString());
        Assert.Equal(ZarrErrorKind.InvalidMetadata,
            Assert.Throws<ZarrException>(() => Crc32cCodec.FromV2(new JsonObject { ["location"] = "middle" }, Context)).Kind);
    }

    private static uint Reference(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }
}
