using System.Text.Json;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores.Staging;

/// <summary>
/// The hidden folder <c>.zarr-txn</c> at a directory store's root, where staged writes live until they are swapped
/// in. Each transaction <c>&lt;id&gt;</c> has a lock file <c>&lt;id&gt;.lock</c> held open by its writer for as long as
/// it runs (an OS lock, released when the process dies), a folder <c>&lt;id&gt;/tree</c> with the staged node at its
/// real path, and, once the staged node is complete, a commit record <c>&lt;id&gt;/commit</c> naming the node.
/// A transaction whose lock is free belongs to a dead writer: without a commit record it is discarded, with one it
/// is rolled forward. Both are idempotent, so recovery can itself be interrupted.
/// </summary>
internal static class TransactionFolder
{
    public const string Name = ".zarr-txn";
    private const string LockSuffix = ".lock";
    private const string SwapLockName = "swap.lock";
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    public static string PathIn(string root) => Path.Combine(root, Name);
    public static string TreeOf(string transaction) => Path.Combine(transaction, "tree");
    public static string OldOf(string transaction) => Path.Combine(transaction, "old");
    public static string CommitRecordOf(string transaction) => Path.Combine(transaction, "commit");

    /// <summary>Creates a transaction: its lock first (so a folder without a lock is always a dead writer's), then its folder.</summary>
    public static (string Folder, FileStream Lock) Create(string root)
    {
        var folder = PathIn(root);
        Directory.CreateDirectory(folder);
        var id = Guid.NewGuid().ToString("N");
        var lockFile = new FileStream(Path.Combine(folder, id + LockSuffix), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        var transaction = Path.Combine(folder, id);
        Directory.CreateDirectory(TreeOf(transaction));
        return (transaction, lockFile);
    }

    /// <summary>Writes the commit record durably: the staged node is complete and may replace the node at <paramref name="nodePath"/>.</summary>
    public static void WriteCommitRecord(string transaction, string nodePath)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["node"] = nodePath });
        var temp = CommitRecordOf(transaction) + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, CommitRecordOf(transaction), overwrite: true);
    }

    /// <summary>The node a committed transaction replaces, or null when it has no (readable) commit record.</summary>
    public static string? CommittedNode(string transaction)
    {
        try
        {
            var record = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(CommitRecordOf(transaction)));
            return record?.GetValueOrDefault("node");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }

    /// <summary>Holds the store's swap lock: the renames that replace a node run one writer at a time.</summary>
    public static FileStream AcquireSwapLock(string root, string store)
    {
        var path = Path.Combine(PathIn(root), SwapLockName);
        return LockFile.Acquire(path, LockWait, e =>
            new ZarrException(ZarrErrorKind.WriteFailed, $"Another writer has held the store's swap lock for {LockWait.TotalSeconds:0} s", store, Name + "/" + SwapLockName, e));
    }

    /// <summary>The transactions in the folder, with whether a live writer holds each.</summary>
    public static IEnumerable<string> Transactions(string root)
    {
        var folder = PathIn(root);
        if (!Directory.Exists(folder)) yield break;
        foreach (var directory in Directory.EnumerateDirectories(folder)) yield return directory;
    }

    /// <summary>
    /// Finishes or discards every transaction whose writer died. Called when a writer opens the store and by readers
    /// that find a node missing mid-swap. Returns how many were recovered. Never throws for I/O problems: a
    /// transaction that cannot be recovered now stays for the next attempt, invisible to readers.
    /// </summary>
    public static int RecoverDead(string root, string store)
    {
        var recovered = 0;
        var folder = PathIn(root);
        if (!Directory.Exists(folder)) return 0;
        var candidates = Directory.EnumerateDirectories(folder).Select(d => d + LockSuffix)
            .Concat(Directory.EnumerateFiles(folder, "*" + LockSuffix).Where(f => !f.EndsWith(SwapLockName, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (var lockPath in candidates)
        {
            using var claimed = LockFile.TryClaim(lockPath);
            if (claimed is null) continue;
            var transaction = lockPath[..^LockSuffix.Length];
            try
            {
                if (CommittedNode(transaction) is { } node) RollForward(root, store, transaction, node);
                DeleteTree(transaction);
                recovered++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return recovered;
    }

    /// <summary>
    /// Completes the swap of a committed transaction. States (all reachable by a crash): the staged node still in
    /// the tree and the old one in place → move old aside, move new in; old already aside → move new in; new
    /// already in (staged folder gone) → nothing left but cleaning. If the old node was moved aside and another
    /// writer has since put a newer node in place, that newer node wins and this one is dropped.
    /// </summary>
    public static void RollForward(string root, string store, string transaction, string nodePath)
    {
        var staged = Path.Combine(TreeOf(transaction), ToNative(nodePath));
        if (!Directory.Exists(staged)) return;
        using var swap = AcquireSwapLock(root, store);
        var target = Path.Combine(root, ToNative(nodePath));
        var old = OldOf(transaction);
        if (Directory.Exists(target))
        {
            if (Directory.Exists(old)) return; // a later writer replaced the node after ours moved aside: theirs is newer
            Directory.Move(target, old);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(staged, target);
    }

    /// <summary>True when a committed transaction replaces <paramref name="nodePath"/>, an ancestor or a descendant of it.</summary>
    public static bool HasCommitFor(string root, string nodePath)
    {
        foreach (var transaction in Transactions(root))
        {
            if (CommittedNode(transaction) is not { } node) continue;
            if (Overlaps(node, nodePath)) return true;
        }
        return false;
    }

    private static bool Overlaps(string a, string b) =>
        a.Length == 0 || b.Length == 0 || a == b
        || b.StartsWith(a + "/", StringComparison.Ordinal) || a.StartsWith(b + "/", StringComparison.Ordinal);

    public static string ToNative(string key) => key.Replace('/', Path.DirectorySeparatorChar);

    /// <summary>Deletes a folder tree; tolerates it being gone already.</summary>
    public static void DeleteTree(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}
