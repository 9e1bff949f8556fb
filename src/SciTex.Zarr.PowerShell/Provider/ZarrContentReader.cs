using System.Collections;
using System.Management.Automation.Provider;

namespace SciTex.Zarr.PowerShell.Provider;

/// <summary>
/// Get-Content of a node: the objects Import-Zarr would emit (one typed array, one group object, or a table's
/// records), loaded on the first read and handed out readCount at a time.
/// </summary>
internal sealed class ZarrContentReader(Func<IReadOnlyList<object?>> load) : IContentReader
{
    private IReadOnlyList<object?>? _items;
    private int _next;

    public IList Read(long readCount)
    {
        _items ??= load();
        var count = readCount <= 0 ? _items.Count - _next : (int)Math.Min(readCount, _items.Count - _next);
        var block = new ArrayList(Math.Max(count, 0));
        for (var i = 0; i < count; i++) block.Add(_items[_next++]);
        return block;
    }

    public void Seek(long offset, SeekOrigin origin)
    {
        _items ??= load();
        var position = origin switch { SeekOrigin.Begin => offset, SeekOrigin.End => _items.Count + offset, _ => _next + offset };
        _next = (int)Math.Clamp(position, 0, _items.Count);
    }

    public void Close() { }

    public void Dispose() { }
}
