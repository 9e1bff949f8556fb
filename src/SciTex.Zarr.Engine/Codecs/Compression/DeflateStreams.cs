using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Reflection;
using SciTex.Zarr.Engine.Buffers;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>
/// zlib (RFC1950) and gzip (RFC1952) streams on spans. Numeric levels 0–9 need .NET 9's ZLibCompressionOptions; the
/// engine targets net8.0, so those are bound by reflection when the runtime has them and otherwise the level is mapped
/// onto the nearest <see cref="CompressionLevel"/>.
/// </summary>
internal static class DeflateStreams
{
    private static readonly Func<Stream, int, Stream>? ZlibWithLevel = BindNumericLevel(typeof(ZLibStream));
    private static readonly Func<Stream, int, Stream>? GzipWithLevel = BindNumericLevel(typeof(GZipStream));

    public static PooledBuffer Compress(ReadOnlySpan<byte> input, int level, bool gzip)
    {
        if (input.IsEmpty) return PooledBuffer.CopyOf(gzip ? EmptyGzipMember : EmptyZlibStream(level));
        var output = new PooledBufferStream(input.Length + (input.Length >> 12) + 64);
        try
        {
            using (var z = Open(output, level, gzip)) z.Write(input);
            return output.Detach();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>Compresses into <paramref name="destination"/>; returns the size, or 0 when it does not fit.</summary>
    public static int CompressInto(ReadOnlySpan<byte> input, Span<byte> destination, int level)
    {
        using var output = new PooledBufferStream(Math.Min(destination.Length, input.Length + 64));
        using (var z = Open(output, level, gzip: false)) z.Write(input);
        using var result = output.Detach();
        if (result.Length > destination.Length) return 0;
        result.Span.CopyTo(destination);
        return result.Length;
    }

    public static PooledBuffer Decompress(ReadOnlySpan<byte> input, DecodedSize size, bool gzip, string codec)
    {
        // Python's gzip module reads zero bytes as zero bytes (older .NET wrote exactly that for empty input).
        if (gzip && input.IsEmpty)
            return !size.IsExact || size.Limit == 0 ? PooledBuffer.Rent(0) : throw size.TooSmall(codec, 0);
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(input.Length, 1));
        try
        {
            input.CopyTo(copy);
            using var source = new MemoryStream(copy, 0, input.Length, writable: false);
            using Stream z = gzip ? new GZipStream(source, CompressionMode.Decompress) : new ZLibStream(source, CompressionMode.Decompress);
            var output = StreamDecoding.ReadAll(z, size, input.Length, codec);
            if (!TrailerMatches(input, output.Span, gzip))
            {
                output.Dispose();
                throw CorruptData.Error(codec, $"truncated or damaged {(gzip ? "gzip" : "zlib")} stream (trailer does not match the decoded data)");
            }
            return output;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // ZLibException (an IOException) reports inflater states .NET does not map to InvalidDataException.
            throw CorruptData.Error(codec, $"not a valid {(gzip ? "gzip" : "zlib")} stream ({e.Message})", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>Decodes a zlib stream into exactly <paramref name="destination"/>; false when it is corrupt or sized differently.</summary>
    public static bool TryDecompressExact(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(input.Length, 1));
        try
        {
            input.CopyTo(copy);
            using var source = new MemoryStream(copy, 0, input.Length, writable: false);
            using var z = new ZLibStream(source, CompressionMode.Decompress);
            var filled = 0;
            while (filled < destination.Length)
            {
                var read = z.Read(destination[filled..]);
                if (read == 0) return false;
                filled += read;
            }
            Span<byte> probe = stackalloc byte[1];
            return z.Read(probe) == 0 && TrailerMatches(input, destination, gzip: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// .NET's inflater reports a stream cut short as a normal end, so the trailer is checked here: zlib ends with the
    /// big-endian Adler-32 of the data, gzip with the data size mod 2^32 (single-member streams, as zarr writers make).
    /// </summary>
    private static bool TrailerMatches(ReadOnlySpan<byte> input, ReadOnlySpan<byte> decoded, bool gzip)
    {
        if (gzip)
            return input.Length >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(input[^4..]) == (uint)decoded.Length;
        return input.Length >= 6 && BinaryPrimitives.ReadUInt32BigEndian(input[^4..]) == Adler32.Compute(decoded);
    }

    /// <summary>
    /// .NET's ZLibStream writes nothing at all when given no data, which zlib readers reject; this is what zlib's
    /// compress2 produces instead: header (level hint in FLEVEL), an empty final fixed block, Adler-32 of nothing.
    /// </summary>
    private static byte[] EmptyZlibStream(int level) =>
        [0x78, level switch { <= 1 => 0x01, <= 5 => 0x5E, 6 => 0x9C, _ => 0xDA }, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];

    /// <summary>The gzip counterpart (GZipStream also writes nothing): 10-byte header, empty block, CRC-32 and size 0.</summary>
    private static readonly byte[] EmptyGzipMember =
        [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

    private static Stream Open(Stream output, int level, bool gzip)
    {
        var factory = gzip ? GzipWithLevel : ZlibWithLevel;
        if (factory is not null) return factory(output, level);
        var mapped = level switch
        {
            0 => CompressionLevel.NoCompression,
            <= 3 => CompressionLevel.Fastest,
            <= 6 => CompressionLevel.Optimal,
            _ => CompressionLevel.SmallestSize,
        };
        return gzip ? new GZipStream(output, mapped, leaveOpen: true) : new ZLibStream(output, mapped, leaveOpen: true);
    }

    private static Func<Stream, int, Stream>? BindNumericLevel(Type streamType)
    {
        var optionsType = streamType.Assembly.GetType("System.IO.Compression.ZLibCompressionOptions");
        var levelProperty = optionsType?.GetProperty("CompressionLevel", BindingFlags.Public | BindingFlags.Instance);
        var constructor = optionsType is null ? null : streamType.GetConstructor([typeof(Stream), optionsType, typeof(bool)]);
        if (optionsType is null || levelProperty is null || constructor is null) return null;
        return (output, level) =>
        {
            var options = Activator.CreateInstance(optionsType)!;
            levelProperty.SetValue(options, level);
            return (Stream)constructor.Invoke([output, options, true]);
        };
    }
}
