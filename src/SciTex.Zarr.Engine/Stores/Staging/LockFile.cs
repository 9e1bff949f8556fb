namespace SciTex.Zarr.Engine.Stores.Staging;

/// <summary>
/// An OS lock held by keeping a file open with <see cref="FileShare.None"/> (<c>flock</c> on Unix, a share mode on
/// Windows): released when the holder closes it or dies. One place for the bounded wait every writer lock uses.
/// </summary>
internal static class LockFile
{
    /// <summary>
    /// Opens (creating) <paramref name="path"/> exclusively, retrying with a short backoff until <paramref name="wait"/>
    /// has passed; then throws what <paramref name="timedOut"/> makes of the last sharing violation.
    /// </summary>
    public static FileStream Acquire(string path, TimeSpan wait, Func<IOException, Exception> timedOut)
    {
        var deadline = DateTime.UtcNow + wait;
        for (var attempt = 0; ; attempt++)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(Math.Min(1 + attempt, 20)); }
            catch (IOException e) { throw timedOut(e); }
        }
    }

    /// <summary>
    /// Takes the lock of a file a writer holds open while it works, when that writer is gone; the file is deleted
    /// when the returned stream closes. Null while the writer is alive (or the file cannot be opened).
    /// </summary>
    public static FileStream? TryClaim(string path, FileMode mode = FileMode.OpenOrCreate)
    {
        try { return new FileStream(path, mode, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
