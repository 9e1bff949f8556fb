namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// libblosc 1.21's automatic block size and split decision, reproduced so our frames have the same layout as
/// numcodecs'. Checked against Debian's libblosc1 1.21.3 for every compressor × level × typesize (see the tests).
/// </summary>
internal static class BloscBlockSizing
{
    public const int MinBufferSize = 128;     // below this libblosc only copies
    private const int L1 = 32 * 1024;
    private const int MaxSplits = 16;
    private const int MaxBlockSize = 1 << 30;

    /// <summary>
    /// A block is split into typesize streams (one per byte position) unless the compressor is zstd, the type is
    /// wider than 16 bytes, or the block holds fewer than 128 elements.
    /// </summary>
    public static bool SplitBlock(BloscCompressor compressor, int typesize, int blocksize) =>
        compressor != BloscCompressor.Zstd && typesize <= MaxSplits && blocksize / typesize >= MinBufferSize;

    public static int Compute(BloscCompressor compressor, int clevel, int typesize, int nbytes, int forcedBlocksize)
    {
        if (nbytes < typesize) return 1;
        var blocksize = nbytes;
        var highRatio = compressor is BloscCompressor.Lz4Hc or BloscCompressor.Zlib or BloscCompressor.Zstd;
        if (forcedBlocksize > 0)
        {
            blocksize = Math.Clamp(forcedBlocksize, MinBufferSize, MaxBlockSize);
        }
        else if (nbytes >= L1)
        {
            // Bigger blocks for slower, stronger codecs and for higher levels.
            blocksize = highRatio ? 2 * L1 : L1;
            blocksize = clevel switch
            {
                0 => blocksize / 4,
                1 => blocksize / 2,
                2 => blocksize,
                3 => blocksize * 2,
                4 or 5 => blocksize * 4,
                6 or 7 or 8 => blocksize * 8,
                _ => blocksize * (highRatio ? 16 : 8),
            };
        }

        if (clevel > 0 && SplitBlock(compressor, typesize, blocksize))
        {
            // Split streams: per-stream size capped at 256 KB, the whole block kept between 64 KB and 1 MB.
            blocksize = Math.Min(blocksize, 1 << 18) * typesize;
            blocksize = Math.Clamp(blocksize, 1 << 16, 1 << 20);
        }

        if (blocksize > nbytes) blocksize = nbytes;
        if (blocksize > typesize) blocksize = blocksize / typesize * typesize;
        return blocksize;
    }
}
