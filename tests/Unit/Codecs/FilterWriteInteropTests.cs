using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.Tests.Interop;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>
/// Writing with filters (Save-Zarr / New-ZarrArray -Filter, <see cref="FilterSpec"/>): zarr-python 2.13 reads every
/// array the engine wrote with each numcodecs filter with the values the engine reads back (and, for lossless
/// filters, the values saved).
/// </summary>
public class FilterWriteInteropTests
{
    private static readonly double[] Floats = Enumerable.Range(0, 40).Select(i => Math.Round(Math.Sin(i) * 100, 6)).ToArray();
    private static readonly int[] Ints = Enumerable.Range(0, 40).Select(i => i * i - 300).ToArray();

    private static (string Name, Array Data, string Filters, bool Lossless)[] Cases =>
    [
        ("delta_i4", Ints, """[{"id": "delta", "dtype": "<i4"}]""", true),
        ("delta_astype_i2", Ints, """[{"name": "delta", "dtype": "i4", "astype": "i2"}]""", true),
        ("shuffle", Floats, """[{"id": "shuffle", "elementsize": 8}]""", true),
        ("delta_shuffle", Ints, """[{"id": "delta", "dtype": "i4"}, {"id": "shuffle", "elementsize": 4}]""", true),
        ("fixedscaleoffset", Floats, """[{"id": "fixedscaleoffset", "offset": 10, "scale": 1000, "dtype": "f8", "astype": "i4"}]""", false),
        ("quantize_3", Floats, """[{"id": "quantize", "digits": 3, "dtype": "f8"}]""", false),
        ("quantize_f4", Floats.Select(v => (float)v).ToArray(), """[{"id": "quantize", "digits": 1, "dtype": "f4", "astype": "f4"}]""", false),
        ("bitround_8", Floats, """[{"id": "bitround", "keepbits": 8}]""", false),
        ("packbits", Ints.Select(i => i % 3 == 0).ToArray(), """[{"id": "packbits"}]""", true),
        ("astype_f4", Floats, """[{"id": "astype", "encode_dtype": "f4", "decode_dtype": "f8"}]""", false),
        ("categorize", Enumerable.Range(0, 40).Select(i => new[] { "red", "green", "blue" }[i % 3]).ToArray(),
            """[{"id": "categorize", "labels": ["red", "green", "blue"], "dtype": "|O", "astype": "|u1"}]""", true),
    ];

    private static SaveOptions Options(string filters, int format = 2) => new()
    {
        ZarrFormat = format,
        Compressor = CompressorSpec.Parse("zstd"),
        ChunkShape = [16],
        Filters = FilterSpec.From(JsonNode.Parse(filters)!.AsArray().Select(f => f!.AsObject())),
    };

    [Fact]
    public void Zarr_python_reads_arrays_written_with_each_filter_with_the_same_values()
    {
        using var dir = new Peers.ScratchDir();
        var readBack = new Dictionary<string, object?[]>();
        using (var store = new DirectoryStore(dir.Path))
            foreach (var (name, data, filters, lossless) in Cases)
            {
                ValueWriter.Execute(ValueWriter.Plan(store, "", new OrderedDictionary { [name] = data }, Options(filters)));
                var back = ZarrArray.Open(store, name).Read().Cast<object?>().ToArray();
                if (lossless) Assert.Equal(data.Cast<object?>(), back);
                readBack[name] = back;
            }
        var python = JsonNode.Parse(Peers.RunPython("read_values.py", dir.Path))!.AsObject();
        var failures = new List<string>();
        foreach (var (name, _, filters, _) in Cases)
        {
            var entry = python[name]!;
            Assert.Equal(JsonNode.Parse(filters)!.AsArray().Count, entry["filters"]!.AsArray().Count);
            var values = entry["values"]!.AsArray();
            Assert.Equal(readBack[name].Length, values.Count);
            for (var i = 0; i < values.Count; i++)
                if (!Same(readBack[name][i], values[i]!)) failures.Add($"{name}[{i}]: engine reads {readBack[name][i]}, zarr-python {values[i]!.ToJsonString()}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public void Filters_also_write_v3_numcodecs_names_that_read_back()
    {
        using var store = new MemoryStore();
        ValueWriter.Execute(ValueWriter.Plan(store, "", new OrderedDictionary { ["q"] = Floats }, Options("""[{"name": "quantize", "digits": 2, "dtype": "f8"}]""", 3)));
        var zarrJson = JsonNode.Parse(store.Get("q/zarr.json"))!;
        Assert.Equal("numcodecs.quantize", zarrJson["codecs"]![0]!["name"]!.GetValue<string>());
        var back = (double[])ZarrArray.Open(store, "q").Read();
        for (var i = 0; i < back.Length; i++) Assert.True(Math.Abs(back[i] - Floats[i]) < 0.01, $"{i}: {back[i]} vs {Floats[i]}");
    }

    [Theory]
    [InlineData("""[{"id": "nosuch"}]""", ZarrErrorKind.UnsupportedCodec, "nosuch")]
    [InlineData("""[{"id": "quantize"}]""", ZarrErrorKind.InvalidArgument, "digits")]
    [InlineData("""[{"digits": 3}]""", ZarrErrorKind.InvalidArgument, "needs an 'id'")]
    [InlineData("""[{"id": "shuffle"}, {"id": "delta", "dtype": "f8"}]""", ZarrErrorKind.InvalidArgument, "after a bytes filter")]
    public void A_bad_filter_is_a_named_error_before_anything_is_written(string filters, ZarrErrorKind kind, string message)
    {
        using var store = new MemoryStore();
        var e = Assert.Throws<ZarrException>(() => ValueWriter.Plan(store, "", new OrderedDictionary { ["x"] = Floats }, Options(filters)));
        Assert.Equal(kind, e.Kind);
        Assert.Contains(message, e.Message);
        Assert.Null(store.Get("x/.zarray"));
    }

    private static bool Same(object? value, JsonNode want) => value switch
    {
        bool b => want.GetValue<bool>() == b,
        string s => want.GetValue<string>() == s,
        double d when double.IsNaN(d) => want.ToJsonString() == "\"NaN\"",
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) == want.GetValue<double>(),
    };
}
