using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores.Staging;

/// <summary>
/// A staged node write in a directory store: the new node is written in full under <c>.zarr-txn/&lt;id&gt;/tree</c>
/// (made durable in one sync when durable), a commit record is written, and under the store's swap lock the old node folder is
/// moved into the transaction and the new one moved into its place; then the old one is deleted. The old node stays
/// readable until the moment of the swap, and a crash before the commit record leaves it untouched, after it rolls
/// forward (see <see cref="TransactionFolder"/>).
/// </summary>
public sealed class DirectoryStagedWrite : IStagedWrite
{
    private static readonly TimeSpan MoveRetry = TimeSpan.FromSeconds(5);
    private readonly DirectoryStore _target;
    private readonly string _transaction;
    private readonly FileStream _lock;
    private readonly DirectoryStore _staging;
    private bool _done;

    internal DirectoryStagedWrite(DirectoryStore target, string nodePath)
    {
        _target = target;
        NodePath = StoreKeys.NormalizePath(nodePath, target.Name);
        if (NodePath.Length == 0)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, "The store's root cannot be replaced by a staged write", target.Name, "/");
        (_transaction, _lock) = TransactionFolder.Create(target.Root);
        // The staging folder is private to this writer: files go straight to their names (no temporary file and rename
        // per chunk) and are made durable all at once before the commit record.
        _staging = new DirectoryStore(TransactionFolder.TreeOf(_transaction), readOnly: false, durable: false, recover: false, displayName: target.Name, privateFolder: true,
            startWriteback: target.Durable);
    }

    public string NodePath { get; }
    public IZarrStore Store => _staging;

    public void Commit()
    {
        if (_done) throw new InvalidOperationException("The staged write was already committed or discarded");
        var staged = Path.Combine(TransactionFolder.TreeOf(_transaction), TransactionFolder.ToNative(NodePath));
        // A node with no keys at all (nothing was written) still becomes an (empty) folder, so the swap is uniform.
        Directory.CreateDirectory(staged);
        try
        {
            if (_target.Durable) FileSystemSync.Flush(TransactionFolder.TreeOf(_transaction));
            WriteProtocol.Reached(WriteProtocol.Staged, NodePath);
            TransactionFolder.WriteCommitRecord(_transaction, NodePath);
            WriteProtocol.Reached(WriteProtocol.Committed, NodePath);
            Swap(staged);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZarrException(ZarrErrorKind.WriteFailed, $"Could not swap the new node into place: {e.Message}. The old node is unchanged", _target.Name, NodePath, e);
        }
        _done = true;
        Clean();
        WriteProtocol.Reached(WriteProtocol.Cleaned, NodePath);
    }

    private void Swap(string staged)
    {
        var target = Path.Combine(_target.Root, TransactionFolder.ToNative(NodePath));
        var old = TransactionFolder.OldOf(_transaction);
        using var swap = TransactionFolder.AcquireSwapLock(_target.Root, _target.Name);
        var hadOld = Directory.Exists(target);
        if (hadOld)
        {
            Retrying(() => Directory.Move(target, old));
            WriteProtocol.Reached(WriteProtocol.OldMovedAside, NodePath);
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Retrying(() => Directory.Move(staged, target));
        }
        catch when (hadOld)
        {
            // Put the old node back so a failed swap changes nothing; the staged node is discarded on dispose.
            Directory.Move(old, target);
            File.Delete(TransactionFolder.CommitRecordOf(_transaction));
            throw;
        }
        WriteProtocol.Reached(WriteProtocol.Swapped, NodePath);
    }

    /// <summary>
    /// Windows refuses to rename a folder while another process has a file in it open; readers hold chunk files
    /// only briefly, so a rename is retried for a few seconds before the write fails (untested on Windows).
    /// </summary>
    private static void Retrying(Action move)
    {
        var deadline = DateTime.UtcNow + MoveRetry;
        for (var attempt = 0; ; attempt++)
        {
            try { move(); return; }
            catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows() && DateTime.UtcNow < deadline) { Thread.Sleep(Math.Min(1 + attempt, 50)); }
            catch (IOException) when (OperatingSystem.IsWindows() && DateTime.UtcNow < deadline) { Thread.Sleep(Math.Min(1 + attempt, 50)); }
        }
    }

    private void Clean()
    {
        try { TransactionFolder.DeleteTree(_transaction); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the next writer's recovery deletes it */ }
        _lock.Dispose();
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        Clean();
    }
}
