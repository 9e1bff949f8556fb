using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores.Staging;

/// <summary>
/// Node removal and renaming in a directory store, each one folder rename under the store's swap lock:
/// a reader sees the node whole or not at all, and a crash leaves it in place or gone (see docs/write-protocol.md).
/// </summary>
internal static class DirectoryNodeOperations
{
    /// <summary>
    /// Moves the node's folder into a new transaction (<c>.zarr-txn/&lt;id&gt;/old</c>) by one rename, then deletes it there.
    /// A crash after the rename leaves a transaction without a commit record, which recovery discards: the delete
    /// completes. Before the rename nothing has changed.
    /// </summary>
    public static void Delete(DirectoryStore store, string nodePath)
    {
        if (nodePath.Length == 0)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, "The store's root cannot be removed as a node; remove the store itself", store.Name, "/");
        var folder = Path.Combine(store.Root, TransactionFolder.ToNative(nodePath));
        if (!Directory.Exists(folder)) return;
        var (transaction, lockFile) = TransactionFolder.Create(store.Root);
        using (lockFile)
        {
            try
            {
                using (TransactionFolder.AcquireSwapLock(store.Root, store.Name))
                {
                    if (!Directory.Exists(folder)) return;
                    Directory.Move(folder, TransactionFolder.OldOf(transaction));
                }
                WriteProtocol.Reached(WriteProtocol.Removed, nodePath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ZarrException(ZarrErrorKind.WriteFailed, $"Could not remove the node: {e.Message}. Nothing was removed", store.Name, nodePath, e);
            }
            finally
            {
                try { TransactionFolder.DeleteTree(transaction); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the next writer's recovery deletes it */ }
            }
        }
    }

    /// <summary>Renames the node's folder (one rename under the swap lock). The destination must not exist; its parent folders are created.</summary>
    public static bool Rename(DirectoryStore store, string from, string to)
    {
        if (from.Length == 0 || to.Length == 0) return false;
        var source = Path.Combine(store.Root, TransactionFolder.ToNative(from));
        var target = Path.Combine(store.Root, TransactionFolder.ToNative(to));
        try
        {
            using (TransactionFolder.AcquireSwapLock(store.Root, store.Name))
            {
                if (!Directory.Exists(source))
                    throw new ZarrException(ZarrErrorKind.KeyNotFound, $"No node folder at '{from}'", store.Name, from);
                if (Directory.Exists(target) || File.Exists(target))
                    throw new ZarrException(ZarrErrorKind.NodeExists, $"'{to}' already exists", store.Name, to);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                Directory.Move(source, target);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZarrException(ZarrErrorKind.WriteFailed, $"Could not rename '{from}' to '{to}': {e.Message}. Nothing was moved", store.Name, from, e);
        }
        return true;
    }
}
