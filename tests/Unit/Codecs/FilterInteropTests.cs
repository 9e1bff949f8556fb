using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs.Filters;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Tests.Interop;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>
/// numcodecs filters (delta, fixedscaleoffset, quantize, bitround, packbits, astype, categorize, shuffle and chains)
/// against zarr-python 2.13 / numcodecs 0.11, over the cases of tests/Interop/python/filter_cases.py, both ways.
/// </summary>
public class FilterInteropTests(ITestOutputHelper output)
{
    private const int CaseCount = 65;

    private static object? PositiveNaN(object? value) => value switch
    {
        double d when double.IsNaN(d) => BitConverter.Int64BitsToDouble(0x7FF8000000000000),
        float f when float.IsNaN(f) => BitConverter.Int32BitsToSingle(0x7FC00000),
        Half h when Half.IsNaN(h) => BitConverter.Int16BitsToHalf(0x7E00),
        _ => value,
    };

    [Fact]
    public void Engine_reads_every_filtered_array_zarr_python_wrote_value_by_value()
    {
        using var dir = new Peers.ScratchDir();
        output.WriteLine(Peers.RunPython("filter_cases.py", "write", dir.Path));
        var reader = new ManifestReader(dir.Path);
        reader.CheckAll(_ => null);
        output.WriteLine($"{reader.Manifest["peer"]}: compared {reader.Checked} filtered arrays");
        reader.AssertClean(minimumChecked: CaseCount);
    }

    [Fact]
    public void Zarr_python_reads_every_filtered_array_the_engine_wrote_with_the_same_values_and_chunk_bytes()
    {
        var listing = JsonNode.Parse(Peers.RunPython("filter_cases.py", "list"))!;
        using var dir = new Peers.ScratchDir();
        var arrays = new JsonArray();
        using (var store = new DirectoryStore(dir.Path))
        {
            NodeStore.Write(store, new GroupMetadata("", 2));
            foreach (var c in listing["cases"]!.AsArray().Cast<JsonObject>())
            {
                var name = c["name"]!.GetValue<string>();
                // The .zarray zarr-python would write, parsed by the engine, then written back by the engine's own writer.
                var zarray = new JsonObject
                {
                    ["zarr_format"] = 2, ["shape"] = c["shape"]!.DeepClone(), ["chunks"] = c["chunks"]!.DeepClone(), ["dtype"] = c["dtype"]!.DeepClone(),
                    ["order"] = c["order"]!.DeepClone(), ["fill_value"] = c["fill"]!.DeepClone(), ["filters"] = c["filters"]!.DeepClone(),
                    ["compressor"] = c["compressor"]?.DeepClone(),
                };
                var meta = V2Metadata.ParseArray(zarray, null, name, store.Name);
                NodeStore.Write(store, meta);
                var shape = meta.Shape;
                // Python's NaN is the positive quiet NaN; .NET's double.NaN has the sign bit set. Same value, other bytes.
                var input = c["input"]!.AsArray().Select(n => PositiveNaN(ValueJson.Decode(n!, meta.DataType))).ToList();
                var written = Samples.Build(meta.DataType, [5, shape[1]], (i, _) => input[i]);
                var array = new ZarrArray(store, meta);
                array.Write(written, Selection.Parse("0:5, :", 2));
                var back = ZarrArray.Open(store, name).Read();
                arrays.Add(new JsonObject
                {
                    ["path"] = name,
                    ["values"] = new JsonArray(ValueJson.Flat(back).Select(v => ValueJson.Encode(v, meta.DataType)).ToArray()),
                });
            }
        }
        File.WriteAllText(Path.Combine(dir.Path, "manifest.json"), new JsonObject { ["arrays"] = arrays }.ToJsonString());
        var report = JsonNode.Parse(Peers.RunPython("filter_cases.py", "check", dir.Path).Trim().Split('\n')[^1])!;
        output.WriteLine($"{report["peer"]}: checked {report["checked"]} arrays, compared {report["chunks_compared"]} chunks byte for byte");
        var failures = report["failures"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} differences:\n{string.Join("\n", failures.Take(60))}");
        Assert.Equal(CaseCount, report["checked"]!.GetValue<int>());
        Assert.True(report["chunks_compared"]!.GetValue<int>() >= 250, "too few chunks compared byte for byte");
    }
}
