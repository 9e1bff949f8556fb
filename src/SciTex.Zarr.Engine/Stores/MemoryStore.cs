using System.Collections.Concurrent;

namespace SciTex.Zarr.Engine.Stores;

/// <summary>An in-memory store (tests, scratch work). Thread-safe.</summary>
public sealed class MemoryStore : IZarrStore
{
    private readonly ConcurrentDictionary<string, byte[]> _items = new(StringComparer.Ordinal);

    public string Name => "memory";
    public bool IsReadOnly => false;
    public int Count => _items.Count;

    public byte[]? Get(string key) => _items.TryGetValue(StoreKeys.ValidateKey(key, Name), out var v) ? v : null;

    public byte[]? GetRange(string key, long offset, int length)
    {
        var value = Get(key);
        if (value is null) return null;
        var start = offset < 0 ? value.Length + offset : offset;
        if (start < 0 || start + length > value.Length) throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset}+{length} outside value of {value.Length} bytes at '{key}'");
        return value.AsSpan((int)start, length).ToArray();
    }

    public long? GetSize(string key) => Get(key)?.Length;
    public bool Exists(string key) => _items.ContainsKey(StoreKeys.ValidateKey(key, Name));
    public void Set(string key, ReadOnlySpan<byte> value) => _items[StoreKeys.ValidateKey(key, Name)] = value.ToArray();
    public void Delete(string key) => _items.TryRemove(key, out _);

    public void DeletePrefix(string prefix)
    {
        foreach (var key in ListPrefix(prefix).ToList()) _items.TryRemove(key, out _);
    }

    public IEnumerable<string> ListPrefix(string prefix)
    {
        var p = prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/";
        return _items.Keys.Where(k => k.StartsWith(p, StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal);
    }

    public (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix)
    {
        var p = prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/";
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        var prefixes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var k in _items.Keys)
        {
            if (!k.StartsWith(p, StringComparison.Ordinal)) continue;
            var rest = k[p.Length..];
            var slash = rest.IndexOf('/');
            if (slash < 0) keys.Add(rest); else prefixes.Add(rest[..slash]);
        }
        return (keys.ToList(), prefixes.ToList());
    }

    public void Flush() { }
    public void Dispose() { }
}
