using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Stores;

public class ConsolidatedMetadataTests
{
    internal static ArrayMetadata Array1D(string path, int format, int length) => new(
        path, format, [length], [4], ZarrDataType.Int32, FillValue.Default(ZarrDataType.Int32),
        format == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot, new CodecChain([], new BytesCodec(false), [new ZstdCodec(1)]));

    /// <summary>Root (attrs) → g → g/a (array, 0..9), g/b (group with attrs).</summary>
    internal static void BuildTree(IZarrStore store, int format)
    {
        var root = NodeStore.EnsureGroup(store, "", format);
        root.Attributes["title"] = "tree";
        NodeStore.Write(store, root);
        NodeStore.EnsureGroup(store, "g", format);
        var a = Array1D("g/a", format, 10);
        NodeStore.Write(store, a);
        new ZarrArray(store, a).Write(Enumerable.Range(0, 10).ToArray());
        var b = NodeStore.EnsureGroup(store, "g/b", format);
        b.Attributes["k"] = 1;
        NodeStore.Write(store, b);
    }

    private static JsonObject Json(IZarrStore store, string key) => (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(store.Get(key)!))!;

    [Fact]
    public void V2ZmetadataListsEveryDocumentAndGoesStaleWhenANodeIsAdded()
    {
        var store = new MemoryStore();
        BuildTree(store, 2);
        Assert.False(ConsolidatedMetadata.IsPresent(store));
        ConsolidatedMetadata.Write(store);

        var document = Json(store, ".zmetadata");
        Assert.Equal(1, document["zarr_consolidated_format"]!.GetValue<int>());
        var keys = document["metadata"]!.AsObject().Select(kv => kv.Key).ToList();
        Assert.Equal(new[] { ".zattrs", ".zgroup", "g/.zgroup", "g/a/.zarray", "g/b/.zattrs", "g/b/.zgroup" }, keys.Order(StringComparer.Ordinal));
        Assert.Equal("tree", document["metadata"]![".zattrs"]!["title"]!.GetValue<string>());
        Assert.True(ConsolidatedMetadata.IsFresh(store));

        var listing = ConsolidatedTree.Walk(store);
        Assert.True(listing.FromConsolidated);
        Assert.Equal(new[] { "g", "g/a", "g/b" }, listing.Descendants.Select(n => n.Path));
        Assert.Equal(1, listing.Descendants[2].Attributes["k"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(0, 10), (int[])new ZarrArray(store, (ArrayMetadata)listing.Descendants[1]).Read());

        // SciTeX's bug: a later save added 'c' and loads never saw it. Here the listing check notices ...
        NodeStore.Write(store, Array1D("c", 2, 3));
        Assert.False(ConsolidatedMetadata.IsFresh(store));
        var fallback = ConsolidatedTree.Walk(store);
        Assert.False(fallback.FromConsolidated);
        Assert.Equal(new[] { "c", "g", "g/a", "g/b" }, fallback.Descendants.Select(n => n.Path).Order(StringComparer.Ordinal));
        // ... and the refresh every save ends with brings it back.
        Assert.True(ConsolidatedMetadata.RefreshIfPresent(store));
        Assert.True(ConsolidatedMetadata.IsFresh(store));
        Assert.Contains("c/.zarray", Json(store, ".zmetadata")["metadata"]!.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public void V3InlineEntriesAreFlattenedSortedAndSurviveARootRewrite()
    {
        var store = new MemoryStore();
        BuildTree(store, 3);
        ConsolidatedMetadata.Write(store);

        var consolidated = Json(store, "zarr.json")["consolidated_metadata"]!.AsObject();
        Assert.Equal("inline", consolidated["kind"]!.GetValue<string>());
        Assert.False(consolidated["must_understand"]!.GetValue<bool>());
        Assert.Equal(new[] { "g", "g/a", "g/b" }, consolidated["metadata"]!.AsObject().Select(kv => kv.Key));
        Assert.Equal("array", consolidated["metadata"]!["g/a"]!["node_type"]!.GetValue<string>());

        var root = (GroupMetadata)NodeStore.Read(store, "");
        Assert.Equal(new[] { "g", "g/a", "g/b" }, root.Consolidated!.Keys.Order(StringComparer.Ordinal));
        root.Attributes["title"] = "renamed";
        NodeStore.Write(store, root);
        Assert.True(ConsolidatedMetadata.IsPresent(store));
        Assert.True(ConsolidatedTree.Walk(store).FromConsolidated);

        NodeStore.Delete(store, "g/b");
        Assert.False(ConsolidatedMetadata.IsFresh(store));
        Assert.Equal(new[] { "g", "g/a" }, ConsolidatedTree.Walk(store).Descendants.Select(n => n.Path));
        ConsolidatedMetadata.RefreshIfPresent(store);
        var walked = ConsolidatedTree.Walk(store);
        Assert.True(walked.FromConsolidated);
        Assert.Equal(new[] { "g", "g/a" }, walked.Descendants.Select(n => n.Path));
        Assert.Equal("renamed", walked.Root.Attributes["title"]!.GetValue<string>());
    }

    [Fact]
    public void StoresWithoutConsolidationAreLeftAlone()
    {
        var store = new MemoryStore();
        BuildTree(store, 3);
        var before = store.Get("zarr.json");
        Assert.False(ConsolidatedMetadata.RefreshIfPresent(store));
        Assert.False(ConsolidatedMetadata.IsFresh(store));
        Assert.Null(ConsolidatedMetadata.TryRead(store));
        Assert.Equal(before, store.Get("zarr.json"));
        Assert.Equal(3, ConsolidatedTree.Walk(store).Descendants.Count);
    }
}
