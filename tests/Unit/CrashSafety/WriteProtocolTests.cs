using System.Collections.Specialized;
using System.Diagnostics;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.Tests.Stores;
using Xunit.Abstractions;

namespace SciTex.Zarr.CrashSafety;

/// <summary>The write protocol seen from inside one process: readers racing re-saves, a full disk, links, failed saves.</summary>
[Collection(CrashSafetyCollection.Name)]
public sealed class WriteProtocolTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zarr-protocol-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private static void Save(IZarrStore store, int generation, int format = 3) =>
        ValueWriter.Execute(ValueWriter.Plan(store, "", Generations.Value(generation),
            new SaveOptions { ZarrFormat = format, Force = true, ChunkShapes = Generations.ChunkShapes }));

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void ReadersDuringForcedResavesSeeWholeGenerations(int format)
    {
        var path = Path.Combine(_dir, $"race-v{format}.zarr");
        using (var store = new DirectoryStore(path)) Save(store, 1, format);
        var stop = false;
        var reads = 0;
        var newest = 0;
        var failures = new List<string>();
        // Dedicated threads: pool tasks may not start while the rest of the suite keeps the thread pool busy.
        var readers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                try
                {
                    using var reader = new DirectoryStore(path, readOnly: true);
                    var seen = Generations.Check(reader);
                    if (seen.Count != Generations.TopLevel.Length) throw new InvalidDataException($"only {string.Join(", ", seen.Keys)} listed");
                    Interlocked.Increment(ref reads);
                    InterlockedMax(ref newest, seen.Values.Max());
                }
                catch (Exception e) { lock (failures) failures.Add(e.Message); }
            }
        }) { IsBackground = true }).ToArray();
        foreach (var reader in readers) reader.Start();
        var clock = Stopwatch.StartNew();
        var generation = 1;
        using (var writer = new DirectoryStore(path))
            while (generation < 40 || (clock.Elapsed < TimeSpan.FromSeconds(20) && Volatile.Read(ref reads) < 100))
                Save(writer, ++generation, format);
        Volatile.Write(ref stop, true);
        foreach (var reader in readers) reader.Join();
        output.WriteLine($"{generation - 1} re-saves, {reads} consistent reads, newest generation seen {newest}, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        Assert.True(reads >= 20, $"only {reads} reads overlapped the re-saves");
        Assert.True(newest > 2, "the readers never saw a re-saved generation: they did not race the writer");
    }

    [SkippableFact]
    public void DiskFullDuringReplaceKeepsTheOldNodeAndLeavesNoResidue()
    {
        // A disk with room for one copy of the data and a third more: a replacement cannot be staged beside it.
        var probe = Path.Combine(_dir, "probe.zarr");
        using (var store = new DirectoryStore(probe)) Save(store, 1);
        var bytes = Directory.EnumerateFiles(probe, "*", SearchOption.AllDirectories).Sum(f => (new FileInfo(f).Length + 4095) / 4096 * 4096);
        var mount = Path.Combine(_dir, "small-disk");
        Directory.CreateDirectory(mount);
        Skip.IfNot(OperatingSystem.IsLinux() && TryMountTmpfs(mount, $"{bytes * 4 / 3 / 1024}k"), "needs root and mount(8) to make a small tmpfs (CI runs as root)");
        try
        {
            var path = Path.Combine(mount, "full.zarr");
            using (var store = new DirectoryStore(path)) Save(store, 1);
            var error = Assert.Throws<ZarrException>(() =>
            {
                using var store = new DirectoryStore(path);
                Save(store, 2);
            });
            Assert.Equal(ZarrErrorKind.WriteFailed, error.Kind);
            output.WriteLine(error.Message);
            using var reader = new DirectoryStore(path, readOnly: true);
            Assert.All(Generations.Check(reader), kv => Assert.Equal(1, kv.Value));
            Assert.Equal(3, Generations.Check(reader).Count);
            Assert.Empty(TransactionFolder.Transactions(reader.Root));
        }
        finally
        {
            Process.Start("umount", mount)!.WaitForExit();
        }
    }

    [Fact]
    public void AFailedSaveWritesNothing()
    {
        var path = Path.Combine(_dir, "fail.zarr");
        using (var store = new DirectoryStore(path)) Save(store, 1);
        var before = Snapshot(path);
        // The second node fails while it is being staged, after the first was staged in full.
        WriteProtocol.StepReached = null;
        using (var store = new FailingStagingStore(new DirectoryStore(path), failOn: "events"))
        {
            var error = Assert.Throws<ZarrException>(() => Save(store, 2));
            Assert.Equal(ZarrErrorKind.WriteFailed, error.Kind);
        }
        Assert.Equal(before, Snapshot(path));
    }

    [Fact]
    public void NothingIsVisibleBeforeTheCommitAndTheOldNodeStaysReadable()
    {
        var path = Path.Combine(_dir, "visible.zarr");
        using var store = new DirectoryStore(path);
        Save(store, 1);
        var observed = new List<string>();
        WriteProtocol.StepReached = (step, node) =>
        {
            if (step != WriteProtocol.Staged || node != "signal") return;
            using var reader = new DirectoryStore(path, readOnly: true);
            var seen = Generations.Check(reader);
            observed.Add(string.Join(",", seen.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")));
            Assert.Equal(Generations.TopLevel.Order(), NodeStore.Children(reader, "").Select(c => c.Path).Order());
        };
        try { Save(store, 2); }
        finally { WriteProtocol.StepReached = null; }
        Assert.Equal(["events=1,meta=1,signal=1"], observed);
        Assert.All(Generations.Check(store), kv => Assert.Equal(2, kv.Value));
    }

    [Fact]
    public void ANodeFolderLinkedOutsideTheStoreIsNeverWrittenThrough()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_dir, "outside")).FullName;
        var path = Path.Combine(_dir, "linked.zarr");
        using (var store = new DirectoryStore(path)) Save(store, 1);
        Directory.CreateSymbolicLink(Path.Combine(path, "escape"), outside);
        using (var store = new DirectoryStore(path))
        {
            var items = new OrderedDictionary { ["x"] = new[] { 1, 2, 3 } };
            var error = Assert.Throws<ZarrException>(() =>
                ValueWriter.Execute(ValueWriter.Plan(store, "escape", items, new SaveOptions { Force = true })));
            Assert.Equal(ZarrErrorKind.InvalidKey, error.Kind);
            Assert.Contains("outside the store", error.Message);
            Assert.Throws<ZarrException>(() => store.Set("escape/y", [1]));
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public void LinkLoopsDoNotMakeWalksRunOn()
    {
        var path = Path.Combine(_dir, "loop.zarr");
        using var store = new DirectoryStore(path);
        Save(store, 1);
        Directory.CreateSymbolicLink(Path.Combine(path, "meta", "loop"), Path.Combine(path, "meta"));
        Directory.CreateSymbolicLink(Path.Combine(path, "self"), path);
        var clock = Stopwatch.StartNew();
        var keys = store.ListPrefix("").ToList();
        var tree = ConsolidatedTree.Walk(store);
        ConsolidatedMetadata.Write(store);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(keys, k => k.StartsWith("self/") || k.Contains("/loop/"));
        Assert.Equal(3, Generations.Check(store).Count);
        Assert.NotNull(tree);
    }

    private static bool TryMountTmpfs(string mount, string size)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", mount]) { RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
    }

    /// <summary>A directory store whose staged writes of one node fail (like a disk that fills up at that point).</summary>
    private sealed class FailingStagingStore(DirectoryStore inner, string failOn) : DelegatingStore(inner)
    {
        public override IStagedWrite BeginNodeWrite(string nodePath)
        {
            var staged = Inner.BeginNodeWrite(nodePath);
            return nodePath == failOn ? new Failing(staged) : staged;
        }

        /// <summary>The staged write, with a store that fails from its second key on.</summary>
        private sealed class Failing(IStagedWrite staged) : DelegatingStore(staged.Store), IStagedWrite
        {
            private int _writes;
            public string NodePath => staged.NodePath;
            public IZarrStore Store => this;
            public void Commit() => staged.Commit();
            public override void Dispose() => staged.Dispose();

            public override void Set(string key, ReadOnlySpan<byte> value)
            {
                if (++_writes > 1) throw new ZarrException(ZarrErrorKind.WriteFailed, "No space left on device (simulated)", Name, key);
                Inner.Set(key, value);
            }
        }
    }
}
