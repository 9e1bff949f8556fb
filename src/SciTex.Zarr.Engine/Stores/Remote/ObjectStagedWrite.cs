using System.Collections.Concurrent;
using System.Text.Json;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Engine.Stores.Remote;

/// <summary>
/// The write protocol of object stores, which have no rename (docs/object-stores.md):
/// <list type="number">
/// <item>Lock: create <c>.zarr-txn/locks/&lt;node&gt;</c> if absent (a lease with an expiry; overlapping nodes are locked out too).</item>
/// <item>Check: the node must still be as the writer's plan saw it (absent, or at the version it read) — else ZarrWriteConflict.</item>
/// <item>Withdraw (replacements only): delete the old metadata documents (the node disappears at once), then its other keys.</item>
/// <item>Write chunks at their final keys; metadata documents are held back.</item>
/// <item>Commit: write the held metadata, deepest first and the node's own document last, each create-if-absent.</item>
/// <item>Unlock. Abandoning (an error) deletes what was written and unlocks.</item>
/// </list>
/// A new node appears all at once (readers see no node, then the whole node). A replacement is not atomic: readers
/// see the old node, then no node, then the new one (never a mix, never fill values in place of data); a crash
/// mid-replacement leaves no node. Stores flag this by lacking <see cref="StoreCapabilities.AtomicNodeReplace"/>.
/// </summary>
public sealed class ObjectStagedWrite : IStagedWrite
{
    private readonly ObjectStore _store;
    private readonly NodeLock _lock;
    private readonly StagingView _view;
    private bool _done;

    internal ObjectStagedWrite(ObjectStore store, string nodePath)
    {
        _store = store;
        NodePath = StoreKeys.NormalizePath(nodePath, store.Name);
        if (NodePath.Length == 0)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, "The store's root cannot be replaced by a staged write", store.Name, "/");
        _lock = NodeLock.Acquire(store, NodePath);
        try
        {
            Replaced = PrepareNode();
            _view = new StagingView(store, NodePath);
        }
        catch
        {
            _lock.Release();
            throw;
        }
    }

    public string NodePath { get; }
    public IZarrStore Store => _view;
    /// <summary>True when an existing node was withdrawn to make room for this one.</summary>
    public bool Replaced { get; }

    private static readonly string[] NodeDocuments = ["zarr.json", ".zarray", ".zgroup"];

    /// <summary>Checks the node is as the plan saw it, then clears its prefix (the old node or a crashed writer's orphans).</summary>
    private bool PrepareNode()
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
        _store.DeletePrefixAsync(NodePath).GetAwaiter().GetResult();
        if (existed) WriteProtocol.Reached(ObjectSteps.Withdrawn, NodePath);
        return existed;
    }

    public void Commit()
    {
        if (_done) throw new InvalidOperationException("The staged write was already committed or discarded");
        WriteProtocol.Reached(WriteProtocol.Staged, NodePath);
        _lock.Renew();
        // Deepest documents first; in one folder attributes before the node document, so the node appears complete.
        foreach (var (key, value) in _view.HeldMetadata.OrderByDescending(d => d.Key.Count(c => c == '/'))
                     .ThenBy(d => StoreKeys.LastSegment(d.Key) == ".zattrs" ? 0 : 1).ThenBy(d => d.Key, StringComparer.Ordinal))
            _store.SetConditional(key, value, WriteCondition.Absent);
        WriteProtocol.Reached(WriteProtocol.Swapped, NodePath);
        _done = true;
        _lock.Release();
        WriteProtocol.Reached(WriteProtocol.Cleaned, NodePath);
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        try { _store.DeletePrefixAsync(NodePath).GetAwaiter().GetResult(); }
        catch (ZarrException) { /* orphans without metadata are invisible; the next writer of this node deletes them */ }
        _lock.Release();
    }

    /// <summary>The staged node's view of the store: chunks go straight to their keys, metadata is held until commit.</summary>
    private sealed class StagingView(ObjectStore store, string nodePath) : IZarrStore
    {
        private readonly ConcurrentDictionary<string, byte[]> _metadata = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _written = new(StringComparer.Ordinal);
        private readonly string _prefix = nodePath + "/";

        public IEnumerable<KeyValuePair<string, byte[]>> HeldMetadata => _metadata;
        public string Name => store.Name;
        public bool IsReadOnly => false;
        public StoreCapabilities Capabilities => store.Capabilities;

        private static bool IsMetadata(string key) => StoreKeys.LastSegment(key) is "zarr.json" or ".zarray" or ".zgroup" or ".zattrs" or ".zmetadata";
        private bool Inside(string key) => key.StartsWith(_prefix, StringComparison.Ordinal);

        public byte[]? Get(string key) =>
            _metadata.TryGetValue(key, out var held) ? held : Inside(key) && !_written.ContainsKey(key) ? null : store.Get(key);

        public PooledBuffer? GetPooled(string key) => Get(key) is { } bytes ? PooledBuffer.Wrap(bytes) : null;

        public ValueTask<PooledBuffer?> GetPooledAsync(string key, CancellationToken cancel = default) =>
            _metadata.TryGetValue(key, out var held) ? new(PooledBuffer.Wrap(held))
            : Inside(key) && !_written.ContainsKey(key) ? new((PooledBuffer?)null) : store.GetPooledAsync(key, cancel);

        public byte[]? GetRange(string key, long offset, int length) =>
            Inside(key) && !_written.ContainsKey(key) ? null : store.GetRange(key, offset, length);

        public long? GetSize(string key) => Get(key)?.Length;
        public bool Exists(string key) => _metadata.ContainsKey(key) || (Inside(key) ? _written.ContainsKey(key) : store.Exists(key));

        public void Set(string key, ReadOnlySpan<byte> value)
        {
            if (Inside(key) && IsMetadata(key)) { _metadata[key] = value.ToArray(); return; }
            _written[key] = true;
            store.Set(key, value);
        }

        public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancel = default)
        {
            if (Inside(key) && IsMetadata(key)) { _metadata[key] = value.ToArray(); return default; }
            _written[key] = true;
            return store.SetAsync(key, value, cancel);
        }

        public void Delete(string key)
        {
            if (_metadata.TryRemove(key, out _)) return;
            if (Inside(key) && !_written.TryRemove(key, out _)) return; // never written into the cleared node
            store.Delete(key);
        }

        public ValueTask DeleteAsync(string key, CancellationToken cancel = default)
        {
            if (_metadata.TryRemove(key, out _)) return default;
            if (Inside(key) && !_written.TryRemove(key, out _)) return default;
            return store.DeleteAsync(key, cancel);
        }

        public void DeletePrefix(string prefix)
        {
            foreach (var key in _metadata.Keys.Concat(_written.Keys).Where(k => k.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal)).ToList()) Delete(key);
        }

        public IEnumerable<string> ListPrefix(string prefix)
        {
            var p = prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/";
            return _metadata.Keys.Concat(_written.Keys).Where(k => k.StartsWith(p, StringComparison.Ordinal)).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
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
    /// <summary>The old node's metadata and keys are deleted: the node is absent until commit.</summary>
    public const string Withdrawn = "object-withdrawn";
}

/// <summary>
/// A writer's lease on a node: the object <c>.zarr-txn/locks/&lt;escaped node path&gt;</c>, created if absent. It holds
/// its owner and expiry; an expired lock (its writer crashed) is taken over with if-match on its ETag, so two
/// writers cannot both take it. After taking its own lock a writer lists the others and backs off from any live
/// lock on an ancestor or descendant node. Waits up to <see cref="ObjectStoreOptions.LockWait"/>, then ZarrWriteConflict.
/// </summary>
internal sealed class NodeLock
{
    private const string Folder = ObjectStore.HiddenPrefix + "locks/";
    private readonly ObjectStore _store;
    private readonly string _key;
    private readonly string _owner;
    private string? _etag;
    private bool _released;

    private NodeLock(ObjectStore store, string key, string owner, string? etag)
    {
        _store = store;
        _key = key;
        _owner = owner;
        _etag = etag;
    }

    private static string KeyOf(string nodePath) => Folder + Uri.EscapeDataString(nodePath);

    private sealed record Lease(string Owner, string Host, int Process, DateTimeOffset Expires);

    private static byte[] Content(string owner, ObjectStore store) =>
        JsonSerializer.SerializeToUtf8Bytes(new Lease(owner, Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow + store.Options.LockLease));

    public static NodeLock Acquire(ObjectStore store, string nodePath)
    {
        var owner = Guid.NewGuid().ToString("N");
        var key = KeyOf(nodePath);
        var deadline = DateTime.UtcNow + store.Options.LockWait;
        string holder = "";
        for (var attempt = 0; ; attempt++)
        {
            var mine = TryTake(store, key, owner, out holder);
            if (mine is not null)
            {
                var blocker = Overlapping(store, nodePath, key);
                if (blocker is null) return mine;
                mine.Release();
                holder = blocker;
            }
            if (DateTime.UtcNow >= deadline)
                throw new ZarrException(ZarrErrorKind.Conflict,
                    $"Another writer ({holder}) has been writing this node or one around it for longer than {store.Options.LockWait.TotalSeconds:0} s; try again later", store.Name, nodePath);
            Thread.Sleep(Math.Min(50 * (1 << Math.Min(attempt, 4)), 1000) + Random.Shared.Next(50));
        }
    }

    private static NodeLock? TryTake(ObjectStore store, string key, string owner, out string holder)
    {
        holder = "";
        try
        {
            return new NodeLock(store, key, owner, store.SetConditional(key, Content(owner, store), WriteCondition.Absent));
        }
        catch (ZarrException e) when (e.Kind == ZarrErrorKind.Conflict) { }
        var (lease, etag) = Read(store, key);
        if (lease is null || etag is null) return null; // released meanwhile: try again
        holder = $"{lease.Host} process {lease.Process}, lease until {lease.Expires:u}";
        if (lease.Expires > DateTimeOffset.UtcNow) return null;
        try
        {
            // The holder crashed: take its lock over, conditionally, so that only one of several waiting writers does.
            return new NodeLock(store, key, owner, store.SetConditional(key, Content(owner, store), WriteCondition.Matches(etag)));
        }
        catch (ZarrException e) when (e.Kind == ZarrErrorKind.Conflict) { return null; }
    }

    private static (Lease? Lease, string? ETag) Read(ObjectStore store, string key)
    {
        var info = store.HeadAsync(key).GetAwaiter().GetResult();
        var bytes = store.Get(key);
        if (info is null || bytes is null) return (null, null);
        try { return (JsonSerializer.Deserialize<Lease>(bytes), info.ETag); }
        catch (JsonException) { return (new Lease("?", "unknown", 0, DateTimeOffset.MinValue), info.ETag); }
    }

    /// <summary>A live lock on an ancestor or descendant of the node, described; null when there is none.</summary>
    private static string? Overlapping(ObjectStore store, string nodePath, string ownKey)
    {
        var others = new List<string>();
        var listing = store.ListPrefixAsync(Folder.TrimEnd('/'), includeHidden: true).GetAsyncEnumerator();
        try
        {
            while (listing.MoveNextAsync().AsTask().GetAwaiter().GetResult()) others.Add(listing.Current);
        }
        finally { listing.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
        foreach (var other in others)
        {
            if (other == ownKey) continue;
            var path = Uri.UnescapeDataString(other[Folder.Length..]);
            if (!(path.StartsWith(nodePath + "/", StringComparison.Ordinal) || nodePath.StartsWith(path + "/", StringComparison.Ordinal))) continue;
            var (lease, _) = Read(store, other);
            if (lease is not null && lease.Expires > DateTimeOffset.UtcNow) return $"{lease.Host} process {lease.Process} on '{path}'";
        }
        return null;
    }

    /// <summary>Extends the lease just before commit; fails with ZarrWriteConflict when another writer took the lock over meanwhile.</summary>
    public void Renew()
    {
        if (_etag is null) return;
        try { _etag = _store.SetConditional(_key, Content(_owner, _store), WriteCondition.Matches(_etag)); }
        catch (ZarrException e) when (e.Kind == ZarrErrorKind.Conflict)
        {
            throw new ZarrException(ZarrErrorKind.Conflict, "This writer's lock expired and another writer took the node over; the save was abandoned", _store.Name, _key, e);
        }
    }

    public void Release()
    {
        if (_released) return;
        _released = true;
        try { _store.Delete(_key); }
        catch (ZarrException) { /* the lease expires by itself */ }
    }
}
