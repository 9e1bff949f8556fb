using System.Buffers;

namespace SciTex.Zarr.Engine.Buffers;

/// <summary>
/// A byte buffer rented from the shared pool, with a logical length. Codecs hand these along the chain so a chunk's
/// intermediate forms reuse pooled memory instead of allocating per chunk. Dispose returns the array to the pool.
/// </summary>
public sealed class PooledBuffer : IDisposable
{
    private byte[]? _array;

    private PooledBuffer(byte[] array, int length, bool pooled)
    {
        _array = array;
        Length = length;
        IsPooled = pooled;
    }

    public int Length { get; private set; }
    private bool IsPooled { get; }

    public static PooledBuffer Rent(int length) => new(ArrayPool<byte>.Shared.Rent(Math.Max(length, 1)), length, true);

    /// <summary>Wraps an existing array without pooling it (e.g. bytes returned by a store).</summary>
    public static PooledBuffer Wrap(byte[] array) => new(array, array.Length, false);

    public static PooledBuffer CopyOf(ReadOnlySpan<byte> data)
    {
        var buffer = Rent(data.Length);
        data.CopyTo(buffer.Span);
        return buffer;
    }

    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));
    public Span<byte> Span => Array.AsSpan(0, Length);
    public Memory<byte> Memory => Array.AsMemory(0, Length);

    /// <summary>Shrinks the logical length (after a codec wrote fewer bytes than it reserved).</summary>
    public void SetLength(int length)
    {
        if (length < 0 || length > Array.Length) throw new ArgumentOutOfRangeException(nameof(length));
        Length = length;
    }

    public byte[] ToArray() => Span.ToArray();

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null && IsPooled) ArrayPool<byte>.Shared.Return(array);
    }
}
