using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// zarrs' <c>optional</c> codec (array→bytes) for the <c>optional</c> data type. A chunk is stored as
/// <c>[mask length: u64 LE][data length: u64 LE][mask][data]</c>: the mask is the chunk's validity (a bool array of the
/// chunk's shape) through <c>mask_codecs</c>; the data is only the present elements, as a 1-d array of the inner type,
/// through <c>data_codecs</c> (empty when none is present). For a nested optional the data codecs hold another
/// <c>optional</c> codec. Decoding yields the in-memory optional layout (inner bytes + validity byte per element).
/// </summary>
public sealed class OptionalCodec : IArrayToBytesCodec
{
    public const string CodecName = "optional";
    private const int HeaderBytes = 16;

    private OptionalCodec(CodecChain mask, CodecChain data, ZarrDataType type)
    {
        Mask = mask;
        Data = data;
        Type = type;
    }

    public string Name => CodecName;
    public CodecChain Mask { get; }
    public CodecChain Data { get; }
    /// <summary>The optional data type this codec serves.</summary>
    public ZarrDataType Type { get; }

    public static OptionalCodec FromV3(JsonObject? configuration, CodecContext context)
    {
        if (context.DataType.Kind != DataTypeKind.Optional)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"optional codec: the array's data type is {context.DataType}, not an optional type", context.Store, context.ArrayPath);
        if (configuration?["mask_codecs"] is not JsonArray maskNodes || configuration["data_codecs"] is not JsonArray dataNodes)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, "optional codec: configuration needs 'mask_codecs' and 'data_codecs' (codec lists)", context.Store, context.ArrayPath);
        var elements = context.ChunkShape.Aggregate(1L, (a, b) => a * b);
        var mask = CodecRegistry.ChainFromV3(maskNodes, context with { DataType = ZarrDataType.Bool });
        // The present values form a 1-d array of at most one chunk's elements.
        var data = CodecRegistry.ChainFromV3(dataNodes, context with { DataType = context.DataType.Inner!, ChunkShape = [checked((int)elements)] });
        return new OptionalCodec(mask, data, context.DataType);
    }

    public JsonObject ToV3Json() => new()
    {
        ["name"] = Name,
        ["configuration"] = new JsonObject { ["mask_codecs"] = ChainJson(Mask), ["data_codecs"] = ChainJson(Data) },
    };

    private static JsonArray ChainJson(CodecChain chain) => chain.ToV3Json(includeEndian: true);

    public JsonObject? ToV2Json() => null;

    /// <summary>A generous bound on one encoded chunk of <paramref name="spec"/>: the header plus each part's bound.</summary>
    internal long MaxEncodedSize(ChunkSpec spec)
    {
        var n = spec.ElementCount;
        var maskSpec = new ChunkSpec(spec.Shape, ZarrDataType.Bool, FillValue.Default(ZarrDataType.Bool));
        var dataSpec = new ChunkSpec([checked((int)n)], Type.Inner!, FillValue.Default(Type.Inner!));
        return HeaderBytes + CodecChain.EncodedBound(Mask, maskSpec) + CodecChain.EncodedBound(Data, dataSpec);
    }

    public PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec)
    {
        var n = checked((int)spec.ElementCount);
        var stored = (chunk.Bytes ?? throw new InvalidOperationException("optional codec needs a fixed-size chunk")).Span;
        var inner = Type.Inner!;
        var innerSize = inner.ItemSize;
        var maskBytes = PooledBuffer.Rent(n);
        var valid = 0;
        for (var i = 0; i < n; i++)
        {
            var present = stored[i * Type.ItemSize + innerSize] != 0;
            maskBytes.Span[i] = present ? (byte)1 : (byte)0;
            if (present) valid++;
        }
        using var maskChunk = ChunkArray.FromBytes(spec.Shape, maskBytes);
        using var encodedMask = Mask.Encode(maskChunk, new ChunkSpec(spec.Shape, ZarrDataType.Bool, FillValue.Default(ZarrDataType.Bool)));
        PooledBuffer? encodedData = null;
        try
        {
            if (valid > 0)
            {
                var sparse = PooledBuffer.Rent(checked(valid * innerSize));
                for (int i = 0, k = 0; i < n; i++)
                    if (maskBytes.Span[i] != 0)
                        stored.Slice(i * Type.ItemSize, innerSize).CopyTo(sparse.Span[(k++ * innerSize)..]);
                using var dataChunk = ChunkArray.FromBytes([valid], sparse);
                encodedData = Data.Encode(dataChunk, new ChunkSpec([valid], inner, FillValue.Default(inner)));
            }
            var dataLength = encodedData?.Length ?? 0;
            var output = PooledBuffer.Rent(checked(HeaderBytes + encodedMask.Length + dataLength));
            var span = output.Span;
            BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)encodedMask.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)dataLength);
            encodedMask.Span.CopyTo(span[HeaderBytes..]);
            encodedData?.Span.CopyTo(span[(HeaderBytes + encodedMask.Length)..]);
            return output;
        }
        finally
        {
            encodedData?.Dispose();
        }
    }

    public ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        var n = checked((int)spec.ElementCount);
        if (encoded.Length < HeaderBytes)
            throw Corrupt($"the chunk has {encoded.Length} bytes, fewer than the {HeaderBytes}-byte header");
        var maskLength = BinaryPrimitives.ReadUInt64LittleEndian(encoded);
        var dataLength = BinaryPrimitives.ReadUInt64LittleEndian(encoded[8..]);
        var rest = (ulong)(encoded.Length - HeaderBytes);
        if (maskLength > rest || dataLength != rest - maskLength)
            throw Corrupt($"the header declares {maskLength} mask bytes and {dataLength} data bytes, but {rest} bytes follow it");
        var encodedMask = encoded.Slice(HeaderBytes, (int)maskLength);
        var encodedData = encoded[(HeaderBytes + (int)maskLength)..];

        using var mask = Mask.Decode(encodedMask, new ChunkSpec(spec.Shape, ZarrDataType.Bool, FillValue.Default(ZarrDataType.Bool)));
        var maskSpan = (mask.Bytes ?? throw Corrupt("the mask did not decode to a bool array")).Span;
        if (maskSpan.Length < n) throw Corrupt($"the mask decoded to {maskSpan.Length} values for {n} elements");
        maskSpan = maskSpan[..n];
        var valid = n - maskSpan.Count((byte)0);

        var inner = Type.Inner!;
        var innerSize = inner.ItemSize;
        var output = PooledBuffer.Rent(checked(n * Type.ItemSize));
        try
        {
            var dense = output.Span;
            dense.Clear();
            if (valid == 0)
            {
                if (encodedData.Length != 0) throw Corrupt($"no element is present, but {encodedData.Length} data bytes follow the mask");
                return ChunkArray.FromBytes(spec.Shape, output);
            }
            using var data = Data.Decode(encodedData, new ChunkSpec([valid], inner, FillValue.Default(inner)));
            var sparse = (data.Bytes ?? throw Corrupt("the present values did not decode to fixed-size elements")).Span;
            if (sparse.Length < valid * innerSize) throw Corrupt($"the data decoded to {sparse.Length} bytes for {valid} present {inner} elements");
            for (int i = 0, k = 0; i < n; i++)
            {
                if (maskSpan[i] == 0) continue;
                var element = dense.Slice(i * Type.ItemSize, Type.ItemSize);
                sparse.Slice(k++ * innerSize, innerSize).CopyTo(element);
                element[innerSize] = 1;
            }
            return ChunkArray.FromBytes(spec.Shape, output);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private static ZarrException Corrupt(string why) => new(ZarrErrorKind.CorruptChunk, $"optional codec: {why}");
}
