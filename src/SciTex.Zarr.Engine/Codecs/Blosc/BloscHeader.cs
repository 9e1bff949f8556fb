using System.Buffers.Binary;
using SciTex.Zarr.Engine.Codecs.Compression;

namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>
/// The 16-byte Blosc 1 header: version, compressor-format version, flags, typesize, then int32 LE nbytes (decoded
/// size), blocksize and cbytes (whole frame size). Flags: 0x01 byte shuffle, 0x02 stored uncompressed after the
/// header, 0x04 bit shuffle, 0x10 blocks not split into typesize streams, bits 5–7 the compressor format.
/// </summary>
internal readonly record struct BloscHeader(byte Version, byte VersionLz, byte Flags, byte TypeSize, int NBytes, int BlockSize, int CBytes)
{
    public const int Size = 16;
    public const byte FormatVersion = 2;             // what libblosc 1.x writes
    public const byte CompressorVersion = 1;         // every inner format is at version 1 in libblosc 1.21
    public const byte ByteShuffleFlag = 0x01;
    public const byte MemcpyFlag = 0x02;
    public const byte BitShuffleFlag = 0x04;
    public const byte DontSplitFlag = 0x10;
    public const int MaxBufferSize = int.MaxValue - Size;

    public bool IsMemcpy => (Flags & MemcpyFlag) != 0;
    public bool HasByteShuffle => (Flags & ByteShuffleFlag) != 0;
    public bool HasBitShuffle => (Flags & BitShuffleFlag) != 0;
    public bool DontSplit => (Flags & DontSplitFlag) != 0;
    public int Format => Flags >> 5;

    public int BlockCount => NBytes == 0 ? 0 : (int)(((long)NBytes + BlockSize - 1) / BlockSize);

    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = VersionLz;
        destination[2] = Flags;
        destination[3] = TypeSize;
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], NBytes);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], BlockSize);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], CBytes);
    }

    /// <summary>Reads and checks the header against the frame it came with; anything inconsistent is a corrupt chunk.</summary>
    public static BloscHeader Read(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < Size)
            throw Corrupt($"chunk of {frame.Length} bytes is shorter than the {Size}-byte header");
        var header = new BloscHeader(frame[0], frame[1], frame[2], frame[3],
            BinaryPrimitives.ReadInt32LittleEndian(frame[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(frame[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(frame[12..]));
        if (header.Version is 0 or > FormatVersion)
            throw Corrupt($"unsupported format version {header.Version} (Blosc 1 frames are version 1 or 2; Blosc 2 chunks are not supported)");
        if (header.TypeSize == 0)
            throw Corrupt("typesize is 0");
        if (header.NBytes < 0 || header.NBytes > MaxBufferSize)
            throw Corrupt($"decoded size {header.NBytes} is out of range");
        if (header.CBytes < Size || header.CBytes > frame.Length)
            throw Corrupt($"header says the frame is {header.CBytes} bytes but {frame.Length} are present");
        if (header.NBytes > 0 && header.BlockSize <= 0)
            throw Corrupt($"block size {header.BlockSize} is invalid");
        if (header.Format > BloscFormat.Zstd && !header.IsMemcpy)
            throw Corrupt($"unknown compressor format {header.Format}");
        return header;
    }

    public static Errors.ZarrException Corrupt(string message) => CorruptData.Error("blosc", message);
}
