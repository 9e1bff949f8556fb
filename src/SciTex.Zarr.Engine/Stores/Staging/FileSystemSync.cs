using System.Runtime.InteropServices;

namespace SciTex.Zarr.Engine.Stores.Staging;

/// <summary>
/// Makes every file staged under a folder durable before its commit record is written. One <c>syncfs(2)</c> on Linux
/// flushes the whole file system in a single call, so a node of 10 000 small chunks costs one sync, not 10 000;
/// elsewhere each staged file is flushed on its own (FlushFileBuffers / fsync).
/// </summary>
internal static partial class FileSystemSync
{
    public static void Flush(string folder)
    {
        if (OperatingSystem.IsLinux() && TrySyncFileSystem(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
            stream.Flush(flushToDisk: true);
        }
    }

    private static bool TrySyncFileSystem(string folder)
    {
        var probe = Path.Combine(folder, ".sync");
        try
        {
            using var handle = File.OpenHandle(probe, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.DeleteOnClose);
            return syncfs((int)handle.DangerousGetHandle()) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>
    /// Starts writing a just-written staged file to disk without waiting (Linux <c>sync_file_range</c>), so the disk
    /// works while the next chunks are encoded and the <see cref="Flush"/> before the commit record has little left to
    /// wait for. Only a hint: durability still comes from <see cref="Flush"/>; elsewhere, and on failure, it does nothing.
    /// </summary>
    public static void StartWriteback(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux() || !_writebackAvailable) return;
        try { _ = sync_file_range((int)handle.DangerousGetHandle(), 0, 0, SyncFileRangeWrite); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { _writebackAvailable = false; }
    }

    private static volatile bool _writebackAvailable = true;
    private const uint SyncFileRangeWrite = 2;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int syncfs(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sync_file_range(int fd, long offset, long nbytes, uint flags);
}
