using System.Collections;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.Tests.Engine;

/// <summary>The lean dimension census a save takes of its group agrees with the full metadata model, member by member.</summary>
public sealed class ExistingDimensionsTests
{
    // The full model's answer: every readable array member (unreadable ones skipped), its named axes.
    private static List<(string, long)> ByModel(IZarrStore store, string group, ISet<string> skip)
    {
        var result = new List<(string, long)>();
        foreach (var child in store.ListDir(group).Prefixes.Where(c => !c.StartsWith("__", StringComparison.Ordinal)))
        {
            NodeMetadata? node;
            try { node = NodeStore.TryRead(store, StoreKeys.Join(group, child)); }
            catch (SciTex.Zarr.Engine.Errors.ZarrException) { continue; }
            if (node is not ArrayMetadata a || skip.Contains(a.Path) || Dimensions.Of(a) is not { } names) continue;
            for (var i = 0; i < names.Length; i++) if (names[i] is { } name) result.Add((name, a.Shape[i]));
        }
        return result;
    }

    private static void Save(IZarrStore store, string group, IDictionary value, int format, Dictionary<string, string[]>? names = null) =>
        ValueWriter.Execute(ValueWriter.Plan(store, group, value, new SaveOptions { ZarrFormat = format, DimensionNamesByKey = names }));

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void AgreesWithTheMetadataModel(int format)
    {
        var store = new MemoryStore();
        Save(store, "g", new Hashtable { ["a"] = new double[3, 4], ["time"] = new double[3], ["b"] = new double[7] }, format,
            new Dictionary<string, string[]> { ["a"] = ["time", "channel"] });
        Save(store, "g", new Hashtable { ["c"] = new double[4, 7, 2] }, format);
        Save(store, "g", new Hashtable { ["sub"] = new Hashtable { ["x"] = new double[5] } }, format); // a group: no dimensions
        var census = ExistingDimensions.Of(store, "g", new HashSet<string>()).ToList();
        Assert.Equal(ByModel(store, "g", new HashSet<string>()).OrderBy(p => p), census.OrderBy(p => p));
        Assert.Contains(("channel", 4L), census);
        Assert.Contains(("time", 3L), census);
        Assert.Equal(7, census.Count); // a: 2 axes, time, b, c: 3 axes
        var skip = new HashSet<string> { "g/a" };
        Assert.Equal(ByModel(store, "g", skip).OrderBy(p => p), ExistingDimensions.Of(store, "g", skip).OrderBy(p => p));
        Assert.DoesNotContain(("channel", 4L), ExistingDimensions.Of(store, "g", skip));
    }

    [Fact]
    public void ReadsV3NullNamesAndTheV2StyleAttributeAndSkipsWhatItCannotRead()
    {
        var store = new MemoryStore();
        store.Set("zarr.json", """{"zarr_format":3,"node_type":"group","attributes":{}}"""u8.ToArray());
        const string array = """{"zarr_format":3,"node_type":"array","shape":[SHAPE],"data_type":"float64","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[SHAPE]}},"chunk_key_encoding":{"name":"default"},"fill_value":0,"codecs":[{"name":"bytes","configuration":{"endian":"little"}}]EXTRA}""";
        store.Set("named/zarr.json", System.Text.Encoding.UTF8.GetBytes(array.Replace("SHAPE", "2,5").Replace("EXTRA", ""","dimension_names":["t",null],"attributes":{"note":{"deep":[1,2]}}""")));
        store.Set("legacy/zarr.json", System.Text.Encoding.UTF8.GetBytes(array.Replace("SHAPE", "9").Replace("EXTRA", ""","attributes":{"_ARRAY_DIMENSIONS":["z"]}""")));
        store.Set("wrongcount/zarr.json", System.Text.Encoding.UTF8.GetBytes(array.Replace("SHAPE", "9").Replace("EXTRA", ""","dimension_names":["a","b"],"attributes":{"_ARRAY_DIMENSIONS":["w"]}""")));
        store.Set("broken/zarr.json", "{\"zarr_format\":3,\"node_type\":\"array\",\"shape\":[1,"u8.ToArray());
        store.Set("__hidden/zarr.json", System.Text.Encoding.UTF8.GetBytes(array.Replace("SHAPE", "4").Replace("EXTRA", ""","dimension_names":["h"]""")));
        var census = ExistingDimensions.Of(store, "", new HashSet<string>()).OrderBy(p => p).ToList();
        Assert.Equal([("t", 2L), ("z", 9L)], census); // wrongcount is unreadable: its dimension_names miss an axis
        Assert.Equal(ByModel(store, "", new HashSet<string>()).OrderBy(p => p), census);
    }
}
