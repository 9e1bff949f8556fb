using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Bench;

/// <summary>Wraps a store and counts chunk reads (keys whose last segment does not start with '.' and is not zarr.json) and their bytes.</summary>
internal sealed class CountingStore(IZarrStore inner) : IZarrStore
{
    private int _gets;
    private long _bytes;

    public int ChunkGets => _gets;
    public long ChunkBytes => _bytes;

    private void Count(string key, byte[]? value)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        if (value is null || name.StartsWith('.') || name == "zarr.json") return;
        Interlocked.Increment(ref _gets);
        Interlocked.Add(ref _bytes, value.Length);
    }

    public string Name => inner.Name;
    public bool IsReadOnly => inner.IsReadOnly;
    public byte[]? Get(string key) { var v = inner.Get(key); Count(key, v); return v; }
    public byte[]? GetRange(string key, long offset, int length) { var v = inner.GetRange(key, offset, length); Count(key, v); return v; }
    public long? GetSize(string key) => inner.GetSize(key);
    public bool Exists(string key) => inner.Exists(key);
    public void Set(string key, ReadOnlySpan<byte> value) => inner.Set(key, value);
    public void Delete(string key) => inner.Delete(key);
    public void DeletePrefix(string prefix) => inner.DeletePrefix(prefix);
    public IEnumerable<string> ListPrefix(string prefix) => inner.ListPrefix(prefix);
    public (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix) => inner.ListDir(prefix);
    public void Flush() => inner.Flush();
    public void Dispose() => inner.Dispose();
}
