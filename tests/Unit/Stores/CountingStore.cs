using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Stores;

/// <summary>Wraps a store and counts what reads fetch, to prove partial reads read little.</summary>
public sealed class CountingStore(IZarrStore inner) : DelegatingStore(inner)
{
    private long _bytesRead, _gets, _ranges;

    public long BytesRead => Interlocked.Read(ref _bytesRead);
    public long Gets => Interlocked.Read(ref _gets);
    public long Ranges => Interlocked.Read(ref _ranges);
    public void Reset() { _bytesRead = 0; _gets = 0; _ranges = 0; }

    public override byte[]? Get(string key)
    {
        var value = Inner.Get(key);
        Interlocked.Increment(ref _gets);
        Interlocked.Add(ref _bytesRead, value?.Length ?? 0);
        return value;
    }

    public override byte[]? GetRange(string key, long offset, int length)
    {
        var value = Inner.GetRange(key, offset, length);
        Interlocked.Increment(ref _ranges);
        Interlocked.Add(ref _bytesRead, value?.Length ?? 0);
        return value;
    }
}
