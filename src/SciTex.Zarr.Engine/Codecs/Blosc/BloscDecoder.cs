using System.Buffers.Binary;
using SciTex.Zarr.Engine.Buffers;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// Decodes a Blosc 1 frame: header, table of int32 block starts, then per block one stream (or typesize streams when
/// split), each an int32 size and that many bytes; a size equal to the stream's decoded size means stored raw. The
/// last block holds nbytes % blocksize bytes and is never split. Every size and offset is checked against the frame.
/// </summary>
internal static unsafe class BloscDecoder
{
    public static PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size)
    {
        var header = BloscHeader.Read(input);
        if (!size.Allows(header.NBytes)) throw size.TooLarge(BloscCodec.CodecName, header.NBytes);
        if (size.IsExact && header.NBytes != size.Limit) throw size.TooSmall(BloscCodec.CodecName, header.NBytes);
        var frame = input[..header.CBytes];
        var output = PooledBuffer.Rent(header.NBytes);
        try
        {
            if (header.NBytes == 0) return output;
            if (header.IsMemcpy)
            {
                if (frame.Length - BloscHeader.Size < header.NBytes)
                    throw BloscHeader.Corrupt($"uncompressed frame holds {frame.Length - BloscHeader.Size} bytes, header says {header.NBytes}");
                frame.Slice(BloscHeader.Size, header.NBytes).CopyTo(output.Span);
                return output;
            }
            var blocks = header.BlockCount;
            if (BloscHeader.Size + 4L * blocks > frame.Length)
                throw BloscHeader.Corrupt($"frame of {frame.Length} bytes cannot hold the start table of {blocks} blocks");

            var workers = BloscBlockWork.WorkerCount(header.NBytes, blocks);
            // A block never holds more than the frame (a header may claim a 2 GiB block for 10 bytes of data).
            var blocksize = Math.Min(header.BlockSize, header.NBytes);
            string? error;
            fixed (byte* framePointer = frame)
            {
                var frameAddress = (nint)framePointer;
                var frameLength = frame.Length;
                var target = output.Array;
                error = BloscBlockWork.Run(workers, blocks, (int)Math.Min(Array.MaxLength, 2L * blocksize), (_, first, end, scratch) =>
                {
                    var source = new ReadOnlySpan<byte>((void*)frameAddress, frameLength);
                    for (var b = first; b < end; b++)
                    {
                        var start = (long)b * blocksize;
                        var size = (int)Math.Min(blocksize, header.NBytes - start);
                        var failure = DecodeBlock(source, header, b, target.AsSpan((int)start, size), scratch);
                        if (failure is not null) return failure;
                    }
                    return null;
                });
            }
            if (error is not null) throw BloscHeader.Corrupt(error);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Decodes block <paramref name="index"/> into <paramref name="destination"/>; returns an error message or null.</summary>
    private static string? DecodeBlock(ReadOnlySpan<byte> frame, in BloscHeader header, int index, Span<byte> destination, byte[] scratch)
    {
        var blocks = header.BlockCount;
        var bsize = destination.Length;
        var isLast = bsize < header.BlockSize;
        var typesize = header.TypeSize;
        var position = BinaryPrimitives.ReadInt32LittleEndian(frame[(BloscHeader.Size + 4 * index)..]);
        if (position < BloscHeader.Size + 4 * blocks || position > frame.Length - 4)
            return $"block {index} starts at {position}, outside the frame of {frame.Length} bytes";

        var byteShuffle = header.HasByteShuffle && typesize > 1;
        var bitShuffle = !byteShuffle && header.HasBitShuffle && bsize >= typesize;
        var target = byteShuffle || bitShuffle ? scratch.AsSpan(0, bsize) : destination;
        var streams = !header.DontSplit && !isLast ? typesize : 1;
        if (bsize % streams != 0)
            return $"block {index} of {bsize} bytes cannot be split into {streams} streams";
        var streamSize = bsize / streams;

        for (var s = 0; s < streams; s++)
        {
            if (position > frame.Length - 4)
                return $"block {index} stream {s} starts past the end of the frame";
            var compressed = BinaryPrimitives.ReadInt32LittleEndian(frame[position..]);
            position += 4;
            if (compressed < 0 || compressed > frame.Length - position)
                return $"block {index} stream {s} claims {compressed} bytes but {frame.Length - position} remain";
            var stream = frame.Slice(position, compressed);
            var decoded = target.Slice(s * streamSize, streamSize);
            if (compressed == streamSize)
                stream.CopyTo(decoded);
            else if (!BloscInnerCodec.TryDecompress(header.Format, stream, decoded))
                return $"block {index} stream {s}: {BloscFormat.Name(header.Format)} data does not decode to {streamSize} bytes";
            position += compressed;
        }

        if (byteShuffle) Shuffle.ByteUnshuffle(typesize, target, destination);
        else if (bitShuffle) Shuffle.BitUnshuffle(typesize, target, destination, scratch.AsSpan(bsize, bsize));
        return null;
    }
}
