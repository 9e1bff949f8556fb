using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Stores;

/// <summary>Consolidated v2 stores against Debian's zarr 2.13, both directions, directory and zip.</summary>
public sealed class ConsolidatedInteropTests : IDisposable
{
    private readonly string _dir = InteropPeers.TempDir();
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WeReadConsolidatedStoresZarr213Wrote()
    {
        var path = Path.Combine(_dir, "py.zarr");
        InteropPeers.RunPython("consolidated_write.py", path);
        using var store = StoreFactory.OpenOrCreate(path, readOnly: true);
        Assert.True(ConsolidatedMetadata.IsFresh(store));
        var listing = ConsolidatedTree.Walk(store);
        Assert.True(listing.FromConsolidated);
        Assert.Equal("zarr-2.13", listing.Root.Attributes["origin"]!.GetValue<string>());
        Assert.Equal(new[] { "a", "a/x", "b", "b/y" }, listing.Descendants.Select(n => n.Path));
        var x = (int[,])new ZarrArray(store, (ArrayMetadata)listing.Descendants[1]).Read();
        Assert.Equal(new[,] { { 0, 1, 2, 3 }, { 4, 5, 6, 7 }, { 8, 9, 10, 11 } }, x);
        Assert.Equal(new[] { 0.5, -1.0, 2.25 }, (double[])new ZarrArray(store, (ArrayMetadata)listing.Descendants[3]).Read());
        Assert.Equal(new JsonArray(1, 2).ToJsonString(), listing.Descendants[2].Attributes["k"]!.ToJsonString());
    }

    [Theory]
    [InlineData("ours.zarr")]
    [InlineData("ours.zarr.zip")]
    public void Zarr213OpensConsolidatedStoresWeWrote(string name)
    {
        var path = Path.Combine(_dir, name);
        using (var store = StoreFactory.OpenOrCreate(path))
        {
            ConsolidatedMetadataTests.BuildTree(store, 2);
            ConsolidatedMetadata.Write(store);
            // A later save adds a node: the refresh keeps .zmetadata complete (SciTeX's loads lost such nodes).
            var late = ConsolidatedMetadataTests.Array1D("late", 2, 3);
            NodeStore.Write(store, late);
            new ZarrArray(store, late).Write(new[] { 7, 8, 9 });
            ConsolidatedMetadata.RefreshIfPresent(store);
            store.Flush();
        }
        var seen = InteropPeers.RunPython("consolidated_read.py", path)!.Value;
        Assert.Equal("tree", seen.GetProperty("attrs").GetProperty("title").GetString());
        Assert.Equal(new[] { "g", "g/b" }, seen.GetProperty("groups").EnumerateArray().Select(e => e.GetString()).Order());
        var arrays = seen.GetProperty("arrays");
        Assert.Equal(Enumerable.Range(0, 10), arrays.GetProperty("g/a").GetProperty("values").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(new[] { 7, 8, 9 }, arrays.GetProperty("late").GetProperty("values").EnumerateArray().Select(e => e.GetInt32()));
    }
}
