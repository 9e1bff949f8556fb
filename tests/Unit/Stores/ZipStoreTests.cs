using System.IO.Compression;
using System.Text;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Sharding;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Stores;

public sealed class ZipStoreTests : IDisposable
{
    private readonly string _dir = InteropPeers.TempDir();
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ArrayMetadata Ints(string path, long[] shape, int[] chunks, IArrayToBytesCodec? serializer = null) => new(
        path, 3, shape, chunks, ZarrDataType.Int32, FillValue.Default(ZarrDataType.Int32), ChunkKeyEncoding.DefaultSlash,
        new CodecChain([], serializer ?? new BytesCodec(false), serializer is null ? [new ZstdCodec(3)] : []));

    [Fact]
    public void ArraysRoundTripThroughAStoredArchive()
    {
        var path = Path.Combine(_dir, "data.zarr.zip");
        var values = Enumerable.Range(0, 30).ToArray();
        using (var store = StoreFactory.OpenOrCreate(path, readOnly: false))
        {
            Assert.IsType<ZipStore>(store);
            NodeStore.EnsureGroup(store, "g", 3);
            var meta = Ints("g/a", [30], [7]);
            NodeStore.Write(store, meta);
            new ZarrArray(store, meta).Write(values);
            Assert.False(File.Exists(path)); // nothing is written before Flush
            store.Flush();
        }
        using (var archive = ZipFile.OpenRead(path))
        {
            Assert.Contains(archive.Entries, e => e.FullName == "g/a/c/4");
            Assert.All(archive.Entries, e => Assert.Equal(e.Length, e.CompressedLength));
            Assert.All(archive.Entries, e => Assert.Equal(0, LocalHeaderMethod(path, e.FullName)));
        }
        using var reader = StoreFactory.OpenOrCreate(path, readOnly: true);
        Assert.Equal(values, (int[])ZarrArray.Open(reader, "g/a").Read());
        Assert.Equal(new[] { "zarr.json" }, reader.ListDir("").Keys);
        Assert.Equal(new[] { "g" }, reader.ListDir("").Prefixes);
        ZarrAssert.Throws(ZarrErrorKind.WriteFailed, () => reader.Set("x", [1]));
    }

    /// <summary>Compression method field of an entry's local header (0 = stored), read from the raw bytes.</summary>
    private static int LocalHeaderMethod(string zip, string name)
    {
        var bytes = File.ReadAllBytes(zip);
        var needle = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 30 < bytes.Length; i++)
        {
            if (bytes[i] != 'P' || bytes[i + 1] != 'K' || bytes[i + 2] != 3 || bytes[i + 3] != 4) continue;
            var nameLength = BitConverter.ToUInt16(bytes, i + 26);
            if (bytes.AsSpan(i + 30, nameLength).SequenceEqual(needle)) return BitConverter.ToUInt16(bytes, i + 8);
        }
        throw new InvalidOperationException($"no local header for {name}");
    }

    [Fact]
    public void DuplicateEntriesResolveToTheLastOne()
    {
        var path = Path.Combine(_dir, "dup.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var text in new[] { "old", "new" })
            {
                using var stream = archive.CreateEntry("k/v", CompressionLevel.NoCompression).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        using var store = new ZipStore(path, readOnly: true);
        Assert.Equal("new", Encoding.UTF8.GetString(store.Get("k/v")!));
        Assert.Equal(new[] { "k/v" }, store.ListPrefix(""));
    }

    [Fact]
    public void ChangesReplaceTheArchiveOnlyAtFlushAndRangesWork()
    {
        var path = Path.Combine(_dir, "edit.zip");
        using (var first = new ZipStore(path))
        {
            first.Set("a/b", Encoding.ASCII.GetBytes("0123456789"));
            first.Set("a/c", [1, 2]);
            first.Set("z", [9]);
            first.Flush();
        }
        var before = File.ReadAllBytes(path);
        using var store = new ZipStore(path);
        store.Set("a/b", Encoding.ASCII.GetBytes("abcdefghij"));
        store.DeletePrefix("a");
        store.Set("a/d", [4]);
        Assert.Equal(before, File.ReadAllBytes(path)); // pending until Flush
        Assert.Null(store.Get("a/b"));
        Assert.Equal(new[] { "a/d", "z" }, store.ListPrefix(""));
        store.Flush();
        Assert.NotEqual(before, File.ReadAllBytes(path));
        // No temporary archive or append journal is left; only the (empty, persistent) writer lock beside the archive.
        Assert.Equal(new[] { Path.GetFileName(path), "." + Path.GetFileName(path) + ".zip-writer.lock" }.Order(StringComparer.Ordinal),
            Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        store.Set("r", Encoding.ASCII.GetBytes("0123456789"));
        store.Flush();
        Assert.Equal("234", Encoding.ASCII.GetString(store.GetRange("r", 2, 3)!));
        Assert.Equal("789", Encoding.ASCII.GetString(store.GetRange("r", -3, 3)!));
        Assert.Null(store.GetRange("missing", 0, 1));
        Assert.Equal(10, store.GetSize("r"));
        ZarrAssert.Throws(ZarrErrorKind.CorruptChunk, () => store.GetRange("r", 8, 3));
        Assert.Equal(new[] { "d" }, store.ListDir("a").Keys);
    }

    [Fact]
    public void ShardedArraysReadPartiallyFromZip()
    {
        var path = Path.Combine(_dir, "sharded.zip");
        var data = Enumerable.Range(0, 64 * 64).ToArray();
        var meta = Ints("s", [4096], [4096], ShardingCodec.Create(ZarrDataType.Int32, [64], new ZstdCodec(1)));
        using (var store = new ZipStore(path))
        {
            NodeStore.Write(store, meta);
            new ZarrArray(store, meta).Write(data);
            store.Flush();
        }
        using var counting = new CountingStore(new ZipStore(path, readOnly: true));
        var slice = (int[])ZarrArray.Open(counting, "s").Read(Selection.Parse("100:110", 1));
        Assert.Equal(data[100..110], slice);
        Assert.Equal(2, counting.Ranges);
        Assert.True(counting.BytesRead < counting.GetSize("s/c/0")! / 4, $"read {counting.BytesRead} bytes");
    }

    [Fact]
    public void FactoryPicksTheStoreByNameAndContent()
    {
        var dirStore = Path.Combine(_dir, "plain.zarr");
        using (var store = StoreFactory.OpenOrCreate(dirStore)) Assert.IsType<DirectoryStore>(store);
        ZarrAssert.Throws(ZarrErrorKind.StoreNotFound, () => StoreFactory.OpenOrCreate(Path.Combine(_dir, "missing.zarr"), readOnly: true));
        ZarrAssert.Throws(ZarrErrorKind.StoreNotFound, () => StoreFactory.OpenOrCreate(Path.Combine(_dir, "missing.ZIP"), readOnly: true));

        // SciTeX's store_type="zip" writes a zip archive named x.zarr.
        var disguised = Path.Combine(_dir, "x.zarr");
        using (var zip = new ZipStore(Path.Combine(_dir, "tmp.zip")))
        {
            zip.Set("zarr.json", Encoding.UTF8.GetBytes("{}"));
            zip.Flush();
        }
        File.Move(Path.Combine(_dir, "tmp.zip"), disguised);
        using var opened = StoreFactory.OpenOrCreate(disguised, readOnly: true);
        Assert.IsType<ZipStore>(opened);
        Assert.Equal("{}", Encoding.UTF8.GetString(opened.Get("zarr.json")!));
    }

    [Fact]
    public void DisposingWithoutFlushDiscardsPendingWrites()
    {
        var path = Path.Combine(_dir, "kept.zip");
        using (var first = new ZipStore(path))
        {
            first.Set("a", [1, 2, 3]);
            first.Flush();
        }
        var before = File.ReadAllBytes(path);
        using (var store = new ZipStore(path))
        {
            store.Delete("a");
            store.Set("b", [4]); // a save that fails before it flushes must not publish half its changes
        }
        Assert.Equal(before, File.ReadAllBytes(path));
        using var reader = new ZipStore(path, readOnly: true);
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.Get("a"));
        Assert.Null(reader.Get("b"));
    }

    [Fact]
    public void LaterSavesAppendInPlaceAndKeepEveryEarlierByte()
    {
        var path = Path.Combine(_dir, "grow.zip");
        using (var store = new ZipStore(path))
        {
            store.Set("zarr.json", Encoding.UTF8.GetBytes("{}"));
            store.Set("a/0", new byte[100_000]);
            store.Flush();
        }
        for (var i = 1; i <= 20; i++)
        {
            var before = File.ReadAllBytes(path);
            using var store = new ZipStore(path);
            store.Set($"n{i}/0", Enumerable.Range(0, 50_000).Select(j => (byte)(i + j)).ToArray());
            if (i % 5 == 0) store.Set("zarr.json", Encoding.UTF8.GetBytes($"{{\"i\":{i}}}")); // a replaced key: appended, the old record dropped
            store.Flush();
            var after = File.ReadAllBytes(path);
            // Appended, not rewritten: every byte of the old archive up to its central directory is still in place.
            var centralStart = before.Length - 22 - BitConverter.ToInt32(before, before.Length - 22 + 12);
            Assert.True(after.AsSpan(0, centralStart).SequenceEqual(before.AsSpan(0, centralStart)), $"save {i} rewrote earlier entries");
            Assert.True(after.Length < before.Length + 60_000, $"save {i} grew the archive by {after.Length - before.Length} bytes for 50 000");
        }
        using var archive = ZipFile.OpenRead(path); // .NET's own reader agrees
        Assert.Equal(22, archive.Entries.Count);
        Assert.Single(archive.Entries, e => e.FullName == "zarr.json");
        using var reader = new ZipStore(path, readOnly: true);
        Assert.Equal("{\"i\":20}", Encoding.UTF8.GetString(reader.Get("zarr.json")!));
        Assert.Equal((byte)(7 + 123), reader.Get("n7/0")![123]);
        Assert.Equal(100_000, reader.Get("a/0")!.Length);
    }

    [Fact]
    public void TwoOpenStoresPublishOnTopOfEachOtherAndAStoreReadsItsOwnPublishedWrites()
    {
        var path = Path.Combine(_dir, "two.zip");
        using (var seed = new ZipStore(path))
        {
            seed.Set("zarr.json", Encoding.UTF8.GetBytes("{}"));
            seed.Set("old/0", [9, 9]);
            seed.Flush();
        }
        using var first = new ZipStore(path);
        using var second = new ZipStore(path);
        first.Set("a/0", [1]);
        first.Flush();                      // appended; `second` still holds the archive as it was when it opened
        second.Set("b/0", [2]);
        second.Delete("old/0");
        second.Flush();                     // must publish on top of first's append, not of what it read at open
        first.Set("c/0", [3]);
        first.Flush();                      // and first on top of second's
        Assert.Equal(new byte[] { 1 }, first.Get("a/0"));   // a store reads what it published itself
        Assert.Equal(new byte[] { 2 }, first.Get("b/0"));   // ... and what was published before its last publish
        Assert.Null(first.Get("old/0"));
        Assert.Equal(["a/0", "b/0", "c/0", "zarr.json"], first.ListPrefix("").Order(StringComparer.Ordinal));
        using var reader = new ZipStore(path, readOnly: true);
        Assert.Equal(["a/0", "b/0", "c/0", "zarr.json"], reader.ListPrefix("").Order(StringComparer.Ordinal));
        Assert.Equal(new byte[] { 3 }, reader.Get("c/0"));
        using var archive = ZipFile.OpenRead(path);
        Assert.Equal(4, archive.Entries.Count);
    }

    [Fact]
    public void AnAppendWhoseWriterDiedIsRolledBackAndReadersSeeTheArchiveAsItWas()
    {
        var path = Path.Combine(_dir, "journal.zip");
        using (var store = new ZipStore(path))
        {
            store.Set("a", [1, 2, 3]);
            store.Flush();
        }
        var good = File.ReadAllBytes(path);
        // What a writer killed mid-append leaves: junk after the old end and its journal naming the old length.
        File.AppendAllText(path, new string('x', 100_000));
        File.WriteAllBytes(Path.Combine(_dir, $".journal.zip.zip-append-{good.Length}"), []);
        using (var reader = new ZipStore(path, readOnly: true))
            Assert.Equal(new byte[] { 1, 2, 3 }, reader.Get("a"));
        Assert.NotEqual(good.Length, new FileInfo(path).Length); // a reader never repairs
        using (var writer = new ZipStore(path)) { }
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(_dir, "*.zip-append-*"));
    }
}
