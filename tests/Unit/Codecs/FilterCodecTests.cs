using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Codecs.Filters;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>The numcodecs filters on their own: v3 chains, known vectors, named errors (no peer needed).</summary>
public class FilterCodecTests
{
    private static ZarrArray V3(MemoryStore store, string dataType, string codecs, string fill = "0")
    {
        var json = JsonNode.Parse(
            "{\"zarr_format\":3,\"node_type\":\"array\",\"shape\":[10],\"data_type\":" + dataType +
            ",\"chunk_grid\":{\"name\":\"regular\",\"configuration\":{\"chunk_shape\":[4]}}," +
            "\"chunk_key_encoding\":{\"name\":\"default\",\"configuration\":{\"separator\":\"/\"}}," +
            "\"fill_value\":" + fill + ",\"codecs\":" + codecs + "}")!.AsObject();
        store.Set("a/zarr.json", Encoding.UTF8.GetBytes(json.ToJsonString()));
        return ZarrArray.Open(store, "a");
    }

    [Fact]
    public void V3_numcodecs_fixedscaleoffset_packs_floats_into_int16_and_reads_them_back_rounded()
    {
        var store = new MemoryStore();
        var array = V3(store, "\"float64\"", """
            [{"name":"numcodecs.fixedscaleoffset","configuration":{"offset":1000,"scale":10,"dtype":"float64","astype":"int16"}},
             {"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":1}}]
            """, "1000");
        double[] values = [1000, 1000.04, 1000.05, 1000.15, 999.96, 1234.5, 900, 1100.25, -2000, 4276.7];
        array.Write(values);
        var back = (double[])ZarrArray.Open(store, "a").Read();
        // round((x − 1000) · 10), half to even, then / 10 + 1000
        var expected = values.Select(v => Math.Round((v - 1000) * 10, MidpointRounding.ToEven) / 10 + 1000).ToArray();
        Assert.Equal(expected, back);
        Assert.Equal(1000.0, back[1]);
        Assert.Equal(1000.0, back[2]); // 0.5 rounds to even
        // The stored chunk is int16 little-endian: chunk 0 is 4 × 2 bytes (zstd-framed).
        var meta = (ArrayMetadata)NodeStore.Read(store, "a");
        Assert.Equal("int16", meta.Codecs.SerializedType(meta.DataType).Name);
        var rewritten = V3Metadata.ToJson(meta)["codecs"]!.ToJsonString();
        Assert.Contains("numcodecs.fixedscaleoffset", rewritten);
        Assert.Contains("\"endian\":\"little\"", rewritten);
    }

    [Fact]
    public void V3_scale_offset_then_cast_value_clamps_and_rounds_as_configured()
    {
        var store = new MemoryStore();
        var array = V3(store, "\"float32\"", """
            [{"name":"scale_offset","configuration":{"offset":5,"scale":2}},
             {"name":"cast_value","configuration":{"data_type":"uint8","rounding":"nearest-even","out_of_range":"clamp"}},
             "bytes"]
            """);
        float[] values = [5, 5.25f, 5.75f, 6, 4, 200, 132.5f, -1, 7.5f, 6.25f];
        array.Write(values);
        var back = (float[])ZarrArray.Open(store, "a").Read();
        // encoded = clamp(round((x − 5) · 2), 0, 255); decoded = y / 2 + 5
        float[] expected = [5, 5, 6, 6, 5, 132.5f, 132.5f, 5, 7.5f, 6];
        Assert.Equal(expected, back);
    }

    [Fact]
    public void Cast_value_with_the_default_out_of_range_fails_on_a_value_that_does_not_fit()
    {
        var store = new MemoryStore();
        var array = V3(store, "\"int32\"", """[{"name":"cast_value","configuration":{"data_type":"int8"}},"bytes"]""");
        var e = Assert.Throws<ZarrException>(() => array.Write(new[] { 1, 2, 3, 300, 0, 0, 0, 0, 0, 0 }));
        Assert.Equal(ZarrErrorKind.UnsupportedValue, e.Kind);
        Assert.Contains("300", e.Message);
    }

    [Fact]
    public void Bitround_matches_the_numcodecs_bit_arithmetic()
    {
        var codec = new BitRoundCodec(SciTex.Zarr.Engine.DataTypes.ZarrDataType.Float32, 1);
        // keepbits 1: m = 22; 1.75 = 0x3FE00000 → rounds half to even up to 2.0; 1.25 = 0x3FA00000 → to 1.0; 1.5 stays.
        float[] input = [1.75f, 1.25f, 1.5f, -1.75f, 3.0f];
        var bytes = new byte[input.Length * 4];
        Buffer.BlockCopy(input, 0, bytes, 0, bytes.Length);
        using var chunk = SciTex.Zarr.Engine.Codecs.ChunkArray.FromBytes([input.Length], SciTex.Zarr.Engine.Buffers.PooledBuffer.CopyOf(bytes));
        var spec = new SciTex.Zarr.Engine.Codecs.ChunkSpec([input.Length], SciTex.Zarr.Engine.DataTypes.ZarrDataType.Float32, SciTex.Zarr.Engine.DataTypes.FillValue.Default(SciTex.Zarr.Engine.DataTypes.ZarrDataType.Float32));
        using var encoded = codec.Encode(chunk, spec);
        var output = new float[input.Length];
        Buffer.BlockCopy(encoded.Bytes!.Array, 0, output, 0, bytes.Length);
        Assert.Equal([2.0f, 1.0f, 1.5f, -2.0f, 3.0f], output);
    }

    [Fact]
    public void Quantize_step_is_the_power_of_two_numcodecs_computes()
    {
        Assert.Equal(1, QuantizeCodec.StepFor(0));
        Assert.Equal(16, QuantizeCodec.StepFor(1));
        Assert.Equal(1024, QuantizeCodec.StepFor(3));
        Assert.Equal(1048576, QuantizeCodec.StepFor(6));
    }

    [Fact]
    public void Categorize_refuses_to_write_a_value_that_is_not_a_label()
    {
        var store = new MemoryStore();
        var zarray = JsonNode.Parse("""
            {"zarr_format":2,"shape":[3],"chunks":[3],"dtype":"|O","compressor":null,"fill_value":"","order":"C",
             "filters":[{"id":"categorize","labels":["a","b"],"dtype":"|O","astype":"|u1"}]}
            """)!.AsObject();
        var meta = V2Metadata.ParseArray(zarray, null, "c", store.Name);
        NodeStore.Write(store, meta);
        var array = new ZarrArray(store, meta);
        array.Write(new[] { "a", "", "b" });
        Assert.Equal(new byte[] { 1, 0, 2 }, store.Get("c/0"));
        Assert.Equal(new[] { "a", "", "b" }, (string[])ZarrArray.Open(store, "c").Read());
        var e = Assert.Throws<ZarrException>(() => array.Write(new[] { "a", "zzz", "b" }));
        Assert.Equal(ZarrErrorKind.UnsupportedValue, e.Kind);
        Assert.Contains("'zzz'", e.Message);
    }

    [Fact]
    public void A_packbits_chunk_of_the_wrong_length_is_a_corrupt_chunk()
    {
        var store = new MemoryStore();
        var zarray = JsonNode.Parse("""
            {"zarr_format":2,"shape":[10],"chunks":[10],"dtype":"|b1","compressor":null,"fill_value":false,"order":"C","filters":[{"id":"packbits"}]}
            """)!.AsObject();
        var meta = V2Metadata.ParseArray(zarray, null, "p", store.Name);
        NodeStore.Write(store, meta);
        new ZarrArray(store, meta).Write(new[] { true, false, true, true, false, false, false, true, true, false });
        Assert.Equal(new byte[] { 6, 0b10110001, 0b10000000 }, store.Get("p/0"));
        store.Set("p/0", [6, 0xFF]);
        var e = Assert.Throws<ZarrException>(() => ZarrArray.Open(store, "p").Read());
        Assert.Equal(ZarrErrorKind.CorruptChunk, e.Kind);
    }

    [Theory]
    [InlineData("numcodecs.pcodec", "pco")]
    [InlineData("numcodecs.zfpy", "zfp")]
    public void Codecs_without_a_managed_implementation_fail_with_a_named_error_and_the_reason(string name, string reason)
    {
        var store = new MemoryStore();
        var e = Assert.Throws<ZarrException>(() => V3(store, "\"float64\"", "[{\"name\":\"" + name + "\",\"configuration\":{}},\"bytes\"]"));
        Assert.Equal(ZarrErrorKind.UnsupportedCodec, e.Kind);
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains(reason, e.Message);
        Assert.Contains("memory", e.Message);
        Assert.Contains("key 'a'", e.Message);
    }

    [Fact]
    public void Adler32_and_fletcher32_are_verified_on_read()
    {
        byte[] data = [1, 2, 3, 4, 5, 6, 7];
        foreach (var codec in new[] { SciTex.Zarr.Engine.Codecs.Compression.Checksum32Codec.Adler32(), SciTex.Zarr.Engine.Codecs.Compression.Checksum32Codec.Fletcher32() })
        {
            using var encoded = codec.Encode(data);
            using (var decoded = codec.Decode(encoded.Span, data.Length)) Assert.Equal(data, decoded.ToArray());
            var damaged = encoded.ToArray();
            damaged[codec.AtStart ? 5 : 1] ^= 0x10;
            var e = Assert.Throws<ZarrException>(() => codec.Decode(damaged, data.Length));
            Assert.Equal(ZarrErrorKind.ChecksumMismatch, e.Kind);
        }
        // numcodecs Fletcher-32 of "abcde" (words 0x6162, 0x6364, odd byte 0x65 as 0x6500); the zarrs fletcher32 fixture checks real chunks.
        Assert.Equal(0x4FF029C7u, SciTex.Zarr.Engine.Codecs.Compression.Checksum32Codec.Fletcher("abcde"u8));
    }

    [Fact]
    public void A_bz2_chunk_that_decompresses_past_the_chunk_size_fails_while_decoding()
    {
        var codec = new SciTex.Zarr.Engine.Codecs.Compression.Bz2Codec(9);
        using var bomb = codec.Encode(new byte[4 << 20]);
        var e = Assert.Throws<ZarrException>(() => codec.Decode(bomb.Span, 8000));
        Assert.Equal(ZarrErrorKind.CorruptChunk, e.Kind);
        Assert.Contains("more than 8000 bytes", e.Message);
        var garbage = Assert.Throws<ZarrException>(() => codec.Decode("not bz2 at all"u8, 100));
        Assert.Equal(ZarrErrorKind.CorruptChunk, garbage.Kind);
    }
}
