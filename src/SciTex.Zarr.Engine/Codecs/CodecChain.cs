using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// The spec's codec chain: array→array codecs, exactly one array→bytes codec, then bytes→bytes codecs.
/// Encoding runs them in that order, decoding in reverse.
/// </summary>
public sealed class CodecChain
{
    public CodecChain(IReadOnlyList<IArrayToArrayCodec> arrayToArray, IArrayToBytesCodec arrayToBytes, IReadOnlyList<IBytesToBytesCodec> bytesToBytes)
    {
        ArrayToArray = arrayToArray;
        ArrayToBytes = arrayToBytes;
        BytesToBytes = bytesToBytes;
    }

    public IReadOnlyList<IArrayToArrayCodec> ArrayToArray { get; }
    public IArrayToBytesCodec ArrayToBytes { get; }
    public IReadOnlyList<IBytesToBytesCodec> BytesToBytes { get; }

    /// <summary>
    /// The array→bytes codec when it can read part of a chunk straight from the store: only when it is the whole
    /// chain, since any other codec would change the bytes or layout the partial reader relies on.
    /// </summary>
    public Sharding.IPartialChunkReader? PartialReader =>
        ArrayToArray.Count == 0 && BytesToBytes.Count == 0 ? ArrayToBytes as Sharding.IPartialChunkReader : null;

    public IEnumerable<ICodec> All => ArrayToArray.Cast<ICodec>().Append(ArrayToBytes).Concat(BytesToBytes);

    /// <summary>Builds a chain from codecs in order, checking the three-role shape.</summary>
    public static CodecChain FromCodecs(IEnumerable<ICodec> codecs, string? store = null, string? array = null)
    {
        var a2a = new List<IArrayToArrayCodec>();
        IArrayToBytesCodec? a2b = null;
        var b2b = new List<IBytesToBytesCodec>();
        foreach (var codec in codecs)
        {
            switch (codec)
            {
                case IArrayToArrayCodec c when a2b is null: a2a.Add(c); break;
                case IArrayToBytesCodec c when a2b is null: a2b = c; break;
                case IBytesToBytesCodec c when a2b is not null: b2b.Add(c); break;
                default:
                    throw new ZarrException(ZarrErrorKind.InvalidMetadata,
                        $"Codec '{codec.Name}' is out of place: the chain must be array→array codecs, one array→bytes codec, then bytes→bytes codecs", store, array);
            }
        }
        if (a2b is null)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, "The codec chain has no array→bytes codec (e.g. 'bytes')", store, array);
        return new CodecChain(a2a, a2b, b2b);
    }

    /// <summary>The data type the array→bytes codec serialises: the array's, as changed by the array→array codecs.</summary>
    public DataTypes.ZarrDataType SerializedType(DataTypes.ZarrDataType arrayType)
    {
        var type = arrayType;
        foreach (var codec in ArrayToArray)
            if (codec is Filters.ArrayFilter filter) type = filter.EncodedType;
        return type;
    }

    public JsonArray ToV3Json(bool includeEndian) => new(All.Select(c =>
        (JsonNode?)(c is BytesCodec bytes ? bytes.ToV3Json(includeEndian) : c.ToV3Json())).ToArray());

    public PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec)
    {
        var current = chunk;
        var currentSpec = spec;
        try
        {
            foreach (var codec in ArrayToArray)
            {
                var next = codec.Encode(current, currentSpec);
                if (!ReferenceEquals(current, chunk)) current.Dispose();
                currentSpec = codec.EncodedSpec(currentSpec);
                current = next;
            }
            var bytes = ArrayToBytes.Encode(current, currentSpec);
            foreach (var codec in BytesToBytes)
            {
                var next = codec.Encode(bytes.Span);
                bytes.Dispose();
                bytes = next;
            }
            return bytes;
        }
        finally
        {
            if (!ReferenceEquals(current, chunk)) current.Dispose();
        }
    }

    public ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        // Specs on the array side of each array→array codec, innermost last.
        var specs = new ChunkSpec[ArrayToArray.Count + 1];
        specs[0] = spec;
        for (var i = 0; i < ArrayToArray.Count; i++) specs[i + 1] = ArrayToArray[i].EncodedSpec(specs[i]);
        var innerSpec = specs[^1];

        PooledBuffer? bytes = null;
        try
        {
            var serialized = BytesToBytes.Count == 0 ? default : SerializedSize(innerSpec);
            for (var i = BytesToBytes.Count - 1; i >= 0; i--)
            {
                var next = BytesToBytes[i].Decode(bytes is null ? encoded : bytes.Span, OuterLimit(serialized, i));
                bytes?.Dispose();
                bytes = next;
            }
            var chunk = ArrayToBytes.Decode(bytes is null ? encoded : bytes.Span, innerSpec);
            for (var i = ArrayToArray.Count - 1; i >= 0; i--)
            {
                var next = ArrayToArray[i].Decode(chunk, specs[i]);
                chunk.Dispose();
                chunk = next;
            }
            return chunk;
        }
        finally
        {
            bytes?.Dispose();
        }
    }

    /// <summary>
    /// The most bytes the array→bytes codec may be handed for one chunk of <paramref name="spec"/> (its exact size for
    /// <c>bytes</c>), so the bytes→bytes codec next to it can stop decoding beyond that.
    /// </summary>
    public DecodedSize SerializedSize(ChunkSpec spec) => ArrayToBytes switch
    {
        BytesCodec when !spec.DataType.IsVariableLength => DecodedSize.Exactly(ExactBytes(spec)),
        Sharding.ShardingCodec sharding => DecodedSize.AtMost(sharding.MaxEncodedSize(spec)),
        PackBitsArrayCodec packbits => DecodedSize.Exactly(checked((int)packbits.EncodedLength(spec.ElementCount))),
        OptionalCodec optional => DecodedSize.AtMost(optional.MaxEncodedSize(spec)),
        _ => DecodedSize.Unknown,
    };

    /// <summary>
    /// A generous bound on what <paramref name="chain"/> makes of one chunk of <paramref name="spec"/> (fixed-size
    /// types): the serialised size, widened by <see cref="DecodedSize.EncodedBound"/> for each bytes→bytes codec.
    /// </summary>
    internal static long EncodedBound(CodecChain chain, ChunkSpec spec)
    {
        var inner = spec;
        foreach (var codec in chain.ArrayToArray) inner = codec.EncodedSpec(inner);
        long bound = chain.ArrayToBytes switch
        {
            BytesCodec when !inner.DataType.IsVariableLength => inner.ElementCount * inner.DataType.ItemSize,
            _ => chain.SerializedSize(inner).Limit,
        };
        foreach (var _ in chain.BytesToBytes) bound = DecodedSize.EncodedBound(bound);
        return Math.Min(bound, Array.MaxLength);
    }

    /// <summary>The limit for bytes→bytes codec <paramref name="position"/>'s output: the serialised size next to bytes, bounded further out.</summary>
    private static DecodedSize OuterLimit(DecodedSize serialized, int position)
    {
        var limit = serialized;
        for (var i = 0; i < position; i++) limit = DecodedSize.AtMost(DecodedSize.EncodedBound(limit.Limit));
        return limit;
    }

    /// <summary>A fixed-size chunk's byte count; chunks over 2 GiB cannot be held (metadata parsing refuses them first).</summary>
    internal static int ExactBytes(ChunkSpec spec)
    {
        var bytes = spec.ElementCount * (long)spec.DataType.ItemSize;
        return bytes <= Array.MaxLength ? (int)bytes
            : throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"A chunk of {bytes} bytes is larger than the {Array.MaxLength} bytes one chunk may hold");
    }

    /// <summary>
    /// True when a chunk's encoded form is computed from its C-order element bytes alone (no array→array codec,
    /// <c>bytes</c> serialisation, fixed-size type), so <see cref="DecodeInto"/> and <see cref="EncodeFrom"/> apply.
    /// </summary>
    public bool IsPlainBytes(ChunkSpec spec) => ArrayToArray.Count == 0 && ArrayToBytes is BytesCodec && !spec.DataType.IsVariableLength;

    /// <summary>
    /// <see cref="Decode"/> straight into <paramref name="destination"/> (the chunk's element bytes, exactly its size;
    /// needs <see cref="IsPlainBytes"/>): the codec next to <c>bytes</c> writes into it, saving the intermediate copies.
    /// </summary>
    public void DecodeInto(ReadOnlySpan<byte> encoded, Span<byte> destination, ChunkSpec spec)
    {
        var serializer = (BytesCodec)ArrayToBytes;
        if (BytesToBytes.Count == 0)
        {
            serializer.DecodeInto(encoded, destination, spec);
            return;
        }
        PooledBuffer? bytes = null;
        try
        {
            for (var i = BytesToBytes.Count - 1; i > 0; i--)
            {
                var next = BytesToBytes[i].Decode(bytes is null ? encoded : bytes.Span, OuterLimit(DecodedSize.Exactly(destination.Length), i));
                bytes?.Dispose();
                bytes = next;
            }
            var input = bytes is null ? encoded : bytes.Span;
            if (BytesToBytes[0] is IDecodeInto direct && destination.Length > 0)
            {
                BytesCodec.CheckLength(direct.DecodeInto(input, destination), spec);
                serializer.SwapInPlace(destination, spec);
            }
            else
            {
                using var decoded = BytesToBytes[0].Decode(input, DecodedSize.Exactly(destination.Length));
                serializer.DecodeInto(decoded.Span, destination, spec);
            }
        }
        finally
        {
            bytes?.Dispose();
        }
    }

    /// <summary>
    /// <see cref="Encode"/> from a chunk's C-order element bytes (needs <see cref="IsPlainBytes"/>), without building a
    /// <see cref="ChunkArray"/> copy. Null when the encoded form is <paramref name="chunkBytes"/> unchanged (no compressor, no byte swap).
    /// </summary>
    public PooledBuffer? EncodeFrom(ReadOnlySpan<byte> chunkBytes, ChunkSpec spec)
    {
        var serializer = (BytesCodec)ArrayToBytes;
        PooledBuffer? bytes = null;
        try
        {
            if (serializer.Swaps(spec))
            {
                bytes = PooledBuffer.CopyOf(chunkBytes);
                serializer.SwapInPlace(bytes.Span, spec);
            }
            foreach (var codec in BytesToBytes)
            {
                var next = codec.Encode(bytes is null ? chunkBytes : bytes.Span);
                bytes?.Dispose();
                bytes = next;
            }
            return bytes;
        }
        catch
        {
            bytes?.Dispose();
            throw;
        }
    }
}

/// <summary>A bytes→bytes codec that decodes into a caller's buffer of the exact decoded size; returns the bytes written.</summary>
internal interface IDecodeInto
{
    int DecodeInto(ReadOnlySpan<byte> input, Span<byte> destination);
}
