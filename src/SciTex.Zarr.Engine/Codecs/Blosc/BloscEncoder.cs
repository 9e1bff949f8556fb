using System.Buffers;
using System.Buffers.Binary;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// Writes Blosc 1 frames the way libblosc 1.21 lays them out (same block size, split and flag choices), falling back
/// to an uncompressed frame (memcpy flag) for level 0, inputs under 128 bytes, or data that does not shrink.
/// </summary>
internal static unsafe class BloscEncoder
{
    private readonly record struct Settings(BloscCompressor Compressor, int Clevel, int TypeSize, int BlockSize, bool ByteShuffle, bool BitShuffle, bool Split);

    public static PooledBuffer Encode(ReadOnlySpan<byte> source, BloscCompressor compressor, int clevel, BloscShuffle shuffle, int typesize, int forcedBlocksize)
    {
        var nbytes = source.Length;
        if (nbytes > BloscHeader.MaxBufferSize)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"blosc: cannot compress {nbytes} bytes (limit {BloscHeader.MaxBufferSize})");
        if (typesize is < 1 or > 255) typesize = 1;     // libblosc's rule for unrepresentable typesizes
        var blocksize = BloscBlockSizing.Compute(compressor, clevel, typesize, nbytes, forcedBlocksize);
        var split = BloscBlockSizing.SplitBlock(compressor, typesize, blocksize);
        var flags = (byte)(compressor.FormatCode() << 5);
        if (!split) flags |= BloscHeader.DontSplitFlag;
        if (shuffle == BloscShuffle.Shuffle) flags |= BloscHeader.ByteShuffleFlag;
        if (shuffle == BloscShuffle.BitShuffle) flags |= BloscHeader.BitShuffleFlag;

        var output = PooledBuffer.Rent(nbytes + BloscHeader.Size);
        try
        {
            var cbytes = 0;
            if (clevel > 0 && nbytes >= BloscBlockSizing.MinBufferSize)
            {
                var settings = new Settings(compressor, clevel, typesize, blocksize, shuffle == BloscShuffle.Shuffle, shuffle == BloscShuffle.BitShuffle, split);
                cbytes = CompressBlocks(source, settings, output.Span);
            }
            if (cbytes == 0)
            {
                flags |= BloscHeader.MemcpyFlag;
                source.CopyTo(output.Span[BloscHeader.Size..]);
                cbytes = nbytes + BloscHeader.Size;
            }
            new BloscHeader(BloscHeader.FormatVersion, BloscHeader.CompressorVersion, flags, (byte)typesize, nbytes, blocksize, cbytes).Write(output.Span);
            output.SetLength(cbytes);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Writes the block start table and the blocks after the header; returns the frame size or 0 if it would not be smaller than a plain copy.</summary>
    private static int CompressBlocks(ReadOnlySpan<byte> source, Settings settings, Span<byte> frame)
    {
        var nbytes = source.Length;
        var blocksize = settings.BlockSize;
        var blocks = (int)(((long)nbytes + blocksize - 1) / blocksize);
        var tableEnd = BloscHeader.Size + 4 * blocks;
        if (tableEnd >= frame.Length) return 0;
        var streamSize = settings.Split ? blocksize / settings.TypeSize : blocksize;
        var scratchSize = 2 * blocksize + BloscInnerCodec.ScratchSize(settings.Compressor, streamSize);
        var workers = BloscBlockWork.WorkerCount(nbytes, blocks);

        if (workers == 1)
        {
            // Straight into the frame, stopping as soon as the frame would outgrow a plain copy.
            var position = tableEnd;
            var scratch = ArrayPool<byte>.Shared.Rent(scratchSize);
            try
            {
                for (var b = 0; b < blocks; b++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(frame[(BloscHeader.Size + 4 * b)..], position);
                    var written = CompressBlock(Block(source, b, blocksize), settings, frame[position..], scratch);
                    if (written == 0) return 0;
                    position += written;
                }
                return position;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        // Parallel: each worker compresses its range of blocks into its own buffer; the pieces are then laid end to end.
        var perWorker = (blocks + workers - 1) / workers;
        var pieces = new byte[workers][];
        var pieceLengths = new int[workers];
        var blockOffsets = new int[blocks];
        fixed (byte* sourcePointer = source)
        {
            var sourceAddress = (nint)sourcePointer;
            var error = BloscBlockWork.Run(workers, blocks, scratchSize, (worker, first, end, scratch) =>
            {
                var input = new ReadOnlySpan<byte>((void*)sourceAddress, nbytes);
                // Worst case per block: every stream stored raw behind its 4-byte size.
                var capacity = 0L;
                for (var b = first; b < end; b++) capacity += Block(input, b, blocksize).Length + 4L * settings.TypeSize;
                var piece = ArrayPool<byte>.Shared.Rent((int)Math.Min(capacity, Array.MaxLength));
                pieces[worker] = piece;
                var position = 0;
                for (var b = first; b < end; b++)
                {
                    blockOffsets[b] = position;
                    position += CompressBlock(Block(input, b, blocksize), settings, piece.AsSpan(position), scratch);
                }
                pieceLengths[worker] = position;
                return null;
            });
            _ = error;
        }
        try
        {
            long total = tableEnd;
            foreach (var length in pieceLengths) total += length;
            if (total >= frame.Length) return 0;
            var position = tableEnd;
            for (var w = 0; w < workers; w++)
            {
                var first = w * perWorker;
                var end = Math.Min(blocks, first + perWorker);
                for (var b = first; b < end; b++)
                    BinaryPrimitives.WriteInt32LittleEndian(frame[(BloscHeader.Size + 4 * b)..], position + blockOffsets[b]);
                if (pieces[w] is { } piece) piece.AsSpan(0, pieceLengths[w]).CopyTo(frame[position..]);
                position += pieceLengths[w];
            }
            return position;
        }
        finally
        {
            foreach (var piece in pieces)
                if (piece is not null) ArrayPool<byte>.Shared.Return(piece);
        }
    }

    private static ReadOnlySpan<byte> Block(ReadOnlySpan<byte> source, int index, int blocksize)
    {
        var start = (long)index * blocksize;
        return source.Slice((int)start, (int)Math.Min(blocksize, source.Length - start));
    }

    /// <summary>
    /// Shuffles and compresses one block into <paramref name="destination"/>; returns the bytes written, or 0 when the
    /// block does not fit. Streams that do not shrink are stored raw (size field = stream size).
    /// </summary>
    private static int CompressBlock(ReadOnlySpan<byte> block, in Settings settings, Span<byte> destination, byte[] scratch)
    {
        var bsize = block.Length;
        var typesize = settings.TypeSize;
        var data = block;
        var shuffled = scratch.AsSpan(0, bsize);
        if (settings.ByteShuffle && typesize > 1)
        {
            Shuffle.ByteShuffle(typesize, block, shuffled);
            data = shuffled;
        }
        else if (settings.BitShuffle && bsize >= typesize)
        {
            Shuffle.BitShuffle(typesize, block, shuffled, scratch.AsSpan(bsize, bsize));
            data = shuffled;
        }

        var isLast = bsize < settings.BlockSize;
        var streams = settings.Split && !isLast ? typesize : 1;
        var streamSize = bsize / streams;
        var compressorScratch = scratch.AsSpan(2 * settings.BlockSize);
        var position = 0;
        for (var s = 0; s < streams; s++)
        {
            if (position + 4 > destination.Length) return 0;
            var stream = data.Slice(s * streamSize, streamSize);
            var room = Math.Min(streamSize, destination.Length - position - 4);
            var written = room > 0
                ? BloscInnerCodec.Compress(settings.Compressor, settings.Clevel, stream, destination.Slice(position + 4, room), compressorScratch)
                : 0;
            if (written == 0 || written >= streamSize)
            {
                if (position + 4 + streamSize > destination.Length) return 0;
                stream.CopyTo(destination[(position + 4)..]);
                written = streamSize;
            }
            BinaryPrimitives.WriteInt32LittleEndian(destination[position..], written);
            position += 4 + written;
        }
        return position;
    }
}
