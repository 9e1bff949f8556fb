using System.Text.Json.Nodes;
using Microsoft.Extensions.ObjectPool;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// The <c>zstd</c> codec. Frames always carry the content size (numcodecs 0.11 refuses frames without it);
/// the v2 JSON never has a <c>checksum</c> key (numcodecs &lt; 0.13 raises on it).
/// </summary>
public sealed class ZstdCodec : IBytesToBytesCodec
{
    private static readonly ObjectPool<Decompressor> Decompressors =
        new DefaultObjectPool<Decompressor>(new ContextPolicy<Decompressor>(() => new Decompressor()), Environment.ProcessorCount * 2);

    private readonly ObjectPool<Compressor> _compressors;

    public ZstdCodec(int level = 3, bool checksum = false)
    {
        if (level is < -131072 or > 22) throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"zstd level {level} is outside -131072..22");
        Level = level;
        Checksum = checksum;
        _compressors = new DefaultObjectPool<Compressor>(new ContextPolicy<Compressor>(() =>
        {
            var c = new Compressor(level);
            if (checksum) c.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            return c;
        }), Environment.ProcessorCount * 2);
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
        var compressor = _compressors.Get();
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
            _compressors.Return(compressor);
        }
    }

    public PooledBuffer Decode(ReadOnlySpan<byte> input, int? decodedSizeHint)
    {
        var decompressor = Decompressors.Get();
        PooledBuffer? output = null;
        try
        {
            var size = decodedSizeHint ?? (int)Math.Min(Decompressor.GetDecompressedSize(input), int.MaxValue);
            if (size <= 0 && input.Length > 0) return DecodeStreaming(input);
            output = PooledBuffer.Rent(size);
            var written = decompressor.Unwrap(input, output.Array.AsSpan(0, size));
            output.SetLength(written);
            return output;
        }
        catch (Exception e) when (e is ZstdException or ArgumentException or InvalidOperationException)
        {
            output?.Dispose();
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"zstd could not decode the chunk: {e.Message}", inner: e);
        }
        finally
        {
            Decompressors.Return(decompressor);
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

    private sealed class ContextPolicy<T>(Func<T> create) : PooledObjectPolicy<T> where T : notnull
    {
        public override T Create() => create();
        public override bool Return(T obj) => true;
    }
}
