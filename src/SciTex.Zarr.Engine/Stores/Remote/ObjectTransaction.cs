using System.Text.Json;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Engine.Stores.Remote;

/// <summary>
/// One node replacement on an object store, staged out of sight: the new node's keys live under
/// <c>.zarr-txn/t-&lt;id&gt;-&lt;escaped node&gt;/tree/&lt;key&gt;</c>, and <c>commit</c> (created if absent) lists them.
/// Once the commit record exists the replacement is decided: <see cref="RollForward"/> withdraws the old node and copies
/// the staged keys into place (server-side), metadata last; it checks nothing it has done before, so running it again
/// after a crash (any number of times) ends in the same new node. See docs/object-stores.md.
/// </summary>
internal sealed record ObjectTransaction(string Id, string NodePath)
{
    private const string Marker = "t-";

    public string Folder => $"{ObjectStore.HiddenPrefix}{Marker}{Id}-{Uri.EscapeDataString(NodePath)}";
    public string CommitKey => Folder + "/commit";
    public string Staged(string key) => $"{Folder}/tree/{key}";

    /// <summary>The transaction a folder name under <c>.zarr-txn/</c> names ("t-&lt;32 hex&gt;-&lt;escaped node&gt;"), or null.</summary>
    public static ObjectTransaction? Parse(string folderName)
    {
        if (!folderName.StartsWith(Marker, StringComparison.Ordinal) || folderName.Length < Marker.Length + 34 || folderName[Marker.Length + 32] != '-') return null;
        var node = Uri.UnescapeDataString(folderName[(Marker.Length + 33)..]);
        return node.Length == 0 ? null : new ObjectTransaction(folderName.Substring(Marker.Length, 32), node);
    }

    /// <summary>True when one of the two nodes is the other or contains it.</summary>
    public bool Overlaps(string nodePath) =>
        NodePath == nodePath || nodePath.StartsWith(NodePath + "/", StringComparison.Ordinal) || NodePath.StartsWith(nodePath + "/", StringComparison.Ordinal) || nodePath.Length == 0;

    private sealed record CommitRecord(string Node, string[] Keys);

    public static byte[] Record(string nodePath, IEnumerable<string> keys) =>
        JsonSerializer.SerializeToUtf8Bytes(new CommitRecord(nodePath, keys.Order(StringComparer.Ordinal).ToArray()));

    /// <summary>The keys the commit record lists, or null when there is no commit record (the transaction was not committed, or is finished).</summary>
    public string[]? CommittedKeys(ObjectStore store)
    {
        var bytes = store.Get(CommitKey);
        if (bytes is null) return null;
        try { return JsonSerializer.Deserialize<CommitRecord>(bytes)?.Keys ?? throw new JsonException("empty"); }
        catch (JsonException e)
        {
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"The commit record of a replacement of '{NodePath}' is unreadable: {e.Message}", store.Name, CommitKey, e);
        }
    }

    private static bool IsNodeDocument(string key) => ObjectStagedWrite.NodeDocuments.Contains(StoreKeys.LastSegment(key));

    /// <summary>
    /// Puts the committed node in place: (1) withdraw — the old node's documents, shallowest first and node documents
    /// before attributes (the node disappears at the first delete), then its other keys the new node does not have;
    /// (2) copy the staged chunks to their keys; (3) copy the staged metadata, deepest first, attributes before the
    /// node document, the node's own document last, each create-if-absent (a document another writer slipped in meanwhile
    /// is a conflict, not overwritten).
    /// </summary>
    public void RollForward(ObjectStore store, IReadOnlyCollection<string> keys)
    {
        var fresh = new HashSet<string>(keys, StringComparer.Ordinal);
        var old = store.ListPrefix(NodePath).ToList();
        foreach (var key in old.Where(ObjectStore.IsMetadataKey).OrderBy(Depth).ThenBy(k => IsNodeDocument(k) ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal))
            store.Delete(key);
        WriteProtocol.Reached(ObjectSteps.Withdrawn, NodePath);
        var options = new ParallelOptions { MaxDegreeOfParallelism = ZarrConfig.IoConcurrency };
        Parallel.ForEachAsync(old.Where(k => !ObjectStore.IsMetadataKey(k) && !fresh.Contains(k)), options,
            async (key, cancel) => await store.DeleteAsync(key, cancel).ConfigureAwait(false)).GetAwaiter().GetResult();
        Parallel.ForEachAsync(keys.Where(k => !ObjectStore.IsMetadataKey(k)), options,
            async (key, cancel) => await store.CopyAsync(Staged(key), key, cancel).ConfigureAwait(false)).GetAwaiter().GetResult();
        WriteProtocol.Reached(ObjectSteps.ChunksCopied, NodePath);
        foreach (var key in keys.Where(ObjectStore.IsMetadataKey).OrderByDescending(Depth).ThenBy(k => IsNodeDocument(k) ? 1 : 0).ThenBy(k => k, StringComparer.Ordinal))
        {
            var value = store.Get(Staged(key))
                ?? throw new ZarrException(ZarrErrorKind.WriteFailed, $"The staged copy of '{key}' vanished while the replacement of '{NodePath}' was rolled forward", store.Name, Staged(key));
            store.SetConditional(key, value, WriteCondition.Absent);
        }
    }

    private static int Depth(string key) => key.Count(c => c == '/');

    /// <summary>Deletes the staging: the commit record first (from then on the transaction is undecided, and so discarded, never half rolled forward).</summary>
    public void Delete(ObjectStore store)
    {
        store.Delete(CommitKey);
        store.DeletePrefixAsync(Folder, includeHidden: true).GetAwaiter().GetResult();
    }

    /// <summary>Every transaction whose staging is in the store (listing <c>.zarr-txn/</c> one level, one request).</summary>
    public static List<ObjectTransaction> All(ObjectStore store) =>
        store.ListDir(ObjectStore.HiddenPrefix.TrimEnd('/')).Prefixes.Select(Parse).OfType<ObjectTransaction>().ToList();
}

/// <summary>
/// Finishes what dead writers left on an object store: a committed transaction is rolled forward, an uncommitted one
/// discarded — each only under the node's lock, taken when it is free or its holder's lease expired (a live writer's
/// transaction is never touched). Writers run it before they write; readers when they find a node absent.
/// </summary>
internal static class ObjectRecovery
{
    /// <summary>
    /// Recovers every dead transaction (only those overlapping <paramref name="near"/>, when given). A writer holding
    /// <paramref name="held"/> finishes the transactions on its own node without taking their lock again. Returns how
    /// many committed transactions around <paramref name="near"/> are still pending (their writer is alive).
    /// </summary>
    public static int Run(ObjectStore store, string? near = null, ObjectNodeLock? held = null)
    {
        var pending = 0;
        foreach (var txn in ObjectTransaction.All(store))
        {
            if (near is not null && !txn.Overlaps(near)) continue;
            if (held is not null && txn.Id == held.Owner) continue; // this writer's own
            if (held is not null && held.NodePath == txn.NodePath)
            {
                Finish(store, txn);
                continue;
            }
            var taken = ObjectNodeLock.TryTakeIfFree(store, txn.NodePath);
            if (taken is null)
            {
                if (txn.CommittedKeys(store) is not null) pending++;
                continue;
            }
            try { Finish(store, txn); }
            finally { taken.Release(); }
        }
        return pending;
    }

    private static void Finish(ObjectStore store, ObjectTransaction txn)
    {
        if (txn.CommittedKeys(store) is { } keys) txn.RollForward(store, keys);
        txn.Delete(store);
    }
}
