using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Stores;

/// <summary>Wraps a store and counts what reads fetch, to prove partial reads read little.</summary>
public sealed class CountingStore(IZarrStore inner) : IZarrStore
{
    private long _bytesRead, _gets, _ranges;

    public long BytesRead => Interlocked.Read(ref _bytesRead);
    public long Gets => Interlocked.Read(ref _gets);
    public long Ranges => Interlocked.Read(ref _ranges);
    public void Reset() { _bytesRead = 0; _gets = 0; _ranges = 0; }

    public string Name => inner.Name;
    public bool IsReadOnly => inner.IsReadOnly;

    public byte[]? Get(string key)
    {
        var value = inner.Get(key);
        Interlocked.Increment(ref _gets);
        Interlocked.Add(ref _bytesRead, value?.Length ?? 0);
        return value;
    }

    public byte[]? GetRange(string key, long offset, int length)
    {
        var value = inner.GetRange(key, offset, length);
        Interlocked.Increment(ref _ranges);
        Interlocked.Add(ref _bytesRead, value?.Length ?? 0);
        return value;
    }

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
