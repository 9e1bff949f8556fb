using SciTex.Zarr.Engine.Buffers;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>Drains a decoding stream into a pooled buffer, sized exactly when the decoded size is known.</summary>
internal static class StreamDecoding
{
    public static PooledBuffer ReadAll(Stream source, int? sizeHint, int compressedLength)
    {
        var capacity = sizeHint is > 0 ? sizeHint.Value : (int)Math.Min(Array.MaxLength, Math.Max(4096L, 4L * compressedLength));
        var buffer = PooledBuffer.Rent(capacity);
        buffer.SetLength(buffer.Array.Length);
        var length = 0;
        Span<byte> probe = stackalloc byte[1];
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Full: probe one byte before growing, so an exact hint never costs a second allocation.
                    if (source.Read(probe) == 0) break;
                    buffer = Grow(buffer, length);
                    buffer.Array[length++] = probe[0];
                    continue;
                }
                var read = source.Read(buffer.Array, length, buffer.Length - length);
                if (read == 0) break;
                length += read;
            }
            buffer.SetLength(length);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static PooledBuffer Grow(PooledBuffer old, int used)
    {
        var grown = PooledBuffer.Rent((int)Math.Min(Array.MaxLength, (long)old.Length * 2));
        grown.SetLength(grown.Array.Length);
        old.Array.AsSpan(0, used).CopyTo(grown.Array);
        old.Dispose();
        return grown;
    }
}
