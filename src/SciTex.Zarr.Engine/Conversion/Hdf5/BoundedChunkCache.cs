using PureHDF.VOL.Native;

namespace SciTex.Zarr.Engine.Conversion.Hdf5;

/// <summary>
/// A chunk cache bounded in bytes. PureHDF's default keeps decoded chunks by count, so with big chunks it holds
/// hundreds of MiB; a conversion reads each chunk about once, so a few chunks (for blocks that straddle HDF5
/// chunk boundaries) are all that helps.
/// </summary>
internal sealed class BoundedChunkCache(long capacityBytes) : IReadingChunkCache
{
    private readonly Dictionary<ulong, LinkedListNode<(ulong Index, Memory<byte> Data)>> _entries = [];
    private readonly LinkedList<(ulong Index, Memory<byte> Data)> _order = [];
    private long _bytes;

    public Memory<byte> GetChunk(ulong chunkIndex, Func<Memory<byte>> chunkReader)
    {
        if (_entries.TryGetValue(chunkIndex, out var hit))
        {
            _order.Remove(hit);
            _order.AddFirst(hit);
            return hit.Value.Data;
        }
        var data = chunkReader();
        if (data.Length > capacityBytes) return data;
        while (_bytes + data.Length > capacityBytes && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Index);
            _bytes -= oldest.Value.Data.Length;
        }
        _entries[chunkIndex] = _order.AddFirst((chunkIndex, data));
        _bytes += data.Length;
        return data;
    }
}
