using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>
/// Get-ZarrTree measures every node's stored bytes from one listing (NodeSizes); the numbers must be exactly those
/// of describing each node on its own (which lists the node's keys), for arrays, nested groups, v2 and v3, and
/// with keys that belong to no node (consolidated metadata at the root, stray files in a group).
/// </summary>
public class TreeSizeTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void OneListingGivesTheSameSizesAsDescribingEachNode(int format)
    {
        using var s = new PsSession();
        s.Ok($$"""
            Save-Zarr "$T/s" -ZarrFormat {{format}} -Consolidate -InputObject @{
                a = [double[]](1..1000); meta = @{ fs = 30000; name = 'x' }
                deep = @{ inner = @{ b = [int32[,]]::new(40, 50); c = 'text' }; d = [byte[]](1..250) }
            }
            Set-Content -LiteralPath "$T/s/deep/stray.txt" -Value 'not a zarr key'
            """);
        var tree = s.Ok("Get-ZarrTree -Path \"$T/s\"").ToList();
        Assert.True(tree.Count >= 8, $"{tree.Count} nodes");
        long Files(string key, bool recurse, Func<string, bool>? which = null) =>
            Directory.EnumerateFiles(key == "/" ? s.P("s") : s.P("s", key), "*", recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Where(f => which is null || which(Path.GetFileName(f))).Sum(f => new FileInfo(f).Length);
        string[] documents = ["zarr.json", ".zgroup", ".zarray", ".zattrs"];
        foreach (var node in tree)
        {
            long Property(string name) => Convert.ToInt64(node.Properties[name].Value);
            var key = (string)node.Properties["Key"].Value;
            var metadata = Files(key, recurse: false, documents.Contains);
            if ((string)node.Properties["NodeType"].Value == "Array")
            {
                Assert.Equal((key, Files(key, recurse: true)), (key, Property("StoredBytes")));
                Assert.Equal((key, Files(key, recurse: true) - metadata), (key, Property("ChunkBytes")));
            }
            else
            {
                Assert.Equal((key, metadata), (key, Property("StoredBytes")));
                Assert.Equal((key, Files(key, recurse: true)), (key, Property("TotalBytes")));
            }
        }
        long Total(string key) => Convert.ToInt64(tree.Single(n => (string)n.Properties["Key"].Value == key).Properties["TotalBytes"].Value);
        Assert.True(Total("deep") > Total("deep/inner") + 250);
    }

    [Fact]
    public void DirectoryListingWithSizesMatchesListingThenAskingEachSize()
    {
        var root = Directory.CreateTempSubdirectory("scitex-sizes-").FullName;
        try
        {
            using var store = new DirectoryStore(root);
            store.Set("g/.zgroup", "{}"u8);
            store.Set("g/a/.zarray", new byte[123]);
            store.Set("g/a/0.0", new byte[4567]);
            store.Set("top", new byte[9]);
            Directory.CreateDirectory(Path.Combine(root, ".zarr-txn", "x"));
            File.WriteAllBytes(Path.Combine(root, ".zarr-txn", "x", "hidden"), new byte[77]);
            IZarrStore generic = store;
            var expected = generic.ListPrefix("").Select(k => (k, generic.GetSize(k) ?? 0)).ToList();
            Assert.Equal(expected, store.ListPrefixSizes("").ToList());
            Assert.Equal([("g/a/.zarray", 123L), ("g/a/0.0", 4567L)], store.ListPrefixSizes("g/a").ToList());
            Assert.Empty(store.ListPrefixSizes("missing"));
        }
        finally { Directory.Delete(root, true); }
    }
}
