using System.Text;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.Engine.Stores.Staging;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.Stores.Azure;
using SciTex.Zarr.Stores.S3;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>The S3 and Azure stores against moto_server and Azurite on 127.0.0.1: the store contract, conditional writes that really conflict, retries, locks and the write protocol.</summary>
[Collection("remote")]
public class RemoteStoreTests
{
    public static TheoryData<string> Kinds => new() { "s3", "az" };

    /// <summary>A store at &lt;kind&gt;://&lt;new bucket&gt;/&lt;prefix&gt;, optionally through another endpoint (a proxy in front of the emulator).</summary>
    internal static ObjectStore Open(string kind, string? container = null, string prefix = "data/x.zarr", bool readOnly = false, string? endpoint = null)
    {
        if (kind == "s3")
        {
            container ??= RemoteServers.NewBucket();
            return S3Store.Open(StoreUrl.Parse($"s3://{container}/{prefix}"), new Dictionary<string, string?> { ["Endpoint"] = endpoint ?? RemoteServers.S3Endpoint }, readOnly);
        }
        container ??= RemoteServers.NewContainer();
        var connection = endpoint is null ? RemoteServers.AzuriteConnectionString : RemoteServers.AzuriteConnectionString.Replace(RemoteServers.AzuriteEndpoint, endpoint + "/" + RemoteServers.AzuriteAccount);
        return AzureBlobStore.Open(StoreUrl.Parse($"az://{container}/{prefix}"), new Dictionary<string, string?> { ["ConnectionString"] = connection }, readOnly);
    }

    internal static string ContainerOf(ObjectStore store) => new Uri(store.Name).Host;

    internal static void Save(IZarrStore store, string group, System.Collections.IDictionary items, SaveOptions options) =>
        ValueWriter.Execute(ValueWriter.Plan(store, group, items, options));

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void ContractRoundTrip(string kind)
    {
        using var store = Open(kind);
        Assert.Null(store.Get("a/zarr.json"));
        store.Set("a/c/0", B("0123456789"));
        store.Set("a/c/1", B("abc"));
        store.Set("b/zarr.json", B("{}"));
        Assert.Equal("0123456789", Encoding.UTF8.GetString(store.Get("a/c/0")!));
        Assert.Equal("456", Encoding.UTF8.GetString(store.GetRange("a/c/0", 4, 3)!));
        Assert.Equal("789", Encoding.UTF8.GetString(store.GetRange("a/c/0", -3, 3)!)); // suffix (Azure: size first)
        Assert.Equal(10, store.GetSize("a/c/0"));
        Assert.True(store.Exists("a/c/1"));
        Assert.False(store.Exists("a/c/2"));
        Assert.Null(store.GetRange("a/c/2", 0, 1));
        Assert.Equal(["a/c/0", "a/c/1", "b/zarr.json"], store.ListPrefix("").ToArray());
        var (keys, prefixes) = store.ListDir("");
        Assert.Empty(keys);
        Assert.Equal(["a", "b"], prefixes);
        Assert.Equal(["0", "1"], store.ListDir("a/c").Keys);
        store.DeletePrefix("a");
        Assert.Equal(["b/zarr.json"], store.ListPrefix("").ToArray());
        store.Delete("b/zarr.json");
        store.Delete("b/zarr.json"); // deleting a missing key is no error
        Assert.Empty(store.ListPrefix(""));
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void ConditionalWritesReallyConflict(string kind)
    {
        using var store = Open(kind);
        var first = store.SetConditional("k.json", B("1"), WriteCondition.Absent);
        Assert.NotNull(first);
        var again = Assert.Throws<ZarrException>(() => store.SetConditional("k.json", B("2"), WriteCondition.Absent));
        Assert.Equal(ZarrErrorKind.Conflict, again.Kind);
        var second = store.SetConditional("k.json", B("3"), WriteCondition.Matches(first!));
        Assert.NotEqual(first, second);
        var stale = Assert.Throws<ZarrException>(() => store.SetConditional("k.json", B("4"), WriteCondition.Matches(first!)));
        Assert.Equal(ZarrErrorKind.Conflict, stale.Kind);
        Assert.Equal("3", Encoding.UTF8.GetString(store.Get("k.json")!));
        // An identical create-if-absent (two writers creating the same group document) is no conflict.
        Assert.Equal(second, store.SetConditional("k.json", B("3"), WriteCondition.Absent));
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void RacingCreatorsHaveExactlyOneWinner(string kind)
    {
        using var store = Open(kind);
        var wins = 0;
        var conflicts = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            try { store.SetConditional("race/zarr.json", B($"writer {i}"), WriteCondition.Absent); Interlocked.Increment(ref wins); }
            catch (ZarrException e) when (e.Kind == ZarrErrorKind.Conflict) { Interlocked.Increment(ref conflicts); }
        });
        Assert.Equal(1, wins);
        Assert.Equal(7, conflicts);
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void MetadataUpdatesNeverLoseAnotherWritersChange(string kind)
    {
        using var setup = Open(kind);
        var container = ContainerOf(setup);
        Save(setup, "", new Dictionary<string, object?> { ["v"] = new[] { 1, 2, 3 } }, new SaveOptions());
        using var a = Open(kind, container);
        using var b = Open(kind, container);
        var nodeA = NodeStore.Read(a, "v");
        var nodeB = NodeStore.Read(b, "v");
        nodeA.Attributes["who"] = "a";
        NodeStore.Write(a, nodeA);
        nodeB.Attributes["who"] = "b";
        var lost = Assert.Throws<ZarrException>(() => NodeStore.Write(b, nodeB));
        Assert.Equal(ZarrErrorKind.Conflict, lost.Kind);
        using var check = Open(kind, container, readOnly: true);
        Assert.Equal("a", NodeStore.Read(check, "v").Attributes["who"]!.GetValue<string>());
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void ArraysRoundTripThroughTheAsyncPipeline(string kind)
    {
        using var store = Open(kind);
        var data = Enumerable.Range(0, 10_000).Select(i => i * 0.5).ToArray();
        var sparse = new int[1000];
        sparse[999] = 7;
        Save(store, "", new Dictionary<string, object?> { ["g"] = new Dictionary<string, object?> { ["d"] = data, ["s"] = sparse } },
            new SaveOptions { ChunkShape = [100], Consolidate = true });
        Assert.Equal(100, store.ListPrefix("g/d").Count(k => !k.EndsWith("zarr.json")));
        Assert.Single(store.ListPrefix("g/s"), k => !k.EndsWith("zarr.json")); // all-fill chunks are not stored
        Assert.Equal(data, (double[])ZarrArray.Open(store, "g/d").Read());
        Assert.Equal(sparse, (int[])ZarrArray.Open(store, "g/s").Read());
        // A partial overwrite reads, modifies and writes only the chunks it touches.
        var array = ZarrArray.Open(store, "g/d");
        array.Write(new[] { -1.0, -2.0 }, new SciTex.Zarr.Engine.Chunking.Selection([SciTex.Zarr.Engine.Chunking.AxisSelection.Slice(99, 101)]));
        var back = (double[])ZarrArray.Open(store, "g/d").Read();
        Assert.Equal([49.0, -1.0, -2.0, 50.5], back[98..102]);
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void ReplacementShowsOldThenNewNeverAMix(string kind)
    {
        using var store = Open(kind);
        Save(store, "", new Dictionary<string, object?> { ["a"] = Enumerable.Repeat(1, 400).ToArray() }, new SaveOptions { ChunkShape = [10] });
        var container = ContainerOf(store);
        using var reader = Open(kind, container, readOnly: true);
        var seen = new List<string>();
        var stop = false;
        var readerTask = Task.Run(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    var values = ConsistentRead.Node(reader, "a", n => (int[])new ZarrArray(reader, (SciTex.Zarr.Engine.Metadata.ArrayMetadata)n).Read());
                    lock (seen) seen.Add(values.Distinct().Count() == 1 && values.Length == 400 ? $"all {values[0]}" : "MIX");
                }
                catch (ZarrException e) when (e.Kind == ZarrErrorKind.KeyNotFound) { lock (seen) seen.Add("absent"); }
            }
        });
        Thread.Sleep(200);
        Save(store, "", new Dictionary<string, object?> { ["a"] = Enumerable.Repeat(2, 400).ToArray() }, new SaveOptions { ChunkShape = [10], Force = true });
        Thread.Sleep(300);
        Volatile.Write(ref stop, true);
        readerTask.GetAwaiter().GetResult();
        Assert.DoesNotContain("MIX", seen);
        Assert.Contains("all 1", seen);
        Assert.Equal("all 2", seen[^1]);
        Assert.Equal(Enumerable.Repeat(2, 400), (int[])ZarrArray.Open(store, "a").Read());
        Assert.Empty(store.ListPrefixAsync(".zarr-txn", includeHidden: true).ToBlockingEnumerable()); // the lock is gone
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void AWriterWaitsForAnotherWritersLockThenConflicts(string kind)
    {
        using var store = Open(kind);
        var container = ContainerOf(store);
        using var held = store.BeginNodeWrite("n");
        using var other = Open(kind, container);
        var options = new ObjectStoreOptions { LockWait = TimeSpan.FromSeconds(1) };
        var impatient = kind == "s3"
            ? (ObjectStore)new S3Store(RemoteServers.S3Client(), container, "data/x.zarr", "s3://" + container + "/data/x.zarr", false, options)
            : new AzureBlobStore(new Azure.Storage.Blobs.BlobContainerClient(RemoteServers.AzuriteConnectionString, container), "data/x.zarr", "az://" + container, false, options);
        using (impatient)
        {
            var e = Assert.Throws<ZarrException>(() => impatient.BeginNodeWrite("n"));
            Assert.Equal(ZarrErrorKind.Conflict, e.Kind);
            Assert.Contains("Another writer", e.Message);
            var nested = Assert.Throws<ZarrException>(() => impatient.BeginNodeWrite("n/inner")); // a node inside a locked one
            Assert.Equal(ZarrErrorKind.Conflict, nested.Kind);
        }
        held.Commit();
        using var next = other.BeginNodeWrite("n"); // released: free again
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void AnExpiredLockIsTakenOver(string kind)
    {
        using var store = Open(kind);
        var container = ContainerOf(store);
        var shortLease = new ObjectStoreOptions { LockLease = TimeSpan.FromMilliseconds(1) };
        var crashed = kind == "s3"
            ? (ObjectStore)new S3Store(RemoteServers.S3Client(), container, "data/x.zarr", "s3", false, shortLease)
            : new AzureBlobStore(new Azure.Storage.Blobs.BlobContainerClient(RemoteServers.AzuriteConnectionString, container), "data/x.zarr", "az", false, shortLease);
        _ = crashed.BeginNodeWrite("n"); // never committed nor disposed: a crashed writer's lock stays behind
        Thread.Sleep(20);
        using var next = store.BeginNodeWrite("n");
        next.Store.Set("n/zarr.json", B("""{"zarr_format":3,"node_type":"group","attributes":{}}"""));
        next.Commit();
        Assert.NotNull(NodeStore.TryRead(store, "n"));
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void AWriterThatStagesForLongerThanItsLeaseKeepsItsLock(string kind)
    {
        using var store = Open(kind);
        var container = ContainerOf(store);
        ObjectStore WithOptions(ObjectStoreOptions options) => kind == "s3"
            ? new S3Store(RemoteServers.S3Client(), container, "data/x.zarr", "s3", false, options)
            : new AzureBlobStore(new Azure.Storage.Blobs.BlobContainerClient(RemoteServers.AzuriteConnectionString, container), "data/x.zarr", "az", false, options);
        using var slow = WithOptions(new ObjectStoreOptions { LockLease = TimeSpan.FromSeconds(1) });
        using var other = WithOptions(new ObjectStoreOptions { LockWait = TimeSpan.FromSeconds(0.5) });
        using var write = slow.BeginNodeWrite("n");
        write.Store.Set("n/zarr.json", B("""{"zarr_format":3,"node_type":"group","attributes":{"by":"slow"}}"""));
        Thread.Sleep(3000); // three leases: only the heartbeat keeps the lock
        var e = Assert.Throws<ZarrException>(() => other.BeginNodeWrite("n"));
        Assert.Equal(ZarrErrorKind.Conflict, e.Kind);
        write.Commit();
        Assert.Equal("slow", NodeStore.TryRead(store, "n")!.Attributes["by"]!.GetValue<string>());
        using var next = other.BeginNodeWrite("n"); // released at the commit: free again, and no heartbeat keeps it
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void ThrottlingIsRetriedWithBackoff(string kind)
    {
        var target = kind == "s3" ? RemoteServers.S3Endpoint : RemoteServers.AzuriteEndpoint[..RemoteServers.AzuriteEndpoint.LastIndexOf('/')];
        using var proxy = new LatencyProxy(target, TimeSpan.Zero);
        using var direct = Open(kind);
        direct.Set("k", B("value"));
        using var store = Open(kind, ContainerOf(direct), endpoint: proxy.Url);
        proxy.FailNext(3);
        Assert.Equal("value", Encoding.UTF8.GetString(store.Get("k")!));
        Assert.True(store.Retries >= 3, $"{store.Retries} retries");
        proxy.FailNext(100);
        var e = Assert.Throws<ZarrException>(() => store.Get("k"));
        Assert.Equal(ZarrErrorKind.StoreUnavailable, e.Kind);
        Assert.Contains("after 6 attempts", e.Message);
    }

    [SkippableTheory]
    [InlineData("range")]
    [InlineData("python")]
    public void HttpStoreReadsRangesWhetherOrNotTheServerHonoursThem(string server)
    {
        var (root, url) = server == "range" ? RemoteServers.RangeHttpServer : RemoteServers.HttpServer;
        var name = "r" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Path.Combine(root, name, "a b"));
        File.WriteAllText(Path.Combine(root, name, "a b", "k"), "0123456789");
        using var store = new HttpStore(new Uri($"{url}/{name}"));
        Assert.Equal("456", Encoding.UTF8.GetString(store.GetRange("a b/k", 4, 3)!));
        Assert.Equal("789", Encoding.UTF8.GetString(store.GetRange("a b/k", -3, 3)!));
        Assert.Equal("0123456789", Encoding.UTF8.GetString(store.Get("a b/k")!));
        Assert.Equal(10, store.GetSize("a b/k"));
        Assert.NotNull(store.GetVersion("a b/k"));
        Assert.Null(store.Get("a b/missing"));
        Assert.False(store.Exists("missing"));
        Assert.Equal(ZarrErrorKind.NotSupported, Assert.Throws<ZarrException>(() => store.ListDir("")).Kind);
        Assert.Equal(ZarrErrorKind.NotSupported, Assert.Throws<ZarrException>(() => store.Set("x", B("1"))).Kind);
        Assert.False(store.Capabilities.HasFlag(StoreCapabilities.Listing));
    }

    [SkippableFact]
    public void ShardedArraysReadPartiallyOverRanges()
    {
        var (root, url) = RemoteServers.RangeHttpServer;
        var name = "sh" + Guid.NewGuid().ToString("N")[..8];
        var data = Enumerable.Range(0, 4096).ToArray();
        using (var local = new DirectoryStore(Path.Combine(root, name)))
            Save(local, "", new Dictionary<string, object?> { ["s"] = data }, new SaveOptions { ChunkShape = [64], ShardShape = [1024] });
        using var store = new HttpStore(new Uri($"{url}/{name}"));
        var array = ZarrArray.Open(store, "s");
        Assert.Equal(data, (int[])array.Read());
        var part = (int[])array.Read(new SciTex.Zarr.Engine.Chunking.Selection([SciTex.Zarr.Engine.Chunking.AxisSelection.Slice(1000, 1100)]));
        Assert.Equal(data[1000..1100], part);
    }

    [SkippableFact]
    public void ErrorsNeverShowTheConnectionStringOrKeys()
    {
        var url = StoreUrl.Parse("https://user:pw@example.org/data/x.zarr?sv=2024&sig=SECRETSIG");
        Assert.DoesNotContain("SECRET", url.DisplayName);
        Assert.DoesNotContain("pw", url.DisplayName);
        Assert.Equal("failed sig=***", ObjectStore.Clean("failed sig=SECRETSIG"));
        Assert.DoesNotContain(RemoteServers.AzuriteKey, ObjectStore.Clean("x AccountKey=" + RemoteServers.AzuriteKey + ";"));
        var e = Assert.Throws<ZarrException>(() => AzureBlobStore.Open(StoreUrl.Parse("az://c/x"), new Dictionary<string, string?> { ["ConnectionString"] = "AccountKey=TOPSECRET;garbage" }, false));
        Assert.DoesNotContain("TOPSECRET", e.ToString().Split("--- End of inner")[0]);
    }
}
