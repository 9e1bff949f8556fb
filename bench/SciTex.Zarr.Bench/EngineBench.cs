using System.Diagnostics;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Bench;

/// <summary>
/// The engine alone, doing what Save-Zarr and Import-Zarr do underneath: a write is one staged node write (the write
/// protocol: staged under .zarr-txn, synced once, swapped in), a read opens the store read-only and reads the array.
/// </summary>
internal static class EngineBench
{
    /// <summary>Seconds to write <paramref name="data"/> as array "x" of a fresh store, and to read it back.</summary>
    public static (double Write, double Read) WriteAndRead(string path, ArrayMetadata metadata, Array data, bool verify)
    {
        if (Directory.Exists(path)) Directory.Delete(path, true);
        Quiesce();
        SyncDisks();
        var clock = Stopwatch.StartNew();
        using (var store = new DirectoryStore(path))
        using (var staged = store.BeginNodeWrite(metadata.Path))
        {
            NodeStore.Write(staged.Store, metadata);
            // zarr-python 2 stores every chunk (write_empty_chunks=True); do the same so both write the same files.
            new ZarrArray(staged.Store, metadata) { WriteEmptyChunks = true }.Write(data);
            staged.Commit();
        }
        var write = clock.Elapsed.TotalSeconds;
        Quiesce();
        clock.Restart();
        Array back;
        using (var store = new DirectoryStore(path, readOnly: true)) back = ZarrArray.Open(store, metadata.Path).Read();
        var read = clock.Elapsed.TotalSeconds;
        if (verify && !StructuralEquals(back, data)) throw new InvalidOperationException($"{path}: read-back differs from the data");
        return (write, read);
    }

    /// <summary>Frees the previous round's arrays before the clock starts, on both sides of every comparison.</summary>
    public static void Quiesce()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// Flushes everyone's dirty pages before a timed write (sync(2)): our saves end with one syncfs, which also waits
    /// for data other writers left unsynced on the same file system (zarr-python never syncs), so without this a save
    /// would pay for the previous case's writes.
    /// </summary>
    public static void SyncDisks()
    {
        if (OperatingSystem.IsLinux()) sync();
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern void sync();

    private static bool StructuralEquals(Array a, Array b) =>
        a is double[] x && b is double[] y ? x.AsSpan().SequenceEqual(y) : System.Collections.StructuralComparisons.StructuralEqualityComparer.Equals(a, b);

    public static long StoredBytes(string path) =>
        Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => !f.Contains(".zarr-txn")).Sum(f => new FileInfo(f).Length);
}
