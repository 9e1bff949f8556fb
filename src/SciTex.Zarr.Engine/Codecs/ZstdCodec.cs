using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;
using ZstdSharp;
using SciTex.Zarr.Engine.Codecs.Compression;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// The <c>zstd</c> codec. Frames written here always carry the content size (numcodecs 0.11 refuses frames without
/// it); frames read without one (tensorstore, streaming writers) are decoded into the chunk's buffer or as a stream,
/// bounded by the chunk's size either way. The v2 JSON never has a <c>checksum</c> key (numcodecs &lt; 0.13 raises on it).
/// </summary>
public sealed class ZstdCodec : IBytesToBytesCodec, IDecodeInto
{
    public ZstdCodec(int level = 3, bool checksum = false)
    {
        if (level is < -131072 or > 22) throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"zstd level {level} is outside -131072..22");
        Level = level;
        Checksum = checksum;
    }

    public int Level { get; }
    public bool Checksum { get; }
    public string Name => "zstd";

    public static ZstdCodec FromV3(JsonObject? configuration, CodecContext context) =>
        new(configuration?["level"]?.GetValue<int>() ?? 0, configuration?["checksum"]?.GetValue<bool>() ?? false);

    public static ZstdCodec FromV2(JsonObject v2, CodecContext context) =>
        new(v2["level"]?.GetValue<int>() ?? 1, v2["checksum"]?.GetValue<bool>() ?? false);

    public JsonObject ToV3Json()
    {
        var configuration = new JsonObject { ["level"] = Level, ["checksum"] = Checksum };
        return new JsonObject { ["name"] = Name, ["configuration"] = configuration };
    }

    public JsonObject? ToV2Json() => new() { ["id"] = "zstd", ["level"] = Level };

    public PooledBuffer Encode(ReadOnlySpan<byte> input)
    {
        var output = PooledBuffer.Rent(Compressor.GetCompressBound(input.Length));
        var compressor = ZstdContextPool.RentCompressor(Level, Checksum);
        try
        {
            // One-shot compression pledges the source size, so the frame header carries the content size.
            var written = compressor.Wrap(input, output.Array.AsSpan());
            output.SetLength(written);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
        finally
        {
            ZstdContextPool.Return(compressor, Level, Checksum);
        }
    }

    public PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size)
    {
        // The frame header's content size (when present) is checked before any output exists.
        var declared = DeclaredSize(input);
        if (declared is { } d && d > (ulong)size.Limit) throw size.TooLarge(Name, (long)Math.Min(d, long.MaxValue));
        if (declared is null) return DecodeStreaming(input, size);
        // Exact: decode into the chunk's size (a first frame may declare less when several frames follow).
        var length = size.IsExact ? size.Limit : (int)declared.Value;
        var output = PooledBuffer.Rent(length);
        try
        {
            output.SetLength(((IDecodeInto)this).DecodeInto(input, output.Array.AsSpan(0, length)));
            if (size.IsExact && output.Length != size.Limit) throw size.TooSmall(Name, output.Length);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The first frame's content size from its header (RFC 8878 §3.1.1.1), or null when the header does not carry one
    /// or is not a zstd frame header (the decoder then reports what is wrong). Reads at most 18 bytes.
    /// </summary>
    internal static ulong? DeclaredSize(ReadOnlySpan<byte> input)
    {
        if (input.Length < 5 || BinaryPrimitives.ReadUInt32LittleEndian(input) != 0xFD2FB528) return null;
        var descriptor = input[4];
        var sizeFlag = descriptor >> 6;
        var singleSegment = (descriptor & 0x20) != 0;
        var position = 5 + (singleSegment ? 0 : 1) + (descriptor & 3) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        var sizeBytes = sizeFlag switch { 0 => singleSegment ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        if (sizeBytes == 0 || input.Length < position + sizeBytes) return null;
        var field = input.Slice(position, sizeBytes);
        return sizeBytes switch
        {
            1 => field[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(field) + 256UL,
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(field),
        };
    }

    int IDecodeInto.DecodeInto(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        if (DeclaredSize(input) is { } declared && declared > (ulong)destination.Length)
            throw DecodedSize.Exactly(destination.Length).TooLarge(Name, (long)Math.Min(declared, long.MaxValue));
        var decompressor = ZstdContextPool.RentDecompressor();
        try
        {
            return decompressor.Unwrap(input, destination);
        }
        catch (ZstdException e) when (e.Code == ZstdSharp.Unsafe.ZSTD_ErrorCode.ZSTD_error_dstSize_tooSmall)
        {
            // The frame wants more room than the chunk has: stopped at the chunk's size, nothing beyond it was written.
            throw DecodedSize.Exactly(destination.Length).TooLarge(Name);
        }
        catch (Exception e) when (e is ZstdException or ArgumentException or InvalidOperationException)
        {
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"zstd could not decode the chunk: {e.Message}", inner: e);
        }
        finally
        {
            ZstdContextPool.Return(decompressor);
        }
    }

    /// <summary>
    /// Frames without a content size (written by some streaming encoders) are decoded as a stream, into a buffer that
    /// grows up to the limit and fails on the first byte past it.
    /// </summary>
    private PooledBuffer DecodeStreaming(ReadOnlySpan<byte> input, DecodedSize size)
    {
        try
        {
            using var source = new MemoryStream(input.ToArray(), writable: false);
            using var stream = new DecompressionStream(source);
            return StreamDecoding.ReadAll(stream, size, input.Length, Name);
        }
        catch (Exception e) when (e is ZstdException or ArgumentException or InvalidOperationException or IOException)
        {
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"zstd could not decode the chunk: {e.Message}", inner: e);
        }
    }
}
