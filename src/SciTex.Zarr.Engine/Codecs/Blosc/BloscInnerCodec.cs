using SciTex.Zarr.Engine.Codecs.Compression;
using Snappier;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>Compresses and decompresses one Blosc stream (a block, or one split of a block) with the inner compressor.</summary>
internal static class BloscInnerCodec
{
    /// <summary>The extra room a compressor may need beyond the stream itself (snappy can expand its input).</summary>
    public static int ScratchSize(BloscCompressor compressor, int streamSize) =>
        compressor == BloscCompressor.Snappy ? Snappy.GetMaxCompressedLength(streamSize) : 0;

    /// <summary>
    /// Compresses <paramref name="source"/> into <paramref name="destination"/>, using <paramref name="scratch"/> for
    /// compressors that cannot write a bounded output. Returns the size, or 0 when the result does not fit.
    /// </summary>
    public static int Compress(BloscCompressor compressor, int clevel, ReadOnlySpan<byte> source, Span<byte> destination, Span<byte> scratch)
    {
        switch (compressor)
        {
            case BloscCompressor.BloscLz:
                return BloscLz.Compress(clevel, source, destination);
            case BloscCompressor.Lz4:
                // libblosc trades ratio for speed at low levels: acceleration 10 − clevel.
                return Math.Max(0, Lz4Block.Compress(source, destination, 10 - clevel));
            case BloscCompressor.Lz4Hc:
                return Math.Max(0, Lz4Block.CompressHc(source, destination, clevel));
            case BloscCompressor.Snappy:
            {
                var written = Snappy.Compress(source, scratch);
                if (written > destination.Length) return 0;
                scratch[..written].CopyTo(destination);
                return written;
            }
            case BloscCompressor.Zlib:
                return DeflateStreams.CompressInto(source, destination, clevel);
            default:
            {
                var level = ZstdLevel(clevel);
                var zstd = ZstdContextPool.RentCompressor(level);
                try
                {
                    return zstd.TryWrap(source, destination, out var written) ? written : 0;
                }
                finally
                {
                    ZstdContextPool.Return(zstd, level);
                }
            }
        }
    }

    /// <summary>Decodes one stream to exactly destination.Length bytes; false when the stream is malformed or sized differently.</summary>
    public static bool TryDecompress(int format, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        try
        {
            return Decompress(format, source, destination);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException or ArgumentException)
        {
            return false;
        }
    }

    private static bool Decompress(int format, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        switch (format)
        {
            case BloscFormat.BloscLz:
                return BloscLz.Decompress(source, destination) == destination.Length;
            case BloscFormat.Lz4:
                return Lz4Block.Decompress(source, destination) == destination.Length;
            case BloscFormat.Snappy:
                return Snappy.TryDecompress(source, destination, out var snappyWritten) && snappyWritten == destination.Length;
            case BloscFormat.Zlib:
                return DeflateStreams.TryDecompressExact(source, destination);
            case BloscFormat.Zstd:
            {
                var zstd = ZstdContextPool.RentDecompressor();
                try
                {
                    return zstd.TryUnwrap(source, destination, out var written) && written == destination.Length;
                }
                finally
                {
                    ZstdContextPool.Return(zstd);
                }
            }
            default:
                return false;
        }
    }

    /// <summary>libblosc maps level 1–8 to zstd 2·clevel − 1 and level 9 to zstd's maximum.</summary>
    public static int ZstdLevel(int clevel) => clevel < 9 ? 2 * clevel - 1 : ZstdSharp.Compressor.MaxCompressionLevel;
}
