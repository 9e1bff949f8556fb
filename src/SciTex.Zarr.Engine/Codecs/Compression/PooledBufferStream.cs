using SciTex.Zarr.Engine.Buffers;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>
/// A write-only stream over a growing <see cref="PooledBuffer"/>, so stream-based encoders (deflate, gzip) can write
/// straight into pooled memory. <see cref="Detach"/> hands the buffer over with its final length.
/// </summary>
internal sealed class PooledBufferStream : Stream
{
    private PooledBuffer? _buffer;
    private int _position;

    public PooledBufferStream(int initialCapacity)
    {
        _buffer = PooledBuffer.Rent(Math.Max(initialCapacity, 64));
        _buffer.SetLength(_buffer.Array.Length);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _position;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> data)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferStream));
        if (data.Length > buffer.Length - _position) buffer = Grow(checked(_position + data.Length));
        data.CopyTo(buffer.Array.AsSpan(_position));
        _position += data.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Returns the written bytes as a buffer the caller owns; the stream is unusable afterwards.</summary>
    public PooledBuffer Detach()
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferStream));
        _buffer = null;
        buffer.SetLength(_position);
        return buffer;
    }

    private PooledBuffer Grow(int needed)
    {
        var old = _buffer!;
        var capacity = (int)Math.Min(Array.MaxLength, Math.Max((long)old.Length * 2, needed));
        var grown = PooledBuffer.Rent(capacity);
        grown.SetLength(grown.Array.Length);
        old.Array.AsSpan(0, _position).CopyTo(grown.Array);
        old.Dispose();
        _buffer = grown;
        return grown;
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Interlocked.Exchange(ref _buffer, null)?.Dispose();
        base.Dispose(disposing);
    }
}
