using System.Collections.Concurrent;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Tests.Regions;

/// <summary>The engine under the region cmdlets: which chunks are read and written, appends and resizes, concurrency.</summary>
[Collection(SciTex.Zarr.CrashSafety.CrashSafetyCollection.Name)] // sets the process-wide WriteProtocol.StepReached hook
public sealed class RegionEngineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("scitex-regions-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    /// <summary>A memory store that counts reads and writes per key.</summary>
    private sealed class CountingStore : IZarrStore
    {
        private readonly MemoryStore _inner = new();
        public ConcurrentDictionary<string, int> Reads { get; } = new();
        public ConcurrentDictionary<string, int> Writes { get; } = new();
        public void ResetCounts() { Reads.Clear(); Writes.Clear(); }
        public string Name => "counting";
        public bool IsReadOnly => false;
        public byte[]? Get(string key) { Reads.AddOrUpdate(key, 1, (_, n) => n + 1); return _inner.Get(key); }
        public byte[]? GetRange(string key, long offset, int length) { Reads.AddOrUpdate(key, 1, (_, n) => n + 1); return _inner.GetRange(key, offset, length); }
        public long? GetSize(string key) => _inner.GetSize(key);
        public bool Exists(string key) => _inner.Exists(key);
        public void Set(string key, ReadOnlySpan<byte> value) { Writes.AddOrUpdate(key, 1, (_, n) => n + 1); _inner.Set(key, value); }
        public void Delete(string key) => _inner.Delete(key);
        public void DeletePrefix(string prefix) => _inner.DeletePrefix(prefix);
        public IEnumerable<string> ListPrefix(string prefix) => _inner.ListPrefix(prefix);
        public (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix) => _inner.ListDir(prefix);
        public void Flush() { }
        public void Dispose() { }
    }

    private static ArrayDefinition Doubles(params long[] shape) => new() { Shape = shape, DataType = ZarrDataType.Float64 };

    private static ZarrArray Create(IZarrStore store, string path, ArrayDefinition definition)
    {
        var metadata = ArrayCreator.Plan(store, path, definition, force: false, out var replaces);
        ArrayCreator.Create(store, metadata, replaces);
        return ZarrArray.Open(store, path);
    }

    [Fact]
    public void OnlyTouchedChunksAreWrittenAndWholeChunksAreNotRead()
    {
        var store = new CountingStore();
        var definition = new ArrayDefinition { Shape = [12, 12], DataType = ZarrDataType.Float64, ChunkShape = [4, 4] };
        Create(store, "a", definition);
        RegionWriter.WriteRegion(store, "a", m => (Selection.Parse(":, :", 2), 1.0)); // every chunk exists now
        store.ResetCounts();
        // Rows 0:8 × cols 2:6 — chunks (0,0),(0,1),(1,0),(1,1), each partly covered: read-modify-write.
        RegionWriter.WriteRegion(store, "a", m => (Selection.Parse("0:8, 2:6", 2), 2.0));
        Assert.Equal(["a/c/0/0", "a/c/0/1", "a/c/1/0", "a/c/1/1"], store.Writes.Keys.Order());
        Assert.Equal(["a/c/0/0", "a/c/0/1", "a/c/1/0", "a/c/1/1", "a/zarr.json"], store.Reads.Keys.Order());
        store.ResetCounts();
        // Rows 4:8 × cols 4:12 covers chunks (1,1) and (1,2) whole: written without reading them.
        RegionWriter.WriteRegion(store, "a", m => (Selection.Parse("4:8, 4:12", 2), 3.0));
        Assert.Equal(["a/c/1/1", "a/c/1/2"], store.Writes.Keys.Order());
        Assert.Equal(["a/zarr.json"], store.Reads.Keys.ToArray());
        var all = (double[,])ZarrArray.Open(store, "a").Read();
        Assert.Equal(2.0, all[0, 2]);
        Assert.Equal(1.0, all[0, 6]);
        Assert.Equal(3.0, all[5, 11]);
        Assert.Equal(2.0, all[4, 3]);
    }

    [Fact]
    public void ABroadcastOverAHugeRegionStaysInBlocks()
    {
        var store = new CountingStore();
        Create(store, "b", new ArrayDefinition { Shape = [3000, 3000], DataType = ZarrDataType.Float64, ChunkShape = [1000, 1000], Compressor = SciTex.Zarr.Engine.Values.CompressorSpec.Parse("zstd") });
        var before = GC.GetAllocatedBytesForCurrentThread();
        RegionWriter.WriteRegion(store, "b", m => (Selection.All(2), 4.0));
        Assert.Equal(9, store.Writes.Keys.Count(k => k.Contains("/c/")));
        var corner = (double[,])ZarrArray.Open(store, "b").Read(Selection.Parse("2998:3000, 0:2", 2));
        Assert.All(corner.Cast<double>(), v => Assert.Equal(4.0, v));
        Assert.True(RegionWriter.BroadcastBlockElements < 3000L * 3000);
    }

    [Fact]
    public void AppendWritesChunksBeforeTheShapeAndKeepsOldValues()
    {
        var store = new DirectoryStore(Path.Combine(_root, "s.zarr"));
        Create(store, "log", new ArrayDefinition { Shape = [5, 2], DataType = ZarrDataType.Int32, ChunkShape = [4, 2] });
        RegionWriter.WriteRegion(store, "log", m => (Selection.All(2), new[,] { { 1, 1 }, { 2, 2 }, { 3, 3 }, { 4, 4 }, { 5, 5 } }));
        var steps = new List<string>();
        WriteProtocol.StepReached = (step, node) =>
        {
            // Chunks are written by parallel workers: the hook runs on several threads at once.
            if (node == "log") lock (steps) steps.Add($"{step}:{ZarrArray.Open(new DirectoryStore(Path.Combine(_root, "s.zarr"), readOnly: true), "log").Shape[0]}");
        };
        try
        {
            Assert.Equal(new long[] { 9, 2 }, ArrayGrowth.Append(store, "log", new[,] { { 6, 6 }, { 7, 7 }, { 8, 8 }, { 9, 9 } }));
        }
        finally { WriteProtocol.StepReached = null; }
        // Both chunks were written while readers still saw the old shape.
        Assert.Equal(["chunk-written:5", "chunk-written:5"], steps);
        var all = (int[,])ZarrArray.Open(store, "log").Read();
        for (var i = 0; i < 9; i++) Assert.Equal(i + 1, all[i, 1]);
        Assert.Equal(new long[] { 10, 2 }, ArrayGrowth.Append(store, "log", new[] { 10, 10 })); // a row
        Assert.Equal(new long[] { 10, 3 }, ArrayGrowth.Append(store, "log", Enumerable.Range(0, 10).Select(i => new object[] { -i }).ToArray(), axis: 1));
        var grown = (int[,])ZarrArray.Open(store, "log").Read();
        Assert.Equal(-9, grown[9, 2]);
        Assert.Equal(10, grown[9, 1]);
        var e = Assert.Throws<ZarrException>(() => ArrayGrowth.Append(store, "log", new int[2, 2]));
        Assert.Equal(ZarrErrorKind.InvalidSelection, e.Kind);
        Assert.Equal(new long[] { 10, 3 }, ZarrArray.Open(store, "log").Shape);
    }

    [Fact]
    public void ResizeShrinksMetadataFirstThenDeletesChunksAndGrowsWithFill()
    {
        var path = Path.Combine(_root, "r.zarr");
        var store = new DirectoryStore(path);
        Create(store, "x", new ArrayDefinition { Shape = [10], DataType = ZarrDataType.Float64, ChunkShape = [4], FillValue = -1.0 });
        RegionWriter.WriteRegion(store, "x", m => (Selection.All(1), Enumerable.Range(0, 10).Select(i => (double)i).ToArray()));
        var steps = new List<long>();
        WriteProtocol.StepReached = (step, node) => { lock (steps) steps.Add(ZarrArray.Open(new DirectoryStore(path, readOnly: true), "x").Shape[0]); };
        int deleted;
        try { deleted = ArrayGrowth.Resize(store, "x", [3]); }
        finally { WriteProtocol.StepReached = null; }
        Assert.Equal(2, deleted);
        Assert.Equal([3L, 3L], steps); // every deletion happened after readers saw the smaller shape
        Assert.False(File.Exists(Path.Combine(path, "x", "c", "1")));
        Assert.False(File.Exists(Path.Combine(path, "x", "c", "2")));
        // Growing again shows the fill value, not the values that were cut off (3 sat in the kept chunk 0).
        ArrayGrowth.Resize(store, "x", [8]);
        Assert.Equal(new double[] { 0, 1, 2, -1, -1, -1, -1, -1 }, (double[])ZarrArray.Open(store, "x").Read());
        var (old, outside) = ArrayGrowth.PlanResize(store, "x", [1]);
        Assert.Equal(new long[] { 8 }, old);
        Assert.Empty(outside); // chunk 0 stays, nothing else is stored
        Assert.Equal(ZarrErrorKind.InvalidArgument, Assert.Throws<ZarrException>(() => ArrayGrowth.Resize(store, "x", [2, 2])).Kind);
    }

    [Fact]
    public void FourConcurrentAppendersLoseNothing()
    {
        var path = Path.Combine(_root, "c.zarr");
        using (var store = new DirectoryStore(path))
            Create(store, "t", new ArrayDefinition { Shape = [0, 3], DataType = ZarrDataType.Int64, ChunkShape = [3, 3] });
        const int perWriter = 25;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            // Each writer opens the store itself, as a separate process would.
            using var store = new DirectoryStore(path);
            for (var i = 0; i < perWriter; i++)
            {
                var value = w * 1000L + i;
                ArrayGrowth.Append(store, "t", new[,] { { value, value, value }, { value, value, value } });
            }
        })).ToArray();
        Task.WaitAll(writers, TimeSpan.FromMinutes(3));
        var all = (long[,])ZarrArray.Open(new DirectoryStore(path, readOnly: true), "t").Read();
        Assert.Equal(4 * perWriter * 2, all.GetLength(0));
        var seen = new List<long>();
        for (var i = 0; i < all.GetLength(0); i += 2)
        {
            // Every appended block landed whole: two identical rows, three identical columns.
            for (var r = i; r < i + 2; r++)
                for (var j = 0; j < 3; j++) Assert.Equal(all[i, 0], all[r, j]);
            seen.Add(all[i, 0]);
        }
        var expected = Enumerable.Range(0, 4).SelectMany(w => Enumerable.Range(0, perWriter).Select(i => w * 1000L + i)).Order();
        Assert.Equal(expected, seen.Order());
        // Each writer's own appends stay in its order.
        for (var w = 0; w < 4; w++)
        {
            var mine = seen.Where(v => v / 1000 == w).ToList();
            Assert.Equal(mine.Order(), mine);
        }
    }

    [Fact]
    public void ChunkKeysParseBack()
    {
        Assert.True(ChunkKeys.TryParse(ChunkKeyEncoding.DefaultSlash, "c/1/22", 2, out var a));
        Assert.Equal(new long[] { 1, 22 }, a);
        Assert.True(ChunkKeys.TryParse(ChunkKeyEncoding.V2Dot, "3.4", 2, out var b));
        Assert.Equal(new long[] { 3, 4 }, b);
        Assert.False(ChunkKeys.TryParse(ChunkKeyEncoding.DefaultSlash, "zarr.json", 2, out _));
        Assert.False(ChunkKeys.TryParse(ChunkKeyEncoding.V2Dot, ".zarray", 2, out _));
        Assert.False(ChunkKeys.TryParse(ChunkKeyEncoding.V2Dot, "1.-2", 2, out _));
    }
}
