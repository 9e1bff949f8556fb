using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SciTex.Zarr.Tests.Limits;

/// <summary>
/// Small inputs that decode to a lot: the decompression bombs of issue 10, built in milliseconds without ever holding
/// their decoded size (deflate blocks and zstd RLE blocks repeat; nothing here inflates them).
/// </summary>
public static class Bombs
{
    private static readonly Lazy<byte[]> ZeroBlocks = new(() =>
    {
        // 64 MiB of zeros compressed once, sync-flushed: non-final deflate blocks ending on a byte boundary, which
        // may be repeated (their matches at distance 1 read the zeros before them) and then closed by a final block.
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) deflate.Write(zeros);
            deflate.Flush();
            return output.ToArray();
        }
    });

    public const long ZeroBlockBytes = 64L << 20;

    /// <summary>A raw deflate stream of <paramref name="mebibytes64"/> × 64 MiB of zeros (about 1 KB per MiB).</summary>
    public static byte[] RawDeflate(int mebibytes64)
    {
        var block = ZeroBlocks.Value;
        var result = new byte[block.Length * mebibytes64 + 2];
        for (var i = 0; i < mebibytes64; i++) block.CopyTo(result, i * block.Length);
        result[^2] = 0x03; // final, fixed-Huffman block holding only end-of-block
        result[^1] = 0x00;
        return result;
    }

    /// <summary>A single-member gzip stream decoding to <paramref name="mebibytes64"/> × 64 MiB (trailer CRC not computed).</summary>
    public static byte[] Gzip(int mebibytes64)
    {
        var deflate = RawDeflate(mebibytes64);
        var result = new byte[10 + deflate.Length + 8];
        new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF }.CopyTo(result, 0);
        deflate.CopyTo(result, 10);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(result.Length - 4), (uint)(mebibytes64 * ZeroBlockBytes));
        return result;
    }

    /// <summary>A zlib stream decoding to <paramref name="mebibytes64"/> × 64 MiB (Adler-32 not computed).</summary>
    public static byte[] Zlib(int mebibytes64)
    {
        var deflate = RawDeflate(mebibytes64);
        var result = new byte[2 + deflate.Length + 4];
        result[0] = 0x78;
        result[1] = 0xDA;
        deflate.CopyTo(result, 2);
        return result;
    }

    /// <summary>
    /// A zstd frame of RLE blocks (4 bytes per 128 KiB of <paramref name="value"/>) decoding to <paramref name="size"/>
    /// bytes; the header carries the content size when <paramref name="declareSize"/>.
    /// </summary>
    public static byte[] Zstd(long size, bool declareSize, byte value = (byte)'a')
    {
        const int blockMax = 128 << 10;
        var blocks = (int)((size + blockMax - 1) / blockMax);
        using var output = new MemoryStream();
        output.Write([0x28, 0xB5, 0x2F, 0xFD]);
        output.WriteByte(declareSize ? (byte)0xC0 : (byte)0x00); // content size in 8 bytes, or none; not single-segment
        output.WriteByte(0x38);                                  // window 2^17 = one block
        if (declareSize)
        {
            Span<byte> fcs = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(fcs, (ulong)size);
            output.Write(fcs);
        }
        var remaining = size;
        for (var b = 0; b < blocks; b++)
        {
            var n = (int)Math.Min(blockMax, remaining);
            remaining -= n;
            var header = (uint)(n << 3) | (1u << 1) | (b == blocks - 1 ? 1u : 0u); // RLE block
            output.WriteByte((byte)header);
            output.WriteByte((byte)(header >> 8));
            output.WriteByte((byte)(header >> 16));
            output.WriteByte(value);
        }
        return output.ToArray();
    }

    /// <summary>A numcodecs lz4 chunk whose header claims <paramref name="declared"/> bytes.</summary>
    public static byte[] Lz4Header(int declared, int bodyBytes)
    {
        var result = new byte[4 + bodyBytes];
        BinaryPrimitives.WriteInt32LittleEndian(result, declared);
        return result;
    }

    /// <summary>One zip entry as raw archive bytes.</summary>
    public sealed record ZipEntry(string Name, byte[] Data, bool Deflated, long DeclaredSize, uint Crc = 0);

    /// <summary>A zip archive written byte by byte, so entries may declare any size and hold any data.</summary>
    public static byte[] Zip(params ZipEntry[] entries)
    {
        using var output = new MemoryStream();
        var writer = new BinaryWriter(output);
        var offsets = new List<long>();
        foreach (var e in entries)
        {
            offsets.Add(output.Position);
            var name = Encoding.UTF8.GetBytes(e.Name);
            writer.Write(0x04034B50u);
            writer.Write((ushort)20);
            writer.Write((ushort)0);
            writer.Write((ushort)(e.Deflated ? 8 : 0));
            writer.Write((ushort)0);
            writer.Write((ushort)0x21);
            writer.Write(e.Crc);
            writer.Write((uint)e.Data.Length);
            writer.Write((uint)e.DeclaredSize);
            writer.Write((ushort)name.Length);
            writer.Write((ushort)0);
            writer.Write(name);
            writer.Write(e.Data);
        }
        var directory = output.Position;
        for (var i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            var name = Encoding.UTF8.GetBytes(e.Name);
            writer.Write(0x02014B50u);
            writer.Write((ushort)20);
            writer.Write((ushort)20);
            writer.Write((ushort)0);
            writer.Write((ushort)(e.Deflated ? 8 : 0));
            writer.Write((ushort)0);
            writer.Write((ushort)0x21);
            writer.Write(e.Crc);
            writer.Write((uint)e.Data.Length);
            writer.Write((uint)e.DeclaredSize);
            writer.Write((ushort)name.Length);
            writer.Write((ushort)0);
            writer.Write((ushort)0);
            writer.Write((ushort)0);
            writer.Write((ushort)0);
            writer.Write(0u);
            writer.Write((uint)offsets[i]);
            writer.Write(name);
        }
        var directorySize = output.Position - directory;
        writer.Write(0x06054B50u);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write((ushort)entries.Length);
        writer.Write((ushort)entries.Length);
        writer.Write((uint)directorySize);
        writer.Write((uint)directory);
        writer.Write((ushort)0);
        writer.Flush();
        return output.ToArray();
    }

    public static ZipEntry Stored(string name, byte[] data) => new(name, data, false, data.Length, Crc32(data));

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
