using System.Collections;
using System.Collections.Specialized;
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

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>
/// The numcodecs object codecs (pickle protocols 2 and 5, json2, msgpack2, vlen-array) against zarr-python 2.13 over
/// tests/Interop/python/object_cases.py, both ways, element by element.
/// </summary>
public class ObjectCodecInteropTests(ITestOutputHelper output)
{
    private const int CaseCount = 13;

    [Fact]
    public void Engine_reads_object_arrays_zarr_python_wrote_with_each_object_codec() =>
        PythonCaseScript.EngineReadsWhatPythonWrote(output, "object_cases.py", CaseCount, (store, entry, failures) =>
        {
            var path = entry["path"]!.GetValue<string>();
            var array = ZarrArray.Open(store, path);
            Assert.Equal(DataTypeKind.Object, array.Metadata.DataType.Kind);
            var values = array.Read().Cast<object?>().ToList();
            var want = entry["values"]!.AsArray();
            Assert.Equal(want.Count, values.Count);
            for (var i = 0; i < values.Count; i++)
                if (!Same(values[i], want[i])) failures.Add($"{path}[{i}]: read {Show(values[i])}, zarr-python reads {want[i]?.ToJsonString() ?? "null"}");
        });

    [Fact]
    public void Zarr_python_reads_object_arrays_the_engine_wrote_with_each_object_codec() =>
        PythonCaseScript.PythonReadsWhatEngineWrote("object_cases.py", CaseCount, (store, c) =>
        {
            var name = c["name"]!.GetValue<string>();
            var zarray = new JsonObject
            {
                ["zarr_format"] = 2, ["shape"] = c["shape"]!.DeepClone(), ["chunks"] = c["chunks"]!.DeepClone(), ["dtype"] = "|O",
                ["order"] = "C", ["fill_value"] = 0, ["filters"] = new JsonArray(c["codec"]!.DeepClone()), ["compressor"] = c["compressor"]?.DeepClone(),
            };
            var meta = V2Metadata.ParseArray(zarray, null, name, store.Name);
            NodeStore.Write(store, meta);
            var values = c["values"]!.AsArray().Select(Untag).ToArray();
            var dims = meta.Shape.Select(d => (int)d).ToArray();
            var data = Array.CreateInstance(typeof(object), dims);
            var index = new int[dims.Length];
            foreach (var value in values)
            {
                data.SetValue(value, index);
                for (var k = dims.Length - 1; k >= 0 && ++index[k] == dims[k]; k--) index[k] = 0;
            }
            new ZarrArray(store, meta).Write(data);
            var back = ZarrArray.Open(store, name).Read().Cast<object?>().ToList();
            for (var i = 0; i < back.Count; i++) Assert.True(Same(back[i], c["values"]![i]), $"{name}[{i}]: engine reads back {Show(back[i])}");
        });

    private static object? Untag(JsonNode? node) => node switch
    {
        null => null,
        JsonArray list => list.Select(Untag).ToArray(),
        JsonObject o when o["$float"] is { } f => double.Parse(f.GetValue<string>(), CultureInfo.InvariantCulture),
        JsonObject o when o["$bytes"] is { } b => Convert.FromBase64String(b.GetValue<string>()),
        JsonObject o when o["$array"] is { } dtype => TypedArray(dtype.GetValue<string>(), o["items"]!.AsArray()),
        JsonObject o => Dict(o),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => v.GetValue<long>(),
        JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v => v.GetValue<string>(),
    };

    private static OrderedDictionary Dict(JsonObject o)
    {
        var d = new OrderedDictionary();
        foreach (var (k, v) in o) d[k] = Untag(v);
        return d;
    }

    private static Array TypedArray(string dtype, JsonArray items)
    {
        var (type, _) = ZarrDataType.FromV2(dtype);
        var array = Array.CreateInstance(type.ClrType, items.Count);
        for (var i = 0; i < items.Count; i++) array.SetValue(Convert.ChangeType(Untag(items[i]), type.ClrType, CultureInfo.InvariantCulture), i);
        return array;
    }

    /// <summary>A .NET element against zarr-python's tagged JSON for it.</summary>
    private static bool Same(object? value, JsonNode? tagged) => (value, tagged) switch
    {
        (null, null) => true,
        (bool b, JsonValue v) => v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False && v.GetValue<bool>() == b,
        (long l, JsonValue v) => v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.GetValue<long>() == l,
        (BigInteger big, JsonValue v) => v.GetValueKind() == System.Text.Json.JsonValueKind.Number && BigInteger.Parse(v.ToJsonString(), CultureInfo.InvariantCulture) == big,
        (double d, JsonObject o) when o["$float"] is { } f => ((double)Untag(o)!).Equals(d) && (d != 0 || double.IsNegative(d) == f.GetValue<string>().StartsWith('-')),
        (string s, JsonValue v) => v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>() == s,
        (byte[] bytes, JsonObject o) when o["$bytes"] is { } b => Convert.FromBase64String(b.GetValue<string>()).SequenceEqual(bytes),
        (Array typed, JsonObject o) when o["$array"] is { } dtype =>
            ZarrDataType.FromV2(dtype.GetValue<string>()).Type.ClrType == typed.GetType().GetElementType()
            && typed.Length == o["items"]!.AsArray().Count
            && typed.Cast<object>().Zip(o["items"]!.AsArray()).All(p => Convert.ToDouble(p.First, CultureInfo.InvariantCulture).Equals(Convert.ToDouble(Untag(p.Second), CultureInfo.InvariantCulture))),
        (object?[] items, JsonArray list) => items.Length == list.Count && items.Zip(list).All(p => Same(p.First, p.Second)),
        (IDictionary dict, JsonObject o) when o["$float"] is null && o["$bytes"] is null && o["$array"] is null =>
            dict.Count == o.Count && o.All(p => dict.Contains(p.Key) && Same(dict[p.Key], p.Value)),
        _ => false,
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        object?[] items => "[" + string.Join(", ", items.Select(Show)) + "]",
        IDictionary d => "{" + string.Join(", ", d.Keys.Cast<object>().Select(k => $"{k}: {Show(d[k])}")) + "}",
        byte[] b => "b'" + Convert.ToHexString(b) + "'",
        Array a => $"{a.GetType().Name}[{string.Join(", ", a.Cast<object>())}]",
        _ => $"{value} ({value.GetType().Name})",
    };
}
