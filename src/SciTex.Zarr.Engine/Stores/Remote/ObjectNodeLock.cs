using System.Text.Json;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores.Remote;

/// <summary>
/// A writer's lease on a node: the object <c>.zarr-txn/locks/&lt;escaped node path&gt;</c>, created if absent. It holds
/// its owner (the writer's transaction id) and expiry; an expired lock (its writer crashed) is taken over with
/// if-match on its ETag, so two writers cannot both take it. After taking its own lock a writer lists the others and
/// backs off from any live lock on an ancestor or descendant node. Waits up to <see cref="ObjectStoreOptions.LockWait"/>,
/// then ZarrWriteConflict. While it is held a heartbeat renews the lease every third of it, so the lease can be short
/// (a crashed writer's node is recovered within one lease) and a save may stage for longer than one lease.
/// </summary>
internal sealed class ObjectNodeLock : IDisposable
{
    private const string Folder = ObjectStore.HiddenPrefix + "locks/";
    private readonly ObjectStore _store;
    private readonly string _key;
    private readonly object _gate = new();
    private readonly Timer _heartbeat;
    private string? _etag;
    private bool _released;
    /// <summary>Set when a heartbeat could not renew the lease (taken over, or the store unreachable): the renewal before the commit reports it.</summary>
    private ZarrException? _lost;

    private ObjectNodeLock(ObjectStore store, string nodePath, string owner, string? etag)
    {
        _store = store;
        NodePath = nodePath;
        _key = KeyOf(nodePath);
        Owner = owner;
        _etag = etag;
        _beat = TimeSpan.FromTicks(Math.Max(store.Options.LockLease.Ticks / 3, MinimumBeat.Ticks));
        // One-shot, re-armed after each beat: beats never overlap, so a slow renewal (retries) cannot pile up
        // thread-pool threads waiting for the previous one.
        _heartbeat = new Timer(static state => ((ObjectNodeLock)state!).Beat(), this, _beat, Timeout.InfiniteTimeSpan);
    }

    private static readonly TimeSpan MinimumBeat = TimeSpan.FromMilliseconds(200);
    private readonly TimeSpan _beat;

    private void Beat()
    {
        // An explicit renewal in progress renews the lease anyway: skip this beat rather than wait for it.
        if (!Monitor.TryEnter(_gate)) { Rearm(); return; }
        try
        {
            if (_released || _lost is not null) return;
            // Taken over, or the store unreachable after every retry: either way the lease can no longer be vouched
            // for, so the renewal before the commit fails with this instead of committing on a lapsed lease.
            try { RenewLocked(); }
            catch (ZarrException e) { _lost = e; }
            catch (ObjectDisposedException) { _lost = new ZarrException(ZarrErrorKind.Conflict, "The store was closed while this writer held its lock", _store.Name, _key); }
            if (!_released && _lost is null) Rearm();
        }
        finally { Monitor.Exit(_gate); }
    }

    private void Rearm()
    {
        try { _heartbeat.Change(_beat, Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { /* released meanwhile */ }
    }

    public string NodePath { get; }
    /// <summary>The id of the transaction this lock guards (a new GUID per writer).</summary>
    public string Owner { get; }

    private static string KeyOf(string nodePath) => Folder + Uri.EscapeDataString(nodePath);

    internal sealed record Lease(string Owner, string Host, int Process, DateTimeOffset Expires)
    {
        public bool IsLive => Expires > DateTimeOffset.UtcNow;
        public override string ToString() => $"{Host} process {Process}, lease until {Expires:u}";
    }

    private static byte[] Content(string owner, ObjectStore store) =>
        JsonSerializer.SerializeToUtf8Bytes(new Lease(owner, Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow + store.Options.LockLease));

    public static ObjectNodeLock Acquire(ObjectStore store, string nodePath)
    {
        var owner = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + store.Options.LockWait;
        string holder = "";
        for (var attempt = 0; ; attempt++)
        {
            var mine = TryTake(store, nodePath, owner, out holder);
            if (mine is not null)
            {
                var blocker = Overlapping(store, nodePath, mine._key);
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

    /// <summary>The node's lock when nobody holds it, or its holder's lease expired (recovery of a dead writer's transaction); null while it is held.</summary>
    public static ObjectNodeLock? TryTakeIfFree(ObjectStore store, string nodePath) => TryTake(store, nodePath, Guid.NewGuid().ToString("N"), out _);

    /// <summary>The lease on a node, or null when nobody holds its lock.</summary>
    public static Lease? Holder(ObjectStore store, string nodePath) => Read(store, KeyOf(nodePath)).Lease;

    private static ObjectNodeLock? TryTake(ObjectStore store, string nodePath, string owner, out string holder)
    {
        holder = "";
        var key = KeyOf(nodePath);
        try
        {
            return new ObjectNodeLock(store, nodePath, owner, store.SetConditional(key, Content(owner, store), WriteCondition.Absent));
        }
        catch (ZarrException e) when (e.Kind == ZarrErrorKind.Conflict) { }
        var (lease, etag) = Read(store, key);
        if (lease is null || etag is null) return null; // released meanwhile: try again
        holder = lease.ToString();
        if (lease.IsLive) return null;
        try
        {
            // The holder crashed: take its lock over, conditionally, so that only one of several waiting writers does.
            return new ObjectNodeLock(store, nodePath, owner, store.SetConditional(key, Content(owner, store), WriteCondition.Matches(etag)));
        }
        catch (ZarrException e) when (e.Kind == ZarrErrorKind.Conflict) { return null; }
    }

    private static (Lease? Lease, string? ETag) Read(ObjectStore store, string key)
    {
        var read = store.GetWithVersionAsync(key).GetAwaiter().GetResult();
        if (read is null) return (null, null);
        using var data = read.Data;
        try { return (JsonSerializer.Deserialize<Lease>(data.Span), read.ETag); }
        catch (JsonException) { return (new Lease("?", "unknown", 0, DateTimeOffset.MinValue), read.ETag); }
    }

    /// <summary>A live lock on an ancestor or descendant of the node, described; null when there is none.</summary>
    private static string? Overlapping(ObjectStore store, string nodePath, string ownKey)
    {
        foreach (var other in store.ListHidden(Folder.TrimEnd('/')))
        {
            if (other == ownKey) continue;
            var path = Uri.UnescapeDataString(other[Folder.Length..]);
            if (!(path.StartsWith(nodePath + "/", StringComparison.Ordinal) || nodePath.StartsWith(path + "/", StringComparison.Ordinal))) continue;
            var (lease, _) = Read(store, other);
            if (lease is not null && lease.IsLive) return $"{lease.Host} process {lease.Process} on '{path}'";
        }
        return null;
    }

    /// <summary>Extends the lease (before commit); fails with ZarrWriteConflict when another writer took the lock over meanwhile.</summary>
    public void Renew()
    {
        lock (_gate)
        {
            if (_lost is not null) throw _lost;
            RenewLocked();
        }
    }

    private void RenewLocked()
    {
        if (_etag is null || _released) return;
        try { _etag = _store.SetConditional(_key, Content(Owner, _store), WriteCondition.Matches(_etag)); }
        catch (ZarrException e)
        {
            // Whatever failed, the lock may be someone else's now (taken over, or deleted by a recovering writer:
            // if-match on a missing key is refused): never delete it on release; an own lock expires by itself.
            _released = true;
            if (e.Kind != ZarrErrorKind.Conflict) throw;
            throw new ZarrException(ZarrErrorKind.Conflict, "This writer's lock expired and another writer took the node over; the save was abandoned", _store.Name, _key, e);
        }
    }

    /// <summary><see cref="Renew"/>, false instead of a conflict when another writer took the lock over (or a heartbeat could not renew it).</summary>
    public bool TryRenew()
    {
        lock (_gate)
            if (_lost is not null) return false; // after the commit a lapsed heartbeat only means: leave the cleanup to recovery
        try
        {
            Renew();
            return true;
        }
        catch (ZarrException e) when (e.Kind == ZarrErrorKind.Conflict) { return false; }
    }

    public void Dispose() => Release();

    public void Release()
    {
        lock (_gate)
        {
            _heartbeat.Dispose();
            if (_released) return;
            _released = true;
        }
        try { _store.Delete(_key); }
        catch (ZarrException) { /* the lease expires by itself */ }
    }
}
