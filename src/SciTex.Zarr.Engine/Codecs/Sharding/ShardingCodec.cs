using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Codecs.Sharding;

/// <summary>
/// The v3 <c>sharding_indexed</c> codec (ZEP0002): a shard (the array's chunk) is split into inner chunks, each
/// encoded with its own codec chain and stored back to back, followed (or preceded) by a fixed-size index.
/// Inner chunks equal to the fill value are not stored. Partial reads fetch the index and only the inner chunks needed.
/// </summary>
public sealed class ShardingCodec : IArrayToBytesCodec, IPartialChunkReader
{
    public const string CodecName = "sharding_indexed";
    private (int Count, int Size) _indexSize = (-1, 0);

    public ShardingCodec(ZarrDataType dataType, int[] chunkShape, CodecChain codecs, CodecChain indexCodecs, bool indexAtEnd = true)
    {
        DataType = dataType;
        ChunkShape = chunkShape;
        Codecs = codecs;
        IndexCodecs = indexCodecs;
        IndexAtEnd = indexAtEnd;
    }

    public string Name => CodecName;
    public ZarrDataType DataType { get; }
    /// <summary>The inner chunk shape; divides the shard shape.</summary>
    public int[] ChunkShape { get; }
    public CodecChain Codecs { get; }
    public CodecChain IndexCodecs { get; }
    public bool IndexAtEnd { get; }

    /// <summary>
    /// A sharding codec with the usual defaults: inner chunks as <c>bytes</c> (little-endian) followed by
    /// <paramref name="compressors"/>, index as bytes + crc32c (crc32c only when registered), index at the end (what zarrita reads).
    /// </summary>
    public static ShardingCodec Create(ZarrDataType dataType, int[] chunkShape, params IBytesToBytesCodec[] compressors)
    {
        IArrayToBytesCodec serializer = dataType.IsVariableLength
            ? dataType.Kind == DataTypeKind.String ? VlenCodec.Utf8 : VlenCodec.Bytes
            : new BytesCodec(false);
        return new ShardingCodec(dataType, chunkShape, new CodecChain([], serializer, compressors), DefaultIndexCodecs());
    }

    /// <summary>bytes (little-endian) + crc32c, as zarr-python writes; bytes alone while no crc32c codec is registered.</summary>
    public static CodecChain DefaultIndexCodecs()
    {
        var context = new CodecContext(ZarrDataType.UInt64, [1, 2]);
        var checksum = CodecRegistry.V3Names.Contains("crc32c") ? CodecRegistry.FromV3("crc32c", context) as IBytesToBytesCodec : null;
        return new CodecChain([], new BytesCodec(false), checksum is null ? [] : [checksum]);
    }

    public static ShardingCodec FromV3(JsonObject? configuration, CodecContext context)
    {
        ZarrException Invalid(string why) => new(ZarrErrorKind.InvalidMetadata, $"sharding_indexed: {why}", context.Store, context.ArrayPath);
        if (configuration is null) throw Invalid("configuration is missing");
        var chunkShape = Metadata.JsonHelpers.IntArray(configuration["chunk_shape"], "chunk_shape", context.Store, context.ArrayPath ?? "");
        var layout = new ShardLayout(context.ChunkShape, chunkShape); // validates rank and divisibility
        var location = configuration["index_location"]?.GetValue<string>() ?? "end";
        if (location is not ("start" or "end")) throw Invalid($"index_location must be 'start' or 'end', got '{location}'");
        var codecs = ParseChain(configuration["codecs"], "codecs", context with { ChunkShape = chunkShape }, Invalid);
        var indexContext = new CodecContext(ZarrDataType.UInt64, [.. layout.Grid, 2], context.Store, context.ArrayPath);
        var indexCodecs = ParseChain(configuration["index_codecs"], "index_codecs", indexContext, Invalid);
        return new ShardingCodec(context.DataType, chunkShape, codecs, indexCodecs, location == "end");
    }

    private static CodecChain ParseChain(JsonNode? node, string field, CodecContext context, Func<string, ZarrException> invalid)
    {
        if (node is not JsonArray entries) throw invalid($"'{field}' must be a list of codecs");
        return CodecRegistry.ChainFromV3(entries, context);
    }

    public JsonObject ToV3Json() => new()
    {
        ["name"] = Name,
        ["configuration"] = new JsonObject
        {
            ["chunk_shape"] = Metadata.JsonHelpers.ToJsonArray(ChunkShape),
            ["codecs"] = Codecs.ToV3Json(includeEndian: DataType.HasEndianness),
            ["index_codecs"] = IndexCodecs.ToV3Json(includeEndian: true),
            ["index_location"] = IndexAtEnd ? "end" : "start",
        },
    };

    public JsonObject? ToV2Json() => null;

    /// <summary>Encoded index size for a grid; index codecs are fixed-size, so one trial encode of an empty index tells.</summary>
    private int IndexSize(ShardLayout layout)
    {
        var cached = _indexSize;
        if (cached.Count == layout.Count) return cached.Size;
        using var trial = ShardIndex.Empty(layout.Count).Encode(IndexCodecs, layout.Grid);
        _indexSize = (layout.Count, trial.Length);
        return trial.Length;
    }

    /// <summary>
    /// The most bytes a shard of <paramref name="spec"/> can take: the index plus each inner chunk at its inner chain's
    /// bound. Codecs outside sharding stop decoding beyond it.
    /// </summary>
    internal long MaxEncodedSize(ChunkSpec spec)
    {
        var layout = new ShardLayout(spec.Shape, ChunkShape);
        var inner = spec with { Shape = ChunkShape };
        long perChunk = Codecs.SerializedSize(inner).Limit;
        for (var i = 0; i < Codecs.BytesToBytes.Count && perChunk < Array.MaxLength; i++) perChunk = DecodedSize.EncodedBound(perChunk);
        var total = (double)perChunk * layout.Count + 16.0 * layout.Count + 64;
        return (long)Math.Min(total, Array.MaxLength);
    }

    public PooledBuffer Encode(ChunkArray shard, ChunkSpec spec)
    {
        var layout = new ShardLayout(spec.Shape, ChunkShape);
        var innerSpec = spec with { Shape = ChunkShape };
        var encoded = new PooledBuffer?[layout.Count];
        try
        {
            ChunkBlocks.ForEach(layout.Count, i =>
            {
                using var inner = ChunkBlocks.New(innerSpec, fill: false);
                ChunkBlocks.Copy(shard, layout.ShardOffset(i), layout.ShardStrides, inner, 0, layout.InnerStrides, layout.InnerCounts, spec);
                if (!ChunkBuffers.IsAllFill(inner, innerSpec)) encoded[i] = Codecs.Encode(inner, innerSpec);
            });
            var indexSize = IndexSize(layout);
            var index = ShardIndex.Empty(layout.Count);
            long position = IndexAtEnd ? 0 : indexSize;
            for (var i = 0; i < encoded.Length; i++)
            {
                if (encoded[i] is not { } chunk) continue;
                index.Set(i, position, chunk.Length);
                position += chunk.Length;
            }
            using var indexBytes = index.Encode(IndexCodecs, layout.Grid);
            if (indexBytes.Length != indexSize)
                throw new ZarrException(ZarrErrorKind.InvalidMetadata, "sharding_indexed: index_codecs must produce a fixed-size index (e.g. bytes + crc32c, no compression)");

            var output = PooledBuffer.Rent(checked((int)(position + (IndexAtEnd ? indexSize : 0))));
            var span = output.Span;
            indexBytes.Span.CopyTo(span[(IndexAtEnd ? (int)position : 0)..]);
            for (var i = 0; i < encoded.Length; i++)
                if (encoded[i] is { } chunk) chunk.Span.CopyTo(span[(int)index.Offset(i)..]);
            return output;
        }
        finally
        {
            foreach (var chunk in encoded) chunk?.Dispose();
        }
    }

    public ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        var layout = new ShardLayout(spec.Shape, ChunkShape);
        var index = ReadIndex(encoded, layout);
        var innerSpec = spec with { Shape = ChunkShape };
        // Inner chunks decode in parallel, and spans cannot cross threads: keep one pooled copy of the shard.
        using var bytes = PooledBuffer.CopyOf(encoded);
        var anyEmpty = Enumerable.Range(0, layout.Count).Any(index.IsEmpty);
        var shard = ChunkBlocks.New(spec, fill: anyEmpty);
        try
        {
            ChunkBlocks.ForEach(layout.Count, i =>
            {
                if (index.IsEmpty(i)) return;
                using var inner = Codecs.Decode(bytes.Span.Slice((int)index.Offset(i), index.Length(i)), innerSpec);
                ChunkBlocks.Copy(inner, 0, layout.InnerStrides, shard, layout.ShardOffset(i), layout.ShardStrides, layout.InnerCounts, spec);
            });
            return shard;
        }
        catch
        {
            shard.Dispose();
            throw;
        }
    }

    private ShardIndex ReadIndex(ReadOnlySpan<byte> shard, ShardLayout layout)
    {
        var size = IndexSize(layout);
        if (shard.Length < size)
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Shard holds {shard.Length} bytes, fewer than its {size}-byte index");
        var indexBytes = IndexAtEnd ? shard[^size..] : shard[..size];
        return IndexAtEnd
            ? ShardIndex.Decode(indexBytes, IndexCodecs, layout.Grid, 0, shard.Length - size)
            : ShardIndex.Decode(indexBytes, IndexCodecs, layout.Grid, size, shard.Length);
    }

    public ChunkArray? ReadRegion(IZarrStore store, string key, ChunkSpec spec, ResolvedAxis[] region)
    {
        var layout = new ShardLayout(spec.Shape, ChunkShape);
        var innerSpec = spec with { Shape = ChunkShape };
        var projections = ChunkProjector.Project(region, ChunkShape);

        // Touching every inner chunk: one read of the whole value beats one range per chunk.
        byte[]? whole = null;
        ShardIndex index;
        if (projections.Count == layout.Count)
        {
            whole = store.Get(key);
            if (whole is null) return null;
            index = ReadIndex(whole, layout);
        }
        else
        {
            if (store.GetSize(key) is not { } size) return null;
            var indexSize = IndexSize(layout);
            if (size < indexSize)
                throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Shard holds {size} bytes, fewer than its {indexSize}-byte index");
            var indexBytes = store.GetRange(key, IndexAtEnd ? -indexSize : 0, indexSize)
                ?? throw new ZarrException(ZarrErrorKind.CorruptChunk, "Shard vanished while being read");
            index = IndexAtEnd
                ? ShardIndex.Decode(indexBytes, IndexCodecs, layout.Grid, 0, size - indexSize)
                : ShardIndex.Decode(indexBytes, IndexCodecs, layout.Grid, indexSize, size);
        }

        var outShape = region.Select(a => checked((int)a.Count)).ToArray();
        var outStrides = StridedCopy.Strides(region.Select(a => a.Count).ToArray());
        var result = ChunkBlocks.New(spec with { Shape = outShape }, fill: false);
        try
        {
            ChunkBlocks.ForEach(projections.Count, k =>
            {
                var projection = projections[k];
                var counts = new long[region.Length];
                var srcStep = new long[region.Length];
                long srcOffset = 0, dstOffset = 0;
                for (var i = 0; i < region.Length; i++)
                {
                    var axis = projection.Axes[i];
                    counts[i] = axis.Count;
                    srcStep[i] = layout.InnerStrides[i] * region[i].Step;
                    srcOffset += axis.LocalStart * layout.InnerStrides[i];
                    dstOffset += axis.OutStart * outStrides[i];
                }
                var chunk = layout.Linear(projection.Coordinates);
                if (index.IsEmpty(chunk))
                {
                    ChunkBlocks.Fill(result, spec, dstOffset, outStrides, counts);
                    return;
                }
                var (offset, length) = (index.Offset(chunk), index.Length(chunk));
                ReadOnlySpan<byte> bytes = whole is not null
                    ? whole.AsSpan((int)offset, length)
                    : store.GetRange(key, offset, length) ?? throw new ZarrException(ZarrErrorKind.CorruptChunk, "Shard vanished while being read");
                using var inner = Codecs.Decode(bytes, innerSpec);
                ChunkBlocks.Copy(inner, srcOffset, srcStep, result, dstOffset, outStrides, counts, spec);
            });
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
