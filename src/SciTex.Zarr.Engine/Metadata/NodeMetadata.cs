using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Metadata;

public enum NodeType { Group, Array }

/// <summary>What every node has: where it is, its format and its attributes. Everything after parsing is format-agnostic.</summary>
public abstract class NodeMetadata
{
    protected NodeMetadata(string path, int zarrFormat, JsonObject? attributes)
    {
        Path = path;
        ZarrFormat = zarrFormat;
        Attributes = attributes ?? new JsonObject();
    }

    /// <summary>Node path inside the store, without leading or trailing slashes ("" = root).</summary>
    public string Path { get; }
    public int ZarrFormat { get; }
    public JsonObject Attributes { get; set; }
    public abstract NodeType NodeType { get; }
    public string Name => Path.Length == 0 ? "/" : Stores.StoreKeys.LastSegment(Path);
}

public sealed class GroupMetadata(string path, int zarrFormat, JsonObject? attributes = null) : NodeMetadata(path, zarrFormat, attributes)
{
    public override NodeType NodeType => NodeType.Group;

    /// <summary>v3 inline or v2 .zmetadata consolidated entries found with this group (child path → node), when present.</summary>
    public IReadOnlyDictionary<string, NodeMetadata>? Consolidated { get; set; }
}

/// <summary>An array's metadata. v2 arrays are represented as v3 arrays whose codecs express order, filters and compressor.</summary>
public sealed class ArrayMetadata : NodeMetadata
{
    public ArrayMetadata(string path, int zarrFormat, long[] shape, int[] chunkShape, ZarrDataType dataType, FillValue fillValue,
        ChunkKeyEncoding chunkKeyEncoding, CodecChain codecs, JsonObject? attributes = null, string?[]? dimensionNames = null)
        : base(path, zarrFormat, attributes)
    {
        if (shape.Length != chunkShape.Length)
            throw new Errors.ZarrException(Errors.ZarrErrorKind.InvalidMetadata,
                $"shape has {shape.Length} dimensions but the chunk shape has {chunkShape.Length}", null, path);
        foreach (var s in shape)
            if (s < 0) throw new Errors.ZarrException(Errors.ZarrErrorKind.InvalidMetadata, "shape has a negative dimension", null, path);
        foreach (var c in chunkShape)
            if (c <= 0) throw new Errors.ZarrException(Errors.ZarrErrorKind.InvalidMetadata, "chunk shape dimensions must be positive", null, path);
        if (dimensionNames is not null && dimensionNames.Length != shape.Length)
            throw new Errors.ZarrException(Errors.ZarrErrorKind.InvalidMetadata, "dimension_names must have one entry per dimension", null, path);
        Shape = shape;
        ChunkShape = chunkShape;
        DataType = dataType;
        FillValue = fillValue;
        ChunkKeyEncoding = chunkKeyEncoding;
        Codecs = codecs;
        DimensionNames = dimensionNames;
    }

    public override NodeType NodeType => NodeType.Array;
    public long[] Shape { get; }
    public int[] ChunkShape { get; }
    public ZarrDataType DataType { get; }
    public FillValue FillValue { get; }
    public ChunkKeyEncoding ChunkKeyEncoding { get; }
    public CodecChain Codecs { get; }
    public string?[]? DimensionNames { get; }
    public int Rank => Shape.Length;

    /// <summary>Elements of the array; a shape whose product exceeds a long (2^40 × 2^40) is an error here: use <see cref="ExactElementCount"/>.</summary>
    public long ElementCount
    {
        get
        {
            var n = ExactElementCount;
            return n <= long.MaxValue ? (long)n
                : throw new ZarrException(ZarrErrorKind.LimitExceeded, $"The array has {n} elements, more than one operation can address (2^63 − 1)", null, Path);
        }
    }

    /// <summary>Elements of the array, exactly (a BigInteger: the product of a shape can exceed 2^63).</summary>
    public System.Numerics.BigInteger ExactElementCount
    {
        get
        {
            System.Numerics.BigInteger n = 1;
            foreach (var d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>Chunks along each axis (ceil division, without overflow for shapes near 2^63).</summary>
    public long[] ChunkGridShape => Shape.Select((s, i) => s / ChunkShape[i] + (s % ChunkShape[i] == 0 ? 0 : 1)).ToArray();

    /// <summary>Chunks in the whole grid, saturating at <see cref="long.MaxValue"/> (only counts and progress use it).</summary>
    public long ChunkCount
    {
        get
        {
            System.Numerics.BigInteger n = 1;
            foreach (var c in ChunkGridShape) n *= c;
            return n > long.MaxValue ? long.MaxValue : (long)n;
        }
    }

    public ChunkSpec ChunkSpec => new(ChunkShape, DataType, FillValue);

    /// <summary>The store key of a chunk (relative to the store root).</summary>
    public string ChunkKey(ReadOnlySpan<long> coordinates) => Stores.StoreKeys.Join(Path, ChunkKeyEncoding.Key(coordinates));
}
