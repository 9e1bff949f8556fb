using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Tests.Interop;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.DataTypes;

/// <summary>
/// NumPy structured dtypes against zarr-python 2.13 over tests/Interop/python/struct_cases.py (little- and
/// big-endian fields, nested structs, sub-array fields, |S/&lt;U/M8/c8 fields, a fill value, order F), both ways,
/// every field value compared.
/// </summary>
public class StructInteropTests(ITestOutputHelper output)
{
    private const int CaseCount = 7;

    [Fact]
    public void Engine_reads_every_field_of_structured_arrays_zarr_python_wrote() =>
        PythonCaseScript.EngineReadsWhatPythonWrote(output, "struct_cases.py", CaseCount, (store, entry, failures) =>
        {
            var name = entry["name"]!.GetValue<string>();
            var array = ZarrArray.Open(store, name);
            Assert.Equal(DataTypeKind.Struct, array.DataType.Kind);
            var records = array.ReadRecords();
            Assert.Equal(array.Shape, records.Shape);
            Compare(name, records, entry["columns"]!.AsObject(), failures);
        });

    [Fact]
    public void Zarr_python_reads_every_field_of_structured_arrays_the_engine_wrote() =>
        PythonCaseScript.PythonReadsWhatEngineWrote("struct_cases.py", CaseCount, (store, c) =>
        {
            var name = c["name"]!.GetValue<string>();
            var zarray = new JsonObject
            {
                ["zarr_format"] = 2, ["shape"] = c["shape"]!.DeepClone(), ["chunks"] = c["chunks"]!.DeepClone(), ["dtype"] = c["descr"]!.DeepClone(),
                ["order"] = c["order"]?.GetValue<string>() ?? "C", ["fill_value"] = null, ["filters"] = null, ["compressor"] = c["compressor"]?.DeepClone(),
            };
            var meta = V2Metadata.ParseArray(zarray, null, name, store.Name);
            NodeStore.Write(store, meta);
            var records = Build(meta.DataType, meta.Shape, c["columns"]!.AsObject(), "");
            new ZarrArray(store, meta).WriteRecords(records);
            var failures = new List<string>();
            Compare(name, ZarrArray.Open(store, name).ReadRecords(), c["columns"]!.AsObject(), failures);
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        });

    private static void Compare(string name, RecordArray records, JsonObject columns, List<string> failures, string prefix = "")
    {
        for (var f = 0; f < records.Fields.Count; f++)
        {
            var field = records.Fields[f];
            var path = prefix + field.Name;
            if (records.Columns[f] is RecordArray nested) { Compare(name, nested, columns, failures, path + "."); continue; }
            var column = (Array)records.Columns[f];
            var want = columns[path]?.AsArray();
            if (want is null) { failures.Add($"{name}.{path}: no expected column"); continue; }
            if (column.Length != want.Count) { failures.Add($"{name}.{path}: {column.Length} values, expected {want.Count}"); continue; }
            for (var i = 0; i < column.Length; i++)
                if (!Same(column.GetValue(i), want[i])) failures.Add($"{name}.{path}[{i}]: read {column.GetValue(i)}, zarr-python has {want[i]?.ToJsonString()}");
        }
    }

    private static RecordArray Build(ZarrDataType type, long[] shape, JsonObject columns, string prefix)
    {
        var n = (int)shape.Aggregate(1L, (a, b) => a * b);
        var built = new List<object>();
        foreach (var field in type.Fields)
        {
            var path = prefix + field.Name;
            if (field.Type.Kind == DataTypeKind.Struct) { built.Add(Build(field.Type, [n * field.Count], columns, path + ".")); continue; }
            var want = columns[path]!.AsArray();
            var column = Array.CreateInstance(field.Type.ClrType, want.Count);
            for (var i = 0; i < want.Count; i++) column.SetValue(FromJson(want[i]!, field.Type), i);
            built.Add(column);
        }
        return new RecordArray(type, shape, built);
    }

    private static object FromJson(JsonNode node, ZarrDataType type) => type.Kind switch
    {
        DataTypeKind.Bool => node.GetValue<bool>(),
        DataTypeKind.FixedBytes => Convert.FromBase64String(node.GetValue<string>()),
        DataTypeKind.FixedUtf32 => node.GetValue<string>(),
        DataTypeKind.Complex => new Complex(node[0]!.GetValue<double>(), node[1]!.GetValue<double>()),
        DataTypeKind.DateTime64 or DataTypeKind.TimeDelta64 => node.GetValue<long>(),
        DataTypeKind.Float when type.ItemSize == 2 => (Half)node.GetValue<double>(),
        _ => Convert.ChangeType(node.GetValue<double>(), type.ClrType, CultureInfo.InvariantCulture),
    };

    private static bool Same(object? value, JsonNode? want) => value switch
    {
        bool b => want!.GetValue<bool>() == b,
        string s => want!.GetValue<string>() == s,
        byte[] bytes => Convert.FromBase64String(want!.GetValue<string>()).SequenceEqual(bytes),
        Complex z => want is JsonArray pair && pair[0]!.GetValue<double>() == z.Real && pair[1]!.GetValue<double>() == z.Imaginary,
        long l => want!.GetValue<long>() == l,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) == want!.GetValue<double>(),
    };
}
