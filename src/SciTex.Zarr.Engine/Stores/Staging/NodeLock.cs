using System.Security.Cryptography;
using System.Text;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores.Staging;

/// <summary>
/// A per-node writer lock for in-place changes of an existing array (region writes, appends, resizes): a file
/// <c>.zarr-txn/node-&lt;hash&gt;.nodelock</c> held open with <see cref="FileShare.None"/> (<c>flock</c> on Unix, a share
/// mode on Windows), so writers in other threads and processes wait their turn and a dead writer's lock is released by
/// the OS. The file is never deleted (deleting a lock file races with a writer that has just opened it), and its suffix
/// is not <c>.lock</c>, so transaction recovery never takes it for a dead writer's transaction.
/// </summary>
public sealed class NodeLock : IDisposable
{
    /// <summary>How long a writer waits for another one to finish before failing with <see cref="ZarrErrorKind.ConcurrentModification"/>.</summary>
    public static TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>A lock that locks nothing (stores owned by one process).</summary>
    public static IDisposable None { get; } = new Nothing();

    private readonly FileStream _file;

    private NodeLock(FileStream file) => _file = file;

    internal static NodeLock Acquire(string root, string store, string nodePath)
    {
        var folder = TransactionFolder.PathIn(root);
        Directory.CreateDirectory(folder);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(nodePath)))[..24].ToLowerInvariant();
        var path = Path.Combine(folder, $"node-{hash}.nodelock");
        return new NodeLock(LockFile.Acquire(path, Wait, e => new ZarrException(ZarrErrorKind.ConcurrentModification,
            $"Another writer has held the array's lock for {Wait.TotalSeconds:0} s; try again when it is done", store, nodePath, e)));
    }

    public void Dispose() => _file.Dispose();

    private sealed class Nothing : IDisposable
    {
        public void Dispose() { }
    }
}
