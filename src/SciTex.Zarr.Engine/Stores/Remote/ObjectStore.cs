using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Engine.Stores.Remote;

/// <summary>Size, version (ETag) and, when the service says, last-modified time of one object.</summary>
public sealed record ObjectInfo(long Length, string? ETag, DateTimeOffset? Modified = null);

/// <summary>One object read: its bytes (the caller disposes) and its version when the service sent one.</summary>
public sealed record ObjectRead(PooledBuffer Data, string? ETag);

/// <summary>One listing entry: an object name, or (delimited listings) a common prefix without its trailing '/'.</summary>
public readonly record struct ObjectEntry(string Name, bool IsPrefix, long Size = 0);

/// <summary>An adapter reports a lost conditional write (HTTP 412 Precondition Failed, Azure 409 BlobAlreadyExists) with this.</summary>
public sealed class ObjectConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An adapter reports a failure worth retrying (throttling, 5xx, timeouts, dropped connections) with this, or says so in <see cref="ObjectStore.IsTransient"/>.</summary>
public sealed class ObjectTransientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The part of every object store (S3, Azure Blob, HTTP) that does not depend on an SDK: keys under a root prefix,
/// synchronous members over the asynchronous primitives, bounded retries with exponential backoff and jitter,
/// conditional metadata writes (create-if-absent when this store saw the key absent, if-match when it read the key's
/// version), the object-store write protocol (<see cref="ObjectStagedWrite"/>), and the hidden <c>.zarr-txn/</c> prefix
/// for writer locks. Adapters implement six primitives over object names (root prefix included).
/// See docs/object-stores.md.
/// </summary>
public abstract partial class ObjectStore : IZarrStore
{
    /// <summary>Where writer locks live; never listed.</summary>
    public const string HiddenPrefix = ".zarr-txn/";
    private static readonly HashSet<string> MetadataNames = new(StringComparer.Ordinal) { "zarr.json", ".zarray", ".zgroup", ".zattrs", ".zmetadata" };

    /// <summary>Versions this store instance last saw for metadata keys; a null value means "seen absent".</summary>
    private readonly ConcurrentDictionary<string, string?> _observed = new(StringComparer.Ordinal);

    protected ObjectStore(string name, string rootPrefix, bool readOnly, ObjectStoreOptions? options)
    {
        Name = name;
        RootPrefix = rootPrefix.Length == 0 || rootPrefix.EndsWith('/') ? rootPrefix : rootPrefix + "/";
        IsReadOnly = readOnly;
        Options = options ?? new ObjectStoreOptions();
    }

    public string Name { get; }
    public bool IsReadOnly { get; }
    public ObjectStoreOptions Options { get; }

    /// <summary>Prefix of every object name ("" or "path/x.zarr/").</summary>
    protected string RootPrefix { get; }

    /// <summary>Requests sent, retries taken (tests and benchmarks read these).</summary>
    public long Requests => Interlocked.Read(ref _requests);
    public long Retries => Interlocked.Read(ref _retries);
    private long _requests, _retries;

    public virtual StoreCapabilities Capabilities =>
        StoreCapabilities.HighLatency | StoreCapabilities.Listing
        | (SupportsSuffixRanges ? StoreCapabilities.SuffixRanges : 0)
        | (IsReadOnly ? 0 : StoreCapabilities.Writes | StoreCapabilities.Deletes | StoreCapabilities.ConditionalWrites | StoreCapabilities.AtomicNodeReplace);

    // ---- what an adapter implements --------------------------------------------------------------------------

    /// <summary>Reads a whole object (<paramref name="length"/> &lt; 0 and offset 0), a range, or (offset &lt; 0) a suffix. Null when missing.</summary>
    protected abstract Task<ObjectRead?> ReadObjectAsync(string name, long offset, int length, CancellationToken cancel);
    protected abstract Task<ObjectInfo?> HeadObjectAsync(string name, CancellationToken cancel);
    /// <summary>Writes an object under a condition; throws <see cref="ObjectConflictException"/> when the condition fails. Returns the new ETag.</summary>
    protected abstract Task<string?> WriteObjectAsync(string name, ReadOnlyMemory<byte> data, WriteCondition condition, CancellationToken cancel);
    /// <summary>Deletes an object; a missing one is not an error.</summary>
    protected abstract Task DeleteObjectAsync(string name, CancellationToken cancel);
    /// <summary>Lists names under a prefix, recursively or (delimited) one level with common prefixes.</summary>
    protected abstract IAsyncEnumerable<ObjectEntry> ListObjectsAsync(string prefix, bool delimited, CancellationToken cancel);
    /// <summary>
    /// Copies one object to another name in the same bucket or container. The default reads and writes the bytes;
    /// adapters override it with the service's server-side copy (no bytes travel through this process).
    /// </summary>
    protected virtual async Task CopyObjectAsync(string sourceName, string targetName, CancellationToken cancel)
    {
        var read = await ReadObjectAsync(sourceName, 0, -1, cancel).ConfigureAwait(false)
            ?? throw new ZarrException(ZarrErrorKind.KeyNotFound, "The source of a copy is missing", Name, KeyOf(sourceName));
        using var data = read.Data;
        await WriteObjectAsync(targetName, data.Memory, WriteCondition.None, cancel).ConfigureAwait(false);
    }

    /// <summary>True for failures worth retrying (the adapter knows its SDK's exception types).</summary>
    protected virtual bool IsTransient(Exception e) => e is ObjectTransientException or HttpRequestException or TimeoutException
        || (e is TaskCanceledException && e.InnerException is TimeoutException);
    /// <summary>False when a suffix range would be refused (Azurite answers 500): the size is asked first.</summary>
    protected virtual bool SupportsSuffixRanges => true;

    // ---- keys -------------------------------------------------------------------------------------------------

    protected string ObjectName(string key) => RootPrefix + key;

    private string KeyOf(string name) => name[RootPrefix.Length..];

    internal static bool IsMetadataKey(string key) => MetadataNames.Contains(StoreKeys.LastSegment(key));

    private static bool IsHidden(string key) => key.StartsWith(HiddenPrefix, StringComparison.Ordinal);

    // ---- retries ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Runs one request with bounded retries: transient failures wait 2^attempt × <see cref="ObjectStoreOptions.RetryBaseDelay"/>
    /// (at most <see cref="ObjectStoreOptions.RetryMaxDelay"/>, with jitter) and try again, up to
    /// <see cref="ObjectStoreOptions.MaxAttempts"/>. Everything reaching the caller is a <see cref="ZarrException"/>.
    /// </summary>
    protected async Task<T> Retry<T>(string operation, string key, Func<CancellationToken, Task<T>> action, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref _requests);
            try
            {
                return await action(cancel).ConfigureAwait(false);
            }
            catch (ZarrException) { throw; }
            catch (ObjectConflictException e)
            {
                throw new ZarrException(ZarrErrorKind.Conflict, $"Another writer changed '{key}' first ({operation} lost its condition: {Clean(e.Message)})", Name, key, e);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { throw; }
            catch (Exception e) when (IsTransient(e) && attempt < Options.MaxAttempts)
            {
                Interlocked.Increment(ref _retries);
                var delay = Math.Min(Options.RetryMaxDelay.TotalMilliseconds, Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
                await Task.Delay(TimeSpan.FromMilliseconds(delay * (0.5 + Random.Shared.NextDouble() / 2)), cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var why = IsTransient(e) ? $"still failing after {attempt} attempts" : "refused";
                throw new ZarrException(ZarrErrorKind.StoreUnavailable, $"{operation} {why}: {Clean(e.Message)}", Name, key, e);
            }
        }
    }

    /// <summary>The write-time part that <see cref="GetVersion"/> appends to an ETag.</summary>
    [GeneratedRegex(@"@[0-9]*$")]
    private static partial Regex VersionSuffix();

    [GeneratedRegex(@"(sig|AccountKey|SharedAccessSignature|X-Amz-Signature|X-Amz-Credential|Authorization)=[^;&\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPattern();

    /// <summary>The first line of an SDK message with anything that looks like a secret removed: messages reach logs.</summary>
    public static string Clean(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return SecretPattern().Replace(line, m => m.Value[..(m.Value.IndexOf('=') + 1)] + "***");
    }

    /// <summary>
    /// Set while this task finishes a dead writer's transaction: a store opened read-only may still roll a committed
    /// replacement forward (as directory stores do), so a reader never stays stuck on a node a crash left absent.
    /// </summary>
    private static readonly AsyncLocal<bool> Recovering = new();

    private void CheckWritable(string key)
    {
        if (IsReadOnly && !(Recovering.Value && Capabilities.HasFlag(StoreCapabilities.Listing)))
            throw new ZarrException(Capabilities.HasFlag(StoreCapabilities.Writes) ? ZarrErrorKind.WriteFailed : ZarrErrorKind.NotSupported,
                "Store is opened read-only", Name, key);
    }

    // ---- IZarrStore, asynchronous -----------------------------------------------------------------------------

    public async ValueTask<PooledBuffer?> GetPooledAsync(string key, CancellationToken cancel = default)
    {
        StoreKeys.ValidateKey(key, Name);
        var read = await Retry("GET", key, c => ReadObjectAsync(ObjectName(key), 0, -1, c), cancel).ConfigureAwait(false);
        if (IsMetadataKey(key)) _observed[key] = read?.ETag;
        return read?.Data;
    }

    public async ValueTask<byte[]?> GetRangeAsync(string key, long offset, int length, CancellationToken cancel = default)
    {
        StoreKeys.ValidateKey(key, Name);
        if (offset < 0 && !SupportsSuffixRanges)
        {
            // Azure documents no suffix ranges (Azurite answers 500): ask for the size, then read an ordinary range.
            var info = await Retry("HEAD", key, c => HeadObjectAsync(ObjectName(key), c), cancel).ConfigureAwait(false);
            if (info is null) return null;
            offset = info.Length + offset;
            if (offset < 0) throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Suffix of {-offset + info.Length} bytes asked of a {info.Length}-byte value", Name, key);
        }
        var read = await Retry("GET range", key, c => ReadObjectAsync(ObjectName(key), offset, length, c), cancel).ConfigureAwait(false);
        if (read is null) return null;
        using var data = read.Data;
        if (data.Length != length)
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Range {offset}+{length} outside the value ({data.Length} bytes returned)", Name, key);
        return data.ToArray();
    }

    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancel = default)
    {
        StoreKeys.ValidateKey(key, Name);
        CheckWritable(key);
        if (!IsMetadataKey(key))
        {
            await Retry("PUT", key, c => WriteObjectAsync(ObjectName(key), value, WriteCondition.None, c), cancel).ConfigureAwait(false);
            return;
        }
        // Metadata is written under the condition this store instance saw it in: a reader-then-writer (attribute
        // update, resize, append) never silently overwrites another writer's change.
        var condition = !_observed.TryGetValue(key, out var seen) ? WriteCondition.None : seen is null ? WriteCondition.Absent : WriteCondition.Matches(seen);
        await SetConditionalAsync(key, value, condition, cancel).ConfigureAwait(false);
    }

    /// <summary>A conditional write; a create-if-absent that loses to a byte-identical document is no conflict (two writers creating the same parent group).</summary>
    public async Task<string?> SetConditionalAsync(string key, ReadOnlyMemory<byte> value, WriteCondition condition, CancellationToken cancel = default)
    {
        StoreKeys.ValidateKey(key, Name);
        CheckWritable(key);
        if (condition.IfMatch is { } version && VersionSuffix().Match(version) is { Success: true } suffix)
            condition = WriteCondition.Matches(version[..suffix.Index]); // a GetVersion token: its ETag part
        string? etag;
        try
        {
            etag = await Retry("PUT " + condition, key, c => WriteObjectAsync(ObjectName(key), value, condition, c), cancel).ConfigureAwait(false);
        }
        catch (ZarrException e) when (e.Kind == ZarrErrorKind.Conflict && condition.IfNoneMatch)
        {
            var existing = await Retry("GET", key, c => ReadObjectAsync(ObjectName(key), 0, -1, c), cancel).ConfigureAwait(false);
            using (existing?.Data)
                if (existing is null || !existing.Data.Span.SequenceEqual(value.Span)) throw;
            etag = existing.ETag;
        }
        if (IsMetadataKey(key)) _observed[key] = etag;
        return etag;
    }

    public async ValueTask DeleteAsync(string key, CancellationToken cancel = default)
    {
        StoreKeys.ValidateKey(key, Name);
        CheckWritable(key);
        await Retry("DELETE", key, async c => { await DeleteObjectAsync(ObjectName(key), c).ConfigureAwait(false); return true; }, cancel).ConfigureAwait(false);
        if (IsMetadataKey(key)) _observed[key] = null;
    }

    /// <summary>Copies a value to another key server-side (S3 CopyObject, Azure copy from URL); the target is written unconditionally.</summary>
    public async ValueTask CopyAsync(string sourceKey, string targetKey, CancellationToken cancel = default)
    {
        StoreKeys.ValidateKey(sourceKey, Name);
        StoreKeys.ValidateKey(targetKey, Name);
        CheckWritable(targetKey);
        await Retry("COPY", targetKey, async c => { await CopyObjectAsync(ObjectName(sourceKey), ObjectName(targetKey), c).ConfigureAwait(false); return true; }, cancel).ConfigureAwait(false);
        if (IsMetadataKey(targetKey)) _observed.TryRemove(targetKey, out _);
    }

    /// <summary>A whole value with its version (ETag), or null when missing.</summary>
    internal async Task<ObjectRead?> GetWithVersionAsync(string key, CancellationToken cancel = default)
    {
        StoreKeys.ValidateKey(key, Name);
        return await Retry("GET", key, c => ReadObjectAsync(ObjectName(key), 0, -1, c), cancel).ConfigureAwait(false);
    }

    /// <summary>Every key under a prefix, hidden ones (<c>.zarr-txn/</c>) included.</summary>
    internal List<string> ListHidden(string prefix) => ListPrefixAsync(prefix, includeHidden: true).ToBlockingEnumerable().ToList();

    /// <summary>Size and version of a key, or null when missing.</summary>
    public async Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancel = default)
    {
        StoreKeys.ValidateKey(key, Name);
        var info = await Retry("HEAD", key, c => HeadObjectAsync(ObjectName(key), c), cancel).ConfigureAwait(false);
        if (IsMetadataKey(key)) _observed[key] = info?.ETag;
        return info;
    }

    public async IAsyncEnumerable<string> ListPrefixAsync(string prefix, bool includeHidden = false, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        var p = prefix.Length == 0 ? "" : StoreKeys.NormalizePath(prefix, Name) + "/";
        CheckListing(p);
        // A listing is retried as a whole: a listing restarted from the top yields each name once.
        var names = await Retry("LIST", p, async c =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var all = new List<string>();
            await foreach (var entry in ListObjectsAsync(ObjectName(p), false, c).ConfigureAwait(false))
                if (!entry.IsPrefix && seen.Add(entry.Name)) all.Add(entry.Name);
            return all;
        }, cancel).ConfigureAwait(false);
        foreach (var name in names)
        {
            var key = KeyOf(name);
            if (key.Length == 0 || (!includeHidden && IsHidden(key))) continue;
            yield return key;
        }
    }

    private void CheckListing(string prefix)
    {
        if (!Capabilities.HasFlag(StoreCapabilities.Listing))
            throw new ZarrException(ZarrErrorKind.NotSupported,
                "This store cannot list its keys (plain HTTP has no listing). Write the store with consolidated metadata (Save-Zarr -Consolidate) so readers know what exists, or name the array's key", Name, prefix.Length == 0 ? null : prefix);
    }

    // ---- IZarrStore, synchronous (over the asynchronous members) ---------------------------------------------

    private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
    private static void Wait(ValueTask task) { if (!task.IsCompletedSuccessfully) task.AsTask().GetAwaiter().GetResult(); }

    public byte[]? Get(string key)
    {
        using var buffer = Wait(GetPooledAsync(key));
        return buffer?.ToArray();
    }

    public PooledBuffer? GetPooled(string key) => Wait(GetPooledAsync(key));
    public byte[]? GetRange(string key, long offset, int length) => Wait(GetRangeAsync(key, offset, length));
    public long? GetSize(string key) => Wait(HeadAsync(key))?.Length;
    public bool Exists(string key) => Wait(HeadAsync(key)) is not null;
    public void Set(string key, ReadOnlySpan<byte> value) => Wait(SetAsync(key, value.ToArray()));
    public void Delete(string key) => Wait(DeleteAsync(key));

    public string? SetConditional(string key, ReadOnlySpan<byte> value, WriteCondition condition) =>
        Wait(SetConditionalAsync(key, value.ToArray(), condition));

    public void DeletePrefix(string prefix) => Wait(DeletePrefixAsync(prefix));

    /// <summary>Deletes every key under a prefix (metadata documents first, so the node disappears before its chunks), many requests at once.</summary>
    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancel = default, bool includeHidden = false)
    {
        CheckWritable(prefix);
        var keys = new List<string>();
        await foreach (var key in ListPrefixAsync(prefix, includeHidden, cancel).ConfigureAwait(false)) keys.Add(key);
        var metadata = keys.Where(IsMetadataKey).OrderBy(k => k.Count(c => c == '/')).ToList();
        foreach (var key in metadata) await DeleteAsync(key, cancel).ConfigureAwait(false);
        await Parallel.ForEachAsync(keys.Where(k => !IsMetadataKey(k)), new ParallelOptions { MaxDegreeOfParallelism = ZarrConfig.IoConcurrency, CancellationToken = cancel },
            async (key, c) => await DeleteAsync(key, c).ConfigureAwait(false)).ConfigureAwait(false);
        return keys.Count;
    }

    public IEnumerable<(string Key, long Size)> ListPrefixSizes(string prefix)
    {
        var p = prefix.Length == 0 ? "" : StoreKeys.NormalizePath(prefix, Name) + "/";
        CheckListing(p);
        var entries = Wait(Retry("LIST", p, async c =>
        {
            var all = new List<ObjectEntry>();
            await foreach (var entry in ListObjectsAsync(ObjectName(p), false, c).ConfigureAwait(false)) if (!entry.IsPrefix) all.Add(entry);
            return all;
        }, CancellationToken.None));
        return entries.Select(e => (Key: KeyOf(e.Name), e.Size)).Where(e => e.Key.Length > 0 && !IsHidden(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
    }

    public IEnumerable<string> ListPrefix(string prefix)
    {
        var list = new List<string>();
        Wait(Collect());
        return list.OrderBy(k => k, StringComparer.Ordinal);

        async ValueTask<bool> Collect()
        {
            await foreach (var key in ListPrefixAsync(prefix).ConfigureAwait(false)) list.Add(key);
            return true;
        }
    }

    public (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix)
    {
        var p = prefix.Length == 0 ? "" : StoreKeys.NormalizePath(prefix, Name) + "/";
        CheckListing(p);
        var entries = Wait(Retry("LIST", p, async c =>
        {
            var all = new List<ObjectEntry>();
            await foreach (var entry in ListObjectsAsync(ObjectName(p), true, c).ConfigureAwait(false)) all.Add(entry);
            return all;
        }, CancellationToken.None));
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        var prefixes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var rest = KeyOf(entry.Name)[p.Length..].TrimEnd('/');
            if (rest.Length == 0 || (p.Length == 0 && rest + "/" == HiddenPrefix)) continue;
            if (entry.IsPrefix) prefixes.Add(rest); else if (!rest.Contains('/')) keys.Add(rest);
        }
        return (keys.ToList(), prefixes.ToList());
    }

    public void Flush() { }

    /// <summary>The version is the metadata document's ETag and write time: a replacement (delete and re-create) or an update changes it.</summary>
    /// S3 ETags are the MD5 of the bytes, so a re-created document with the same bytes keeps its ETag: the write time
    /// is part of the version too.
    public string? GetVersion(string key) => Wait(HeadAsync(key)) is { } info ? $"{info.ETag ?? info.Length.ToString()}@{info.Modified?.UtcTicks}" : null;

    public IStagedWrite BeginNodeWrite(string nodePath)
    {
        CheckWritable(nodePath);
        // The first writer through this instance finishes (or discards) what dead writers left anywhere in the store.
        if (Interlocked.Exchange(ref _recovered, 1) == 0) ObjectRecovery.Run(this);
        return new ObjectStagedWrite(this, nodePath);
    }

    private int _recovered;

    /// <summary>
    /// Finishes what dead writers left: rolls committed replacements forward, deletes uncommitted staging (only under
    /// the node's lock, once its holder's lease expired). Returns how many committed replacements are still pending
    /// because their writer is alive. Writers run this on their first staged write through an instance.
    /// </summary>
    public int RecoverDead()
    {
        Recovering.Value = true;
        try { return ObjectRecovery.Run(this); }
        finally { Recovering.Value = false; }
    }

    /// <summary>
    /// The array lock of in-place writers (region writes, appends, resizes): the same lease object a staged write of
    /// the node takes, so two appenders on two machines take turns instead of writing the same edge chunks at once.
    /// </summary>
    public IDisposable LockNode(string nodePath)
    {
        CheckWritable(nodePath);
        return ObjectNodeLock.Acquire(this, StoreKeys.NormalizePath(nodePath, Name));
    }

    /// <summary>How long a reader waits for a live writer's committed replacement of a node before it reads again.</summary>
    public static TimeSpan PendingCommitWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// While a committed replacement of <paramref name="nodePath"/> (or of a node around it) is being copied into place,
    /// waits for it (up to <see cref="PendingCommitWait"/>); one whose writer died (its lease expired) is rolled
    /// forward here. True when there was one (read again). One listing of <c>.zarr-txn/</c> when there is none.
    /// </summary>
    public bool WaitForPendingCommit(string nodePath)
    {
        if (!Capabilities.HasFlag(StoreCapabilities.Listing)) return false;
        nodePath = StoreKeys.NormalizePath(nodePath, Name);
        var deadline = DateTime.UtcNow + PendingCommitWait;
        var waited = false;
        Recovering.Value = true;
        try
        {
            while (ObjectTransaction.All(this).Any(t => t.Overlaps(nodePath) && t.CommittedKeys(this) is not null))
            {
                if (waited && DateTime.UtcNow >= deadline) break;
                waited = true;
                try
                {
                    if (ObjectRecovery.Run(this, nodePath) == 0) continue;
                }
                catch (ZarrException e) when (e.Kind is ZarrErrorKind.StoreUnavailable or ZarrErrorKind.Conflict)
                {
                    // No write permission, or another writer got there first: wait for whoever finishes it.
                }
                if (DateTime.UtcNow >= deadline) break;
                Thread.Sleep(100);
            }
        }
        finally { Recovering.Value = false; }
        return waited;
    }

    /// <summary>The version this instance saw for a metadata key: (true, etag) seen present, (true, null) seen absent, (false, _) not seen.</summary>
    internal (bool Seen, string? ETag) Observed(string key) => _observed.TryGetValue(key, out var etag) ? (true, etag) : (false, null);

    public virtual void Dispose() { }

    public override string ToString() => Name;
}

/// <summary>Retry and locking settings of an object store.</summary>
public sealed class ObjectStoreOptions
{
    /// <summary>Attempts per request (first try included) before a transient failure becomes ZarrStoreUnavailable. Default 6.</summary>
    public int MaxAttempts { get; init; } = 6;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// How long a writer lock stays valid without renewal; its holder renews it every third of this while it writes,
    /// so this is how long a crashed writer's node stays locked (and a reader waits for its recovery). Default 60 s.
    /// </summary>
    public TimeSpan LockLease { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How long a writer waits for another writer's lock on the same node (or an overlapping one) before ZarrWriteConflict. Default 30 s.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>From store options: MaxAttempts (count), LockWait and LockLease (seconds); anything else keeps its default.</summary>
    public static ObjectStoreOptions From(IReadOnlyDictionary<string, string?> options)
    {
        double? Number(string name) => options.TryGetValue(name, out var v) && double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d >= 0 ? d : null;
        var defaults = new ObjectStoreOptions();
        return new ObjectStoreOptions
        {
            MaxAttempts = Number("MaxAttempts") is { } attempts ? Math.Clamp((int)attempts, 1, 100) : defaults.MaxAttempts,
            LockWait = Number("LockWait") is { } wait ? TimeSpan.FromSeconds(wait) : defaults.LockWait,
            LockLease = Number("LockLease") is { } lease ? TimeSpan.FromSeconds(Math.Max(lease, 1)) : defaults.LockLease,
        };
    }
}
