using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;
using ZstdSharp;
using SciTex.Zarr.Engine.Codecs.Compression;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// The <c>zstd</c> codec. Frames always carry the content size (numcodecs 0.11 refuses frames without it);
/// the v2 JSON never has a <c>checksum</c> key (numcodecs &lt; 0.13 raises on it).
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

    public PooledBuffer Decode(ReadOnlySpan<byte> input, int? decodedSizeHint)
    {
        int size;
        try
        {
            size = decodedSizeHint ?? (int)Math.Min(Decompressor.GetDecompressedSize(input), int.MaxValue);
        }
        catch (Exception e) when (e is ZstdException or ArgumentException or InvalidOperationException)
        {
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"zstd could not decode the chunk: {e.Message}", inner: e);
        }
        if (size <= 0 && input.Length > 0) return DecodeStreaming(input);
        var output = PooledBuffer.Rent(size);
        try
        {
            output.SetLength(((IDecodeInto)this).DecodeInto(input, output.Array.AsSpan(0, size)));
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    int IDecodeInto.DecodeInto(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        var decompressor = ZstdContextPool.RentDecompressor();
        try
        {
            return decompressor.Unwrap(input, destination);
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

    /// <summary>Frames without a content size (written by some streaming encoders) are decoded as a stream.</summary>
    private static PooledBuffer DecodeStreaming(ReadOnlySpan<byte> input)
    {
        using var source = new MemoryStream(input.ToArray(), writable: false);
        using var stream = new DecompressionStream(source);
        using var sink = new MemoryStream();
        stream.CopyTo(sink);
        return PooledBuffer.CopyOf(sink.GetBuffer().AsSpan(0, (int)sink.Length));
    }
}
