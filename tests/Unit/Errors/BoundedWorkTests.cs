using System.Diagnostics;
using System.Text;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values.Pickle;

namespace SciTex.Zarr.Tests.Errors;

/// <summary>Small hostile inputs that took unbounded time: huge pickled integers, deep zip hierarchies.</summary>
public sealed class BoundedWorkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scitex-bounded-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private static byte[] TextInt(int digits, byte op = (byte)'I') => [0x80, 2, op, .. Enumerable.Repeat((byte)'7', digits), (byte)'\n', (byte)'.'];

    [Fact]
    public void PickledIntegersBeyondTheDigitCapAreRefusedQuickly()
    {
        var clock = Stopwatch.StartNew();
        foreach (var op in new[] { (byte)'I', (byte)'L' })
        {
            var e = Assert.Throws<ZarrException>(() => PickleReader.Read(TextInt(5_000_000, op)));
            Assert.Equal(ZarrErrorKind.LimitExceeded, e.Kind);
            Assert.Contains("5000000 digits", e.Message);
        }
        // LONG4: a 2 MB two's-complement integer (about 5 M digits).
        var payload = new byte[2_000_000];
        payload[^1] = 1;
        byte[] long4 = [0x80, 2, 0x8b, .. BitConverter.GetBytes(payload.Length), .. payload, (byte)'.'];
        Assert.Equal(ZarrErrorKind.LimitExceeded, Assert.Throws<ZarrException>(() => PickleReader.Read(long4)).Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
    }

    [Fact]
    public void PickledIntegersUpToTheCapStillRead()
    {
        var value = Assert.IsType<System.Numerics.BigInteger>(PickleReader.Read(TextInt(4300)));
        Assert.Equal(new string('7', 4300), value.ToString());
        byte[] small = [0x80, 2, (byte)'I', .. "-123\n"u8, (byte)'.'];
        Assert.Equal(-123L, PickleReader.Read(small));
    }

    [Fact]
    public void ADeepZipHierarchyIsListedInLinearTime()
    {
        // A chain of 3000 nested groups; before the folder index every listing scanned every entry (Get-ZarrTree: 16 s at
        // depth 2000, > 90 s at 5000; this walk alone took about 35 s at 3000).
        const int depth = 3000;
        var path = Path.Combine(_dir, "deep.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            var key = "";
            for (var i = 0; i <= depth; i++)
            {
                using var stream = archive.CreateEntry(key + "zarr.json").Open();
                stream.Write("""{"zarr_format":3,"node_type":"group","attributes":{}}"""u8);
                key += "g/";
            }
        }
        var clock = Stopwatch.StartNew();
        using var read = new ZipStore(path, readOnly: true);
        var listing = ConsolidatedTree.Walk(read);
        Assert.Equal(depth, listing.Descendants.Count);
        Assert.Equal(depth, listing.Descendants[^1].Path.Split('/').Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"walk took {clock.Elapsed}");
    }

    [Fact]
    public void ZipListingsFollowWritesAndDeletes()
    {
        var path = Path.Combine(_dir, "z.zip");
        using var store = new ZipStore(path);
        store.Set("a/b/c", [1]);
        store.Set("a/d", [2]);
        store.Set("e", [3]);
        Assert.Equal(("d", "b"), Pair(store.ListDir("a")));
        Assert.Equal(["a/b/c", "a/d"], store.ListPrefix("a"));
        store.Delete("a/b/c");
        Assert.Equal(("d", ""), Pair(store.ListDir("a")));
        Assert.Equal(("e", "a"), Pair(store.ListDir("")));
        store.DeletePrefix("a");
        Assert.Equal(("e", ""), Pair(store.ListDir("")));
        store.Set("a/b/c", [4]);
        store.Flush();
        using var again = new ZipStore(path, readOnly: true);
        Assert.Equal(["a/b/c", "e"], again.ListPrefix(""));
        Assert.Equal([4], again.Get("a/b/c"));
    }

    private static (string, string) Pair((IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) listing) =>
        (string.Join(",", listing.Keys), string.Join(",", listing.Prefixes));
}
