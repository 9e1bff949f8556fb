using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Tests.Conformance;

namespace SciTex.Zarr.Tests.DataTypes;

/// <summary>zarrs' optional data type, its optional codec and the zarr-extensions packbits codec.</summary>
public class OptionalTypeTests
{
    private const string U8 = """{"name":"optional","configuration":{"name":"uint8","configuration":{}}}""";
    private const string NestedU8 = """{"name":"optional","configuration":{"name":"optional","configuration":{"name":"uint8","configuration":{}}}}""";
    private const string Bytes = """{"name":"bytes","configuration":{"endian":"little"}}""";

    private static string OptionalCodec(string data) => "[" + OptionalEntry(data) + "]";
    private static string OptionalEntry(string data) => """{"name":"optional","configuration":{"mask_codecs":[{"name":"packbits"}],"data_codecs":""" + data + "}}";

    private static ZarrArray V3(MemoryStore store, string dataType, string codecs, string fill, string shape = "[4, 4]", string chunks = "[2, 2]")
    {
        var json = "{\"zarr_format\":3,\"node_type\":\"array\",\"shape\":" + shape + ",\"data_type\":" + dataType +
                   ",\"chunk_grid\":{\"name\":\"regular\",\"configuration\":{\"chunk_shape\":" + chunks + "}}," +
                   "\"chunk_key_encoding\":{\"name\":\"default\",\"configuration\":{\"separator\":\"/\"}}," +
                   "\"fill_value\":" + fill + ",\"codecs\":" + codecs + "}";
        store.Set("a/zarr.json", Encoding.UTF8.GetBytes(JsonNode.Parse(json)!.ToJsonString()));
        return ZarrArray.Open(store, "a");
    }

    private static ZarrArray Fixture(string name) =>
        ZarrArray.Open(new DirectoryStore(Path.Combine(ZarrsFixtures.Folder, "v3", name), readOnly: true), "array");

    [FixtureFact]
    public void The_zarrs_optional_uint8_fixture_reads_as_nullable_bytes_with_nulls_where_values_are_missing()
    {
        var array = Fixture("array_optional.zarr");
        Assert.Equal("optional<uint8>", array.DataType.ToString());
        var values = Assert.IsType<byte?[,]>(array.Read());
        byte?[,] expected =
        {
            { 0, null, 2, 3 },
            { null, 5, null, 7 },
            { 8, 9, null, null },
            { 12, null, null, null }, // c/1/1 is absent: the fill value null
        };
        Assert.Equal(expected, values);
    }

    [FixtureFact]
    public void The_zarrs_nested_optional_fixture_keeps_Some_None_apart_from_None()
    {
        var array = Fixture("array_optional_nested.zarr");
        Assert.Equal("optional<optional<uint8>>", array.DataType.ToString());
        Assert.Equal(2, array.DataType.OptionalDepth);
        var values = Assert.IsType<object[,]>(array.Read());
        OptionalValue SomeNone = new(null);
        OptionalValue Some(byte v) => new(v);
        object?[,] expected =
        {
            { null, SomeNone, Some(2), Some(3) },
            { null, Some(5), null, Some(7) },
            { SomeNone, SomeNone, null, null }, // c/1/0 is absent: the fill value [null] = Some(None)
            { SomeNone, SomeNone, null, null },
        };
        Assert.Equal(expected, values);
        Assert.Equal("[null]", values[2, 0]!.ToString());
        Assert.Equal("[5]", values[1, 1]!.ToString());
    }

    [FixtureFact]
    public void Writing_the_fixture_values_gives_exactly_the_chunk_bytes_zarrs_wrote()
    {
        foreach (var name in new[] { "array_optional.zarr", "array_optional_nested.zarr" })
        {
            var source = Fixture(name);
            var store = new MemoryStore();
            var metadata = File.ReadAllText(Path.Combine(ZarrsFixtures.Folder, "v3", name, "array", "zarr.json"));
            store.Set("a/zarr.json", Encoding.UTF8.GetBytes(metadata));
            var copy = ZarrArray.Open(store, "a");
            copy.Write(source.Read());
            foreach (var chunk in Directory.GetFiles(Path.Combine(ZarrsFixtures.Folder, "v3", name, "array", "c"), "*", SearchOption.AllDirectories))
            {
                var key = "a/c/" + Path.GetRelativePath(Path.Combine(ZarrsFixtures.Folder, "v3", name, "array", "c"), chunk).Replace('\\', '/');
                Assert.Equal(File.ReadAllBytes(chunk), store.Get(key));
            }
            Assert.Equal(source.Read(), copy.Read());
        }
    }

    [Fact]
    public void Optional_float64_round_trips_with_missing_values_through_zstd_and_a_present_fill_value()
    {
        var store = new MemoryStore();
        var codecs = OptionalCodec("[" + Bytes + """,{"name":"zstd","configuration":{"level":3}}]""");
        var array = V3(store, """{"name":"optional","configuration":{"name":"float64"}}""", codecs, "[-1.5]", "[7]", "[3]");
        Assert.Equal(typeof(double?), array.DataType.ClrType);
        Assert.Equal("[-1.5]", array.Metadata.FillValue.ToJson(array.DataType, v2: false)!.ToJsonString());
        var data = new double?[] { 1.25, null, double.NaN, null, null, null, 7 };
        array.Write(data);
        Assert.Equal(data, Assert.IsType<double?[]>(ZarrArray.Open(store, "a").Read()));
        // A chunk never written reads as the fill value: present, -1.5.
        store.Delete("a/c/2");
        Assert.Equal(new double?[] { 1.25, null, double.NaN, null, null, null, -1.5 }, ZarrArray.Open(store, "a").Read());
        // Chunk c/1 holds no present value: the header, the packed mask, no data bytes.
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, store.Get("a/c/1"));
    }

    [Fact]
    public void Nested_optionals_write_from_OptionalValue_and_refuse_bare_values()
    {
        var store = new MemoryStore();
        var array = V3(store, NestedU8, OptionalCodec(OptionalCodec("[" + Bytes + "]")), "null", "[4]", "[4]");
        var data = new object?[] { null, new OptionalValue(null), new OptionalValue((byte?)9), null };
        array.Write(data);
        Assert.Equal(data, ZarrArray.Open(store, "a").Read());
        var e = Assert.Throws<ZarrException>(() => array.Write(new object?[] { null, (byte)9, null, null }));
        Assert.Equal(ZarrErrorKind.UnsupportedValue, e.Kind);
        Assert.Contains("OptionalValue", e.Message);
    }

    [Fact]
    public void The_optional_type_round_trips_its_metadata()
    {
        var type = ZarrDataType.FromV3(JsonNode.Parse(NestedU8));
        Assert.Equal(ZarrDataType.Optional(ZarrDataType.Optional(ZarrDataType.UInt8)), type);
        Assert.Equal(3, type.ItemSize);
        Assert.Equal(typeof(object), type.ClrType);
        Assert.Equal(typeof(byte?), type.Inner!.ClrType);
        Assert.Equal(type, ZarrDataType.FromV3(type.ToV3Json()));
        Assert.Equal("optional<numpy.datetime64[ms]>",
            ZarrDataType.FromV3(JsonNode.Parse("""{"name":"optional","configuration":{"name":"numpy.datetime64","configuration":{"unit":"ms","scale_factor":1}}}""")).ToString());
        var fill = FillValue.Parse(JsonNode.Parse("[[7]]"), type, v2: false);
        Assert.Equal(new byte[] { 7, 1, 1 }, fill.Raw);
        Assert.Equal("[[7]]", fill.ToJson(type, v2: false)!.ToJsonString());
        Assert.Equal(new byte[] { 0, 0, 1 }, FillValue.Parse(JsonNode.Parse("[null]"), type, v2: false).Raw);
        Assert.Equal(ZarrErrorKind.InvalidMetadata, Assert.Throws<ZarrException>(() => FillValue.Parse(JsonNode.Parse("[1, 2]"), type, v2: false)).Kind);
    }

    [Fact]
    public void Unsupported_optional_forms_fail_with_named_errors()
    {
        var store = new MemoryStore();
        var e = Assert.Throws<ZarrException>(() => V3(store, U8, "[" + Bytes + "]", "null"));
        Assert.Equal(ZarrErrorKind.UnsupportedCodec, e.Kind);
        Assert.Contains("'bytes'", e.Message);
        Assert.Contains("'optional' codec", e.Message);
        e = Assert.Throws<ZarrException>(() => V3(store, """{"name":"optional","configuration":{"name":"string"}}""", OptionalCodec("""[{"name":"vlen-utf8"}]"""), "null"));
        Assert.Equal(ZarrErrorKind.UnsupportedDataType, e.Kind);
        Assert.Contains("optional<string>", e.Message);
        Assert.Throws<ZarrException>(() => ZarrDataType.Optional(ZarrDataType.UInt8).ToV2DType());
    }

    [Theory]
    [InlineData(new byte[] { 1, 0 }, "fewer than the 16-byte header")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0, 9 }, "declares")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0x0F, 5 }, "declares")]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0F, 0 }, "packbits")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x0F, 5 }, "needs 4")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x00, 5 }, "no element is present")]
    public void Damaged_optional_chunks_fail_as_corrupt_naming_the_chunk(byte[] chunk, string why)
    {
        var store = new MemoryStore();
        V3(store, U8, OptionalCodec("[" + Bytes + "]"), "null");
        store.Set("a/c/0/0", chunk);
        var e = Assert.Throws<ZarrException>(() => ZarrArray.Open(store, "a").Read());
        Assert.Equal(ZarrErrorKind.CorruptChunk, e.Kind);
        Assert.Contains(why, e.Message);
        Assert.Equal("a/c/0/0", e.Key);
    }

    [Fact]
    public void Packbits_keeps_a_bit_range_and_sign_extends_signed_integers()
    {
        var store = new MemoryStore();
        var array = V3(store, "\"int8\"", """[{"name":"packbits","configuration":{"first_bit":0,"last_bit":1,"padding_encoding":"first_byte"}}]""", "0", "[4]", "[4]");
        array.Write(new sbyte[] { -2, 1, -1, 0 });
        // Two bits each, least-significant first: 10 01 11 00 → 0b00110110; no padding bits.
        Assert.Equal(new byte[] { 0, 0x36 }, store.Get("a/c/0"));
        Assert.Equal(new sbyte[] { -2, 1, -1, 0 }, ZarrArray.Open(store, "a").Read());

        var shifted = V3(new MemoryStore(), "\"uint16\"", """[{"name":"packbits","configuration":{"first_bit":4,"last_bit":9,"padding_encoding":"last_byte"}}]""", "0", "[3]", "[3]");
        shifted.Write(new ushort[] { 0x3F0, 0x0010, 0xFFFF });
        Assert.Equal(new ushort[] { 0x3F0, 0x0010, 0x3F0 }, shifted.Read()); // bits outside 4..9 are not kept

        var bools = V3(store, "\"bool\"", """[{"name":"packbits"}]""", "false", "[10]", "[10]");
        bools.Write(new[] { true, false, false, true, false, false, false, false, true, true });
        Assert.Equal(new byte[] { 0x09, 0x03 }, store.Get("a/c/0"));
        store.Set("a/c/0", [0x09]);
        Assert.Equal(ZarrErrorKind.CorruptChunk, Assert.Throws<ZarrException>(() => ZarrArray.Open(store, "a").Read()).Kind);
    }

    [Fact]
    public void Packbits_refuses_bit_ranges_outside_the_type()
    {
        var e = Assert.Throws<ZarrException>(() => V3(new MemoryStore(), "\"uint8\"", """[{"name":"packbits","configuration":{"first_bit":3,"last_bit":8}}]""", "0", "[4]", "[4]"));
        Assert.Equal(ZarrErrorKind.InvalidMetadata, e.Kind);
        Assert.Contains("last_bit", e.Message);
    }

    [Fact]
    public void A_compressed_mask_round_trips_and_a_mask_bomb_stops_at_the_mask_size()
    {
        var store = new MemoryStore();
        const string codecs = """[{"name":"optional","configuration":{"mask_codecs":[{"name":"packbits"},{"name":"zstd","configuration":{"level":1}}],"data_codecs":[{"name":"bytes","configuration":{"endian":"big"}}]}}]""";
        var array = V3(store, """{"name":"optional","configuration":{"name":"int32"}}""", codecs, "null", "[6]", "[6]");
        var data = new int?[] { -1, null, int.MaxValue, null, 0, 42 };
        array.Write(data);
        Assert.Equal(data, ZarrArray.Open(store, "a").Read());
        // The present values are big-endian, after the 16-byte header and the compressed mask.
        var chunk = store.Get("a/c/0")!;
        var maskLength = (int)BitConverter.ToUInt64(chunk, 0);
        Assert.Equal(16UL, BitConverter.ToUInt64(chunk, 8));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF }, chunk.AsSpan(16 + maskLength, 8).ToArray());

        // A mask that decompresses to 64 MiB for a chunk of six elements (one byte when packed) fails at that byte.
        using var bombStream = new MemoryStream();
        using (var z = new ZstdSharp.CompressionStream(bombStream, 1)) z.Write(new byte[64 << 20]);
        var bomb = bombStream.ToArray();
        var hostile = new byte[16 + bomb.Length];
        BitConverter.TryWriteBytes(hostile.AsSpan(0, 8), (ulong)bomb.Length);
        bomb.CopyTo(hostile, 16);
        store.Set("a/c/0", hostile);
        var e = Assert.Throws<ZarrException>(() => ZarrArray.Open(store, "a").Read());
        Assert.Equal(ZarrErrorKind.CorruptChunk, e.Kind);
        Assert.Contains("more than 1 bytes", e.Message);
    }
}
