using System.Collections.Concurrent;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Engine.Stores.Remote;

/// <summary>
/// The write protocol of object stores, which have no rename (docs/object-stores.md):
/// <list type="number">
/// <item>Lock: create <c>.zarr-txn/locks/&lt;node&gt;</c> if absent (a lease with an expiry; overlapping nodes are locked out
/// too); then finish any dead writer's transaction on the node.</item>
/// <item>Check: the node must still be as the writer's plan saw it (absent, or at the version it read) — else ZarrWriteConflict.</item>
/// <item>Stage every key of the new node under <c>.zarr-txn/t-&lt;id&gt;-&lt;node&gt;/tree/</c>; the old node stays readable.</item>
/// <item>Commit: renew the lock (if-match), then create the commit record listing the staged keys. From here a crash rolls forward.</item>
/// <item>Roll forward (<see cref="ObjectTransaction.RollForward"/>): withdraw the old node, copy the staged keys into
/// place server-side, metadata last. Then delete the staging (commit record first) and unlock.</item>
/// </list>
/// Readers see the old node, then (while the copies run) no node, then the new one — never a mix; a reader that finds
/// the node absent while a committed transaction names it waits for it, or rolls it forward when its writer died. A
/// crash therefore leaves the old node (before the commit record) or the new one (after it), so object stores have
/// <see cref="StoreCapabilities.AtomicNodeReplace"/>. Abandoning (an error before commit) deletes the staging and unlocks.
/// </summary>
public sealed class ObjectStagedWrite : IStagedWrite
{
    private readonly ObjectStore _store;
    private readonly ObjectNodeLock _lock;
    private readonly ObjectTransaction _txn;
    private readonly StagingView _view;
    private bool _done, _committed;

    internal ObjectStagedWrite(ObjectStore store, string nodePath)
    {
        _store = store;
        NodePath = StoreKeys.NormalizePath(nodePath, store.Name);
        if (NodePath.Length == 0)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, "The store's root cannot be replaced by a staged write", store.Name, "/");
        _lock = ObjectNodeLock.Acquire(store, NodePath);
        try
        {
            // A dead writer's transaction on this node (its lock just expired into ours) is finished first.
            ObjectRecovery.Run(store, NodePath, _lock);
            Replaced = CheckNode();
            _txn = new ObjectTransaction(_lock.Owner, NodePath);
            _view = new StagingView(store, NodePath, _txn);
        }
        catch
        {
            _lock.Release();
            throw;
        }
    }

    public string NodePath { get; }
    public IZarrStore Store => _view;
    /// <summary>True when an existing node will be replaced by this one.</summary>
    public bool Replaced { get; }

    /// <summary>The documents that make a folder a node (attributes and consolidated metadata do not).</summary>
    internal static readonly string[] NodeDocuments = ["zarr.json", ".zarray", ".zgroup"];

    /// <summary>Checks the node is as the plan saw it: absent for a new node, at the version read for a replacement.</summary>
    private bool CheckNode()
    {
        var existed = false;
        foreach (var name in NodeDocuments)
        {
            var key = StoreKeys.Join(NodePath, name);
            var (seen, seenVersion) = _store.Observed(key);
            var now = _store.HeadAsync(key).GetAwaiter().GetResult();
            if (seen && seenVersion != now?.ETag)
                throw new ZarrException(ZarrErrorKind.Conflict,
                    now is null ? "The node was deleted by another writer after it was read" : seenVersion is null
                        ? "Another writer created this node after it was planned as new; nothing was written"
                        : "Another writer changed this node after it was read; nothing was written", _store.Name, key);
            existed |= now is not null;
        }
        WriteProtocol.Reached(ObjectSteps.Locked, NodePath);
        return existed;
    }

    public void Commit()
    {
        if (_done) throw new InvalidOperationException("The staged write was already committed or discarded");
        WriteProtocol.Reached(WriteProtocol.Staged, NodePath);
        _lock.Renew();
        _store.SetConditional(_txn.CommitKey, ObjectTransaction.Record(NodePath, _view.Written), WriteCondition.Absent);
        _committed = true;
        WriteProtocol.Reached(WriteProtocol.Committed, NodePath);
        _txn.RollForward(_store, _view.Written);
        WriteProtocol.Reached(WriteProtocol.Swapped, NodePath);
        // Our lease may have run out during a long roll-forward and another writer taken the transaction over: it
        // repeats the same roll-forward and deletes the staging itself, so we must not delete it under its feet.
        if (_lock.TryRenew()) _txn.Delete(_store);
        _done = true;
        _lock.Release();
        WriteProtocol.Reached(WriteProtocol.Cleaned, NodePath);
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        // A committed transaction is decided: it stays for recovery to roll forward (the next writer, or a reader
        // that finds the node absent). An uncommitted one is deleted.
        if (!_committed)
            try { _txn.Delete(_store); }
            catch (ZarrException) { /* staging is invisible; the next writer's recovery deletes it */ }
        else
            try { _lock.TryRenew(); } // taken over meanwhile: then the lock is the taker's and is not deleted below
            catch (ZarrException) { /* unreachable store: the lease expires by itself */ }
        _lock.Release();
    }

    /// <summary>The staged node's view of the store: keys under the node go to the transaction's staging (and are read back from it); others pass through.</summary>
    private sealed class StagingView(ObjectStore store, string nodePath, ObjectTransaction txn) : IZarrStore
    {
        private readonly ConcurrentDictionary<string, bool> _written = new(StringComparer.Ordinal);
        private readonly string _prefix = nodePath + "/";

        /// <summary>The node's keys written so far (final keys, not staging keys).</summary>
        public IReadOnlyList<string> Written => _written.Keys.ToList();
        public string Name => store.Name;
        public bool IsReadOnly => false;
        public StoreCapabilities Capabilities => store.Capabilities;

        private bool Inside(string key) => key.StartsWith(_prefix, StringComparison.Ordinal);

        /// <summary>Where a key is read from: its staged copy when written, nowhere when inside the node but not written (the new node starts empty).</summary>
        private string? Source(string key) => !Inside(key) ? key : _written.ContainsKey(key) ? txn.Staged(key) : null;

        private string Target(string key)
        {
            StoreKeys.ValidateKey(key, Name);
            if (!Inside(key)) return key;
            _written[key] = true;
            return txn.Staged(key);
        }

        public byte[]? Get(string key) => Source(key) is { } source ? store.Get(source) : null;
        public PooledBuffer? GetPooled(string key) => Source(key) is { } source ? store.GetPooled(source) : null;
        public ValueTask<PooledBuffer?> GetPooledAsync(string key, CancellationToken cancel = default) =>
            Source(key) is { } source ? store.GetPooledAsync(source, cancel) : new((PooledBuffer?)null);
        public byte[]? GetRange(string key, long offset, int length) => Source(key) is { } source ? store.GetRange(source, offset, length) : null;
        public ValueTask<byte[]?> GetRangeAsync(string key, long offset, int length, CancellationToken cancel = default) =>
            Source(key) is { } source ? store.GetRangeAsync(source, offset, length, cancel) : new((byte[]?)null);
        public long? GetSize(string key) => Source(key) is { } source ? store.GetSize(source) : null;
        public bool Exists(string key) => Source(key) is { } source && store.Exists(source);

        public void Set(string key, ReadOnlySpan<byte> value) => store.Set(Target(key), value);
        public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancel = default) => store.SetAsync(Target(key), value, cancel);

        public void Delete(string key)
        {
            if (!Inside(key)) { store.Delete(key); return; }
            if (_written.TryRemove(key, out _)) store.Delete(txn.Staged(key));
        }

        public ValueTask DeleteAsync(string key, CancellationToken cancel = default)
        {
            if (!Inside(key)) return store.DeleteAsync(key, cancel);
            return _written.TryRemove(key, out _) ? store.DeleteAsync(txn.Staged(key), cancel) : default;
        }

        public void DeletePrefix(string prefix)
        {
            var p = prefix.TrimEnd('/') + "/";
            foreach (var key in _written.Keys.Where(k => k.StartsWith(p, StringComparison.Ordinal)).ToList()) Delete(key);
        }

        public IEnumerable<string> ListPrefix(string prefix)
        {
            var p = prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/";
            return _written.Keys.Where(k => k.StartsWith(p, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }

        public (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix)
        {
            var p = prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/";
            var keys = new SortedSet<string>(StringComparer.Ordinal);
            var prefixes = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var k in ListPrefix(prefix))
            {
                var rest = k[p.Length..];
                var slash = rest.IndexOf('/');
                if (slash < 0) keys.Add(rest); else prefixes.Add(rest[..slash]);
            }
            return (keys.ToList(), prefixes.ToList());
        }

        public void Flush() { }
        public void Dispose() { }
    }
}

/// <summary>Extra named steps of the object-store protocol (tests stop a writer at each).</summary>
public static class ObjectSteps
{
    /// <summary>The writer holds the node's lock and checked the node is as planned; nothing was changed yet.</summary>
    public const string Locked = "object-locked";
    /// <summary>Rolling forward: the old node's metadata documents are deleted (the node is absent until its new documents are copied in).</summary>
    public const string Withdrawn = "object-withdrawn";
    /// <summary>Rolling forward: every staged chunk is copied to its key; the metadata documents come next.</summary>
    public const string ChunksCopied = "object-chunks-copied";
}
