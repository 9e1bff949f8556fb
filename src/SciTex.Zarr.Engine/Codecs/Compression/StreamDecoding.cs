using SciTex.Zarr.Engine.Buffers;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>
/// Drains a decoding stream into a pooled buffer: sized exactly when the decoded size is known, grown geometrically
/// up to the limit otherwise. Output beyond the limit fails on the first byte past it, so a decompression bomb costs
/// at most the limit (plus one growth step), never its full decoded size.
/// </summary>
internal static class StreamDecoding
{
    public static PooledBuffer ReadAll(Stream source, DecodedSize size, int compressedLength, string codec)
    {
        var limit = size.Limit;
        var capacity = size.IsExact ? limit : (int)Math.Min(limit, Math.Max(4096L, 4L * compressedLength));
        var buffer = PooledBuffer.Rent(capacity);
        buffer.SetLength(buffer.Array.Length);
        var length = 0;
        Span<byte> probe = stackalloc byte[1];
        try
        {
            while (true)
            {
                if (length == buffer.Length || length == limit)
                {
                    // Full: probe one byte before growing, so an exact size never costs a second allocation.
                    if (source.Read(probe) == 0) break;
                    if (length >= limit) throw size.TooLarge(codec);
                    buffer = Grow(buffer, length, limit);
                    buffer.Array[length++] = probe[0];
                    continue;
                }
                var read = source.Read(buffer.Array, length, Math.Min(buffer.Length, limit) - length);
                if (read == 0) break;
                length += read;
            }
            if (size.IsExact && length != limit) throw size.TooSmall(codec, length);
            buffer.SetLength(length);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static PooledBuffer Grow(PooledBuffer old, int used, int limit)
    {
        var grown = PooledBuffer.Rent((int)Math.Min(limit, (long)old.Length * 2));
        grown.SetLength(grown.Array.Length);
        old.Array.AsSpan(0, used).CopyTo(grown.Array);
        old.Dispose();
        return grown;
    }
}
