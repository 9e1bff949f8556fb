using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Engine;

/// <summary>The engine pieces the Zarr drive stands on: one-listing sizes and walks, group creation, attribute edits.</summary>
public sealed class DriveSupportTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "drive-support-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static ArrayMetadata Doubles(string path, int format) => new(
        path, format, [6], [4], ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64),
        format == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot, new CodecChain([], new BytesCodec(false), []));

    /// <summary>root → a (array), g (group) → g/b (array), g/h (group) → g/h/c (array); chunks written; consolidated.</summary>
    private DirectoryStore Build(int format)
    {
        var store = new DirectoryStore(Path.Combine(_folder, $"s{format}.zarr"), readOnly: false);
        foreach (var path in new[] { "a", "g/b", "g/h/c" })
        {
            NodeStore.EnsureGroup(store, StoreKeys.Parent(path), format);
            var array = Doubles(path, format);
            NodeStore.Write(store, array);
            new ZarrArray(store, array).Write(new double[] { 1, 2, 3, 4, 5, 6 });
        }
        ConsolidatedMetadata.Write(store);
        return store;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void Directory_listing_with_sizes_matches_listing_then_sizes(int format)
    {
        using var store = Build(format);
        var expected = store.ListPrefix("g").Select(k => (k, store.GetSize(k)!.Value)).ToList();
        Assert.Equal(expected, store.ListPrefixSizes("g").ToList());
        Assert.Equal(store.ListPrefix("").ToList(), store.ListPrefixSizes("").Select(e => e.Key).ToList());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void Node_sizes_from_one_listing_equal_each_node_listed_on_its_own(int format)
    {
        using var store = Build(format);
        var listing = ConsolidatedTree.Walk(store, "");
        var sizes = NodeSizes.Measure(store, listing.Root, listing.Descendants)!;
        foreach (var path in new[] { "", "a", "g", "g/b", "g/h", "g/h/c" })
        {
            Assert.Equal(store.ListPrefixSizes(path).Sum(e => e.Size), sizes.SubtreeBytes(path));
            var documents = new[] { "zarr.json", ".zgroup", ".zarray", ".zattrs" }.Sum(d => store.GetSize(StoreKeys.Join(path, d)) ?? 0);
            Assert.Equal(documents, sizes.MetadataBytes(path));
        }
        Assert.True(sizes.SubtreeBytes("g") > sizes.SubtreeBytes("g/h"));
        Assert.Equal(0, sizes.SubtreeBytes("missing"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void Walk_with_sizes_lists_what_the_plain_walk_lists_and_notices_stale_consolidation(int format)
    {
        using var store = Build(format);
        var plain = ConsolidatedTree.Walk(store, "");
        var withSizes = ConsolidatedTree.Walk(store, "", out var sizes);
        Assert.True(withSizes.FromConsolidated);
        Assert.NotNull(sizes);
        var measured = NodeSizes.Measure(store, plain.Root, plain.Descendants)!;
        foreach (var node in plain.Descendants.Prepend(plain.Root))
        {
            Assert.Equal(measured.SubtreeBytes(node.Path), sizes!.SubtreeBytes(node.Path));
            Assert.Equal(measured.MetadataBytes(node.Path), sizes.MetadataBytes(node.Path));
        }
        Assert.Equal(plain.Descendants.Select(n => n.Path), withSizes.Descendants.Select(n => n.Path));
        Assert.Equal(["a", "g", "g/b", "g/h", "g/h/c"], withSizes.Descendants.Select(n => n.Path));

        // A node added behind the consolidated metadata's back: both walks fall back to reading node by node.
        NodeStore.Write(store, Doubles("late", format));
        var stale = ConsolidatedTree.Walk(store, "", out _);
        Assert.False(stale.FromConsolidated);
        Assert.Contains(stale.Descendants, n => n.Path == "late");
        Assert.Equal(ConsolidatedTree.Walk(store, "").Descendants.Select(n => n.Path), stale.Descendants.Select(n => n.Path));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void CreateGroup_writes_parents_and_attributes_and_refreshes_consolidated_metadata(int format)
    {
        using var store = Build(format);
        var group = NodeOperations.CreateGroup(store, "new/deep", null, new JsonObject { ["units"] = "Hz" }, force: false);
        Assert.Equal(format, group.ZarrFormat);
        Assert.IsType<GroupMetadata>(NodeStore.Read(store, "new"));
        Assert.Equal("Hz", NodeStore.Read(store, "new/deep").Attributes["units"]!.GetValue<string>());
        Assert.True(ConsolidatedTree.Walk(store, "").FromConsolidated);
        Assert.Contains(ConsolidatedTree.Walk(store, "").Descendants, n => n.Path == "new/deep");

        Assert.Equal(ZarrErrorKind.NodeExists, Assert.Throws<ZarrException>(() => NodeOperations.CreateGroup(store, "new/deep", null, null, force: false)).Kind);
        Assert.Equal("Hz", NodeOperations.CreateGroup(store, "new/deep", null, null, force: true).Attributes["units"]!.GetValue<string>());
        Assert.Equal(ZarrErrorKind.NodeExists, Assert.Throws<ZarrException>(() => NodeOperations.CreateGroup(store, "a", null, null, force: true)).Kind);
        Assert.Equal(ZarrErrorKind.NodeExists, Assert.Throws<ZarrException>(() => NodeOperations.CreateGroup(store, "a/inside", null, null, force: false)).Kind);
        Assert.Equal(ZarrErrorKind.InvalidKey, Assert.Throws<ZarrException>(() => NodeOperations.CreateGroup(store, "zarr.json", null, null, force: false)).Kind);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void Attribute_update_sets_overwrites_and_removes_and_keeps_consolidation_fresh(int format)
    {
        using var store = Build(format);
        NodeAttributes.Update(store, "g/b", [KeyValuePair.Create("units", (JsonNode?)"Hz"), KeyValuePair.Create("scale", (JsonNode?)0.5)], []);
        var node = NodeAttributes.Update(store, "g/b", [KeyValuePair.Create("units", (JsonNode?)"kHz"), KeyValuePair.Create("cleared", (JsonNode?)null)], ["scale"]);
        Assert.Equal("kHz", node.Attributes["units"]!.GetValue<string>());
        var reread = NodeStore.Read(store, "g/b");
        Assert.Equal("kHz", reread.Attributes["units"]!.GetValue<string>());
        Assert.False(reread.Attributes.ContainsKey("scale"));
        Assert.True(reread.Attributes.ContainsKey("cleared"));
        Assert.Null(reread.Attributes["cleared"]);
        var listing = ConsolidatedTree.Walk(store, "", out _);
        Assert.True(listing.FromConsolidated);
        Assert.Equal("kHz", listing.Descendants.Single(n => n.Path == "g/b").Attributes["units"]!.GetValue<string>());
    }
}
