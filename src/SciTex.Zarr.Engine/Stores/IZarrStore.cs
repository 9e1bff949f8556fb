using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Engine.Stores;

/// <summary>
/// A key/value store as the spec describes it. Keys use '/' separators and never start with '/'.
/// Get returns null for a missing key (a missing chunk means "fill value", not an error).
/// </summary>
public interface IZarrStore : IDisposable
{
    /// <summary>A display name for messages (directory path, zip path, "memory").</summary>
    string Name { get; }
    bool IsReadOnly { get; }

    byte[]? Get(string key);

    /// <summary>
    /// <see cref="Get"/> into a buffer the caller disposes; stores that can read into pooled memory override it so
    /// chunk reads do not allocate a new (large-object-heap) array each. Null when the key is missing.
    /// </summary>
    PooledBuffer? GetPooled(string key) => Get(key) is { } value ? PooledBuffer.Wrap(value) : null;

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/>; a negative offset counts from the end (suffix read). Null when the key is missing.</summary>
    byte[]? GetRange(string key, long offset, int length);

    /// <summary>Size of the value, or null when the key is missing.</summary>
    long? GetSize(string key);

    bool Exists(string key);

    /// <summary>Stores a value atomically: readers see either the old or the new value, never a partial one.</summary>
    void Set(string key, ReadOnlySpan<byte> value);

    void Delete(string key);

    /// <summary>Deletes every key under <paramref name="prefix"/> (a node and its descendants).</summary>
    void DeletePrefix(string prefix);

    /// <summary>Every key under a prefix ("" = all), recursively.</summary>
    IEnumerable<string> ListPrefix(string prefix);

    /// <summary>Immediate children under a prefix: keys (files) and prefixes (folders, without trailing '/').</summary>
    (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix);

    /// <summary>Makes earlier writes durable (zip stores write their archive here). Disposing without it discards what a zip store holds pending.</summary>
    void Flush();

    /// <summary>
    /// Starts writing (or replacing) the node at <paramref name="nodePath"/> out of sight: readers keep seeing the old
    /// node until <see cref="IStagedWrite.Commit"/>. The default suits stores that publish only on <see cref="Flush"/>.
    /// </summary>
    IStagedWrite BeginNodeWrite(string nodePath) => new InPlaceStagedWrite(this, nodePath);

    /// <summary>
    /// A token that changes whenever the value at <paramref name="key"/> is replaced (null when missing, or when the
    /// store cannot be changed under a reader). Readers compare it before and after reading a node's chunks.
    /// </summary>
    string? GetVersion(string key) => null;

    /// <summary>Waits while a replacement of the node (or a group around it) is being swapped in; true when there was one.</summary>
    bool WaitForPendingCommit(string nodePath) => false;

    /// <summary>
    /// Removes a node and everything below it in one step a reader cannot see half done. The default suits stores
    /// that publish on <see cref="Flush"/>; directory stores move the node's folder into <c>.zarr-txn</c> by one
    /// rename and delete it there (see docs/write-protocol.md, "Node management").
    /// </summary>
    void DeleteNode(string nodePath) => DeletePrefix(nodePath);

    /// <summary>
    /// Renames a node within the store in one atomic step; false when the store cannot (the caller then copies and
    /// removes). Fails when <paramref name="to"/> exists.
    /// </summary>
    bool TryRenameNode(string from, string to) => false;

    /// <summary>
    /// Holds a lock that serialises the writers that change an existing array in place (region writes, appends,
    /// resizes) across threads and processes; disposing releases it. Stores a single process owns return a no-op.
    /// </summary>
    IDisposable LockNode(string nodePath) => NodeLock.None;

    // ---- capabilities and asynchronous I/O (object stores override these; local stores keep the defaults) -------

    /// <summary>Every key under a prefix with its size; object stores take the sizes from the listing itself (no request per key).</summary>
    IEnumerable<(string Key, long Size)> ListPrefixSizes(string prefix) => ListPrefix(prefix).Select(k => (k, GetSize(k) ?? 0));

    /// <summary>What the store can do; local stores list, write, delete and replace nodes atomically.</summary>
    StoreCapabilities Capabilities => IsReadOnly ? StoreCapabilities.Local & ~(StoreCapabilities.Writes | StoreCapabilities.Deletes) : StoreCapabilities.Local;

    /// <summary><see cref="GetPooled"/> without holding a thread while the bytes travel. Null when the key is missing.</summary>
    ValueTask<PooledBuffer?> GetPooledAsync(string key, CancellationToken cancel = default) => new(GetPooled(key));

    /// <summary><see cref="GetRange"/> without holding a thread (negative offset = suffix).</summary>
    ValueTask<byte[]?> GetRangeAsync(string key, long offset, int length, CancellationToken cancel = default) => new(GetRange(key, offset, length));

    /// <summary><see cref="Set"/> without holding a thread. The caller keeps <paramref name="value"/> alive until it completes.</summary>
    ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancel = default)
    {
        Set(key, value.Span);
        return default;
    }

    /// <summary><see cref="Delete"/> without holding a thread; deleting a missing key is not an error.</summary>
    ValueTask DeleteAsync(string key, CancellationToken cancel = default)
    {
        Delete(key);
        return default;
    }

    /// <summary>
    /// Writes <paramref name="value"/> only when the key is in the state <paramref name="condition"/> names (absent, or
    /// at a version <see cref="GetVersion"/> returned); otherwise throws <see cref="Errors.ZarrErrorKind.Conflict"/>.
    /// Returns the new version. Stores without <see cref="StoreCapabilities.ConditionalWrites"/> refuse with
    /// <see cref="Errors.ZarrErrorKind.NotSupported"/>.
    /// </summary>
    string? SetConditional(string key, ReadOnlySpan<byte> value, WriteCondition condition) =>
        throw new Errors.ZarrException(Errors.ZarrErrorKind.NotSupported, "This store has no conditional writes", Name, key);
}

/// <summary>What a store can do, so callers choose a strategy (or refuse with a named error) up front.</summary>
[Flags]
public enum StoreCapabilities
{
    None = 0,
    /// <summary>ListPrefix / ListDir work (plain HTTP cannot list).</summary>
    Listing = 1,
    Writes = 2,
    Deletes = 4,
    /// <summary>GetRange with a negative offset is one request (S3, HTTP); otherwise it costs a size request first.</summary>
    SuffixRanges = 8,
    /// <summary>SetConditional works: create-if-absent and if-match writes that lose with a conflict.</summary>
    ConditionalWrites = 16,
    /// <summary>A node replacement is swapped in atomically (readers see old or new, a crash leaves old or new).</summary>
    AtomicNodeReplace = 32,
    /// <summary>Each request costs network latency: the chunk pipeline keeps many requests in flight (ZarrConfig.IoConcurrency).</summary>
    HighLatency = 64,
    Local = Listing | Writes | Deletes | SuffixRanges | AtomicNodeReplace,
}

/// <summary>The precondition of a conditional write.</summary>
public readonly record struct WriteCondition(string? IfMatch, bool IfNoneMatch)
{
    /// <summary>Create the key; fail when it exists (HTTP If-None-Match: *).</summary>
    public static WriteCondition Absent => new(null, true);
    /// <summary>Replace the key only at this version (HTTP If-Match: ETag).</summary>
    public static WriteCondition Matches(string version) => new(version, false);
    public static WriteCondition None => default;
    public bool IsNone => IfMatch is null && !IfNoneMatch;
    public override string ToString() => IfNoneMatch ? "if-absent" : IfMatch is null ? "unconditional" : $"if-match {IfMatch}";
}
