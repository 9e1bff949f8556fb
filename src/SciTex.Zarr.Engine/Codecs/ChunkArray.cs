using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// What one chunk looks like on the array side of the codec chain: its shape and data type, and the fill value
/// as raw element bytes (fixed-size types) or an object (variable-length types).
/// </summary>
public sealed record ChunkSpec(int[] Shape, ZarrDataType DataType, FillValue FillValue)
{
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape) n *= d;
            return n;
        }
    }
}

/// <summary>
/// A decoded chunk. Fixed-size element types live in <see cref="Bytes"/> (C order, little-endian);
/// variable-length types (strings, bytes) live in <see cref="Objects"/> (C order).
/// </summary>
public sealed class ChunkArray : IDisposable
{
    private ChunkArray(int[] shape, PooledBuffer? bytes, object?[]? objects)
    {
        Shape = shape;
        Bytes = bytes;
        Objects = objects;
    }

    public int[] Shape { get; }
    public PooledBuffer? Bytes { get; }
    public object?[]? Objects { get; }

    public static ChunkArray FromBytes(int[] shape, PooledBuffer bytes) => new(shape, bytes, null);
    public static ChunkArray FromObjects(int[] shape, object?[] objects) => new(shape, null, objects);

    public void Dispose() => Bytes?.Dispose();
}
