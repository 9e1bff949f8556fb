using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.Tests.DataTypes;

/// <summary>The v3 struct / legacy structured data types: metadata forms, fill values, byte order, records.</summary>
public class StructTypeTests
{
    private const string PointType = """
        {"name": "struct", "configuration": {"fields": [
          {"name": "id", "data_type": "int32"},
          {"name": "point", "data_type": {"name": "struct", "configuration": {"fields": [
              {"name": "x", "data_type": "float32"}, {"name": "y", "data_type": "float32"}]}}},
          {"name": "when", "data_type": {"name": "numpy.datetime64", "configuration": {"unit": "s", "scale_factor": 1}}}]}}
        """;

    private static JsonObject V3Array(string dataType, string fill, string endian) => JsonNode.Parse(
        "{\"zarr_format\": 3, \"node_type\": \"array\", \"shape\": [5], \"data_type\": " + dataType +
        ", \"chunk_grid\": {\"name\": \"regular\", \"configuration\": {\"chunk_shape\": [2]}}, \"chunk_key_encoding\": {\"name\": \"default\"}, \"fill_value\": " + fill +
        ", \"codecs\": [{\"name\": \"bytes\", \"configuration\": {\"endian\": \"" + endian + "\"}}]}")!.AsObject();

    [Fact]
    public void A_v3_struct_parses_its_fields_offsets_and_text()
    {
        var type = ZarrDataType.FromV3(JsonNode.Parse(PointType));
        Assert.Equal(DataTypeKind.Struct, type.Kind);
        Assert.Equal(4 + 8 + 8, type.ItemSize);
        Assert.Equal(["id", "point", "when"], type.Fields.Select(f => f.Name));
        Assert.Equal([0, 4, 12], type.Fields.Select(f => f.Offset));
        Assert.Equal("struct{id:int32,point:struct{x:float32,y:float32},when:numpy.datetime64[s]}", type.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PointType), type.ToV3Json()));
    }

    [Fact]
    public void The_legacy_structured_form_reads_as_the_same_struct()
    {
        var legacy = ZarrDataType.FromV3(JsonNode.Parse("""
            {"name": "structured", "configuration": {"fields": [["id", "int32"], ["point", {"name": "structured", "configuration": {"fields": [["x", "float32"], ["y", "float32"]]}}],
             ["when", {"name": "numpy.datetime64", "configuration": {"unit": "s", "scale_factor": 1}}]]}}
            """));
        Assert.Equal(ZarrDataType.FromV3(JsonNode.Parse(PointType)), legacy);
    }

    [Theory]
    [InlineData("little")]
    [InlineData("big")]
    public void Struct_records_round_trip_through_a_v3_store_with_an_object_fill_value(string endian)
    {
        using var store = new MemoryStore();
        NodeStore.Write(store, new GroupMetadata("", 3));
        var meta = (ArrayMetadata)V3Metadata.Parse(V3Array(PointType, """{"id": -1, "point": {"x": 1.5, "y": "NaN"}, "when": 0}""", endian), "p", store.Name);
        NodeStore.Write(store, meta);
        var type = meta.DataType;
        var records = new RecordArray(type, [3], [
            new[] { 1, 2, 3 },
            new RecordArray(type.Fields[1].Type, [3], [new[] { 0.5f, 1.5f, 2.5f }, new[] { -1f, -2f, -3f }]),
            new[] { 10L, 20L, 30L }]);
        new ZarrArray(store, meta).WriteRecords(records, SciTex.Zarr.Engine.Chunking.Selection.Parse("1:4", 1));

        var back = ZarrArray.Open(store, "p").ReadRecords();
        Assert.Equal([-1, 1, 2, 3, -1], (int[])back.Columns[0]);
        var point = (RecordArray)back.Columns[1];
        Assert.Equal([1.5f, 0.5f, 1.5f, 2.5f, 1.5f], (float[])point.Columns[0]);
        Assert.True(float.IsNaN(((float[])point.Columns[1])[4]));
        Assert.Equal(-2f, ((float[])point.Columns[1])[2]);
        Assert.Equal([0L, 10L, 20L, 30L, 0L], (long[])back.Columns[2]);

        // The chunk holds the fields in the codec's byte order: id of record 1 is the first four bytes of chunk 0's second record.
        var chunk = store.Get("p/c/0")!;
        var id = chunk.AsSpan(type.ItemSize, 4).ToArray();
        Assert.Equal(endian == "big" ? new byte[] { 0, 0, 0, 1 } : [1, 0, 0, 0], id);
        var json = V3Metadata.ToJson(ZarrArray.Open(store, "p").Metadata);
        Assert.Equal(-1, json["fill_value"]!["id"]!.GetValue<int>());
        Assert.Equal("NaN", json["fill_value"]!["point"]!["y"]!.GetValue<string>());
    }

    [Fact]
    public void A_v2_big_endian_field_is_swapped_alone_and_its_base64_fill_keeps_the_stored_order()
    {
        var zarray = JsonNode.Parse("""
            {"zarr_format": 2, "shape": [2], "chunks": [2], "dtype": [["a", ">i4"], ["b", "<u2"], ["c", "<f4", [2]]],
             "order": "C", "fill_value": "AAAAB2QAAAAAQAAAAEA=", "filters": null, "compressor": null}
            """)!.AsObject();
        var meta = V2Metadata.ParseArray(zarray, null, "s", null);
        var fill = RecordArray.FromStored(meta.FillValue.Raw, meta.DataType, []);
        Assert.Equal(7, ((int[])fill.Columns[0])[0]);
        Assert.Equal((ushort)100, ((ushort[])fill.Columns[1])[0]);
        Assert.Equal("struct{a:int32,b:uint16,c:float32[2]}", meta.DataType.ToString());
        Assert.True(JsonNode.DeepEquals(zarray["dtype"], V2Metadata.ArrayToJson(meta)["dtype"]));
        Assert.Equal("AAAAB2QAAAAAQAAAAEA=", V2Metadata.ArrayToJson(meta)["fill_value"]!.GetValue<string>());
    }

    [Fact]
    public void A_sub_array_field_has_no_v3_form_and_says_so()
    {
        var type = ZarrDataType.FromV2Structured(JsonNode.Parse("""[["c", "<f4", [2]]]""")!.AsArray());
        var e = Assert.Throws<ZarrException>(() => type.ToV3Json());
        Assert.Equal(ZarrErrorKind.UnsupportedDataType, e.Kind);
        Assert.Contains("sub-array", e.Message);
    }

    [Theory]
    [InlineData("""[["a", "<i4"], ["a", "<f8"]]""", "appears twice")]
    [InlineData("""[["s", "|O"]]""", "fixed size")]
    [InlineData("""[]""", "at least one field")]
    [InlineData("""[["a"]]""", "[name, dtype]")]
    public void Bad_structured_dtypes_are_named_errors(string dtype, string message)
    {
        var e = Assert.Throws<ZarrException>(() => ZarrDataType.FromV2Structured(JsonNode.Parse(dtype)!.AsArray()));
        Assert.Equal(ZarrErrorKind.UnsupportedDataType, e.Kind);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_struct_array_refuses_a_plain_read_with_a_named_error()
    {
        using var store = new MemoryStore();
        NodeStore.Write(store, new GroupMetadata("", 3));
        var meta = (ArrayMetadata)V3Metadata.Parse(V3Array(PointType, """{"id": 0, "point": {"x": 0, "y": 0}, "when": 0}""", "little"), "p", store.Name);
        NodeStore.Write(store, meta);
        var e = Assert.Throws<ZarrException>(() => ZarrArray.Open(store, "p").Read());
        Assert.Contains("ReadRecords", e.Message);
        Assert.IsType<RecordArray>(ZarrArray.Open(store, "p").ReadValue());
    }

    [Fact]
    public void A_table_becomes_a_struct_with_strings_as_wide_as_the_longest()
    {
        var table = new TableValue(["n", "name", "when"], [new[] { 1, 2 }, new[] { "a", "long" }, new[] { DateTime.UnixEpoch, DateTime.UnixEpoch.AddSeconds(1) }]);
        var records = StructuredValues.FromTable(table);
        Assert.Equal("struct{n:int32,name:fixed_length_utf32[4],when:numpy.datetime64[100ns]}", records.Type.ToString());
        Assert.Equal([0L, 10_000_000L], (long[])records.Columns[2]);
        var e = Assert.Throws<ZarrException>(() => StructuredValues.FromTable(new TableValue(["o"], [new object[] { 1 }])));
        Assert.Contains("'o'", e.Message);
    }
}
