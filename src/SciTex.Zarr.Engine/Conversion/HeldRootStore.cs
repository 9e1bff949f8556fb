using System.Collections.Concurrent;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Conversion;

/// <summary>
/// A whole new store written into an object store that has no root yet: every key goes straight to the store except
/// the root's own documents (zarr.json, .zgroup, .zattrs), which are held until <see cref="Publish"/>. Until then the
/// URL holds no store (every reader answers ZarrStoreNotFound), so nobody reads a half-converted store;
/// <see cref="Discard"/> deletes the keys written.
/// </summary>
internal sealed class HeldRootStore(IZarrStore store) : IZarrStore
{
    private static readonly HashSet<string> RootDocuments = new(StringComparer.Ordinal) { "zarr.json", ".zgroup", ".zattrs" };
    private readonly ConcurrentDictionary<string, byte[]> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _written = new(StringComparer.Ordinal);

    public string Name => store.Name;
    public bool IsReadOnly => false;
    public StoreCapabilities Capabilities => store.Capabilities;

    public byte[]? Get(string key) => _held.TryGetValue(key, out var held) ? held : store.Get(key);
    public PooledBuffer? GetPooled(string key) => _held.TryGetValue(key, out var held) ? PooledBuffer.Wrap(held) : store.GetPooled(key);
    public ValueTask<PooledBuffer?> GetPooledAsync(string key, CancellationToken cancel = default) =>
        _held.TryGetValue(key, out var held) ? new(PooledBuffer.Wrap(held)) : store.GetPooledAsync(key, cancel);
    public byte[]? GetRange(string key, long offset, int length) => store.GetRange(key, offset, length);
    public ValueTask<byte[]?> GetRangeAsync(string key, long offset, int length, CancellationToken cancel = default) => store.GetRangeAsync(key, offset, length, cancel);
    public long? GetSize(string key) => _held.TryGetValue(key, out var held) ? held.Length : store.GetSize(key);
    public bool Exists(string key) => _held.ContainsKey(key) || store.Exists(key);

    public void Set(string key, ReadOnlySpan<byte> value)
    {
        if (RootDocuments.Contains(key)) { _held[key] = value.ToArray(); return; }
        _written[key] = true;
        store.Set(key, value);
    }

    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancel = default)
    {
        if (RootDocuments.Contains(key)) { _held[key] = value.ToArray(); return default; }
        _written[key] = true;
        return store.SetAsync(key, value, cancel);
    }

    public void Delete(string key)
    {
        if (_held.TryRemove(key, out _)) return;
        _written.TryRemove(key, out _);
        store.Delete(key);
    }

    public void DeletePrefix(string prefix) => store.DeletePrefix(prefix);
    public IEnumerable<string> ListPrefix(string prefix) => store.ListPrefix(prefix).Concat(_held.Keys.Where(k => prefix.Length == 0)).Distinct().Order(StringComparer.Ordinal);
    public (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix)
    {
        var (keys, prefixes) = store.ListDir(prefix);
        return prefix.Length == 0 ? (keys.Concat(_held.Keys).Distinct().Order(StringComparer.Ordinal).ToList(), prefixes) : (keys, prefixes);
    }

    public void Flush() => store.Flush();

    /// <summary>Writes the held root documents, attributes first and the root's node document last (each create-if-absent).</summary>
    public void Publish()
    {
        foreach (var (key, value) in _held.OrderBy(h => h.Key == ".zattrs" ? 0 : 1))
        {
            if (store.Capabilities.HasFlag(StoreCapabilities.ConditionalWrites)) store.SetConditional(key, value, WriteCondition.Absent);
            else store.Set(key, value);
        }
        store.Flush();
    }

    /// <summary>Deletes what was written (invisible without the root documents) after a failed conversion.</summary>
    public void Discard()
    {
        foreach (var key in _written.Keys)
            try { store.Delete(key); }
            catch (ZarrException) { /* unreachable without the root document */ }
    }

    public void Dispose() { }
}
