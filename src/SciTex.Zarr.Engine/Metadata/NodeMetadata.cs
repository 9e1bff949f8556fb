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
        ElementCount = CheckSizes(path, shape, chunkShape, dataType);
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

    /// <summary>Elements in the array; metadata whose count (or byte size) does not fit a long is refused when parsed.</summary>
    public long ElementCount { get; }

    /// <summary>Elements of the array as a BigInteger (what Get-ZarrTree reports; exact whatever the parse-time checks allow).</summary>
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

    /// <summary>
    /// The element count, once the array's byte size fits a long and one chunk fits a .NET array (2 GiB: the engine
    /// holds a chunk in one buffer). Anything else is InvalidMetadata here rather than an overflow later.
    /// </summary>
    private static long CheckSizes(string path, long[] shape, int[] chunkShape, ZarrDataType dataType)
    {
        var itemSize = Math.Max(1, dataType.IsVariableLength ? 1 : dataType.ItemSize);
        Errors.ZarrException TooLarge(string what) => new(Errors.ZarrErrorKind.InvalidMetadata, what, null, path);
        long elements = 1;
        foreach (var s in shape)
        {
            if (s != 0 && elements > long.MaxValue / s / itemSize)
                throw TooLarge($"shape [{string.Join(", ", shape)}] of {dataType} holds more than {long.MaxValue} bytes");
            elements *= s;
        }
        long chunkElements = 1;
        foreach (var c in chunkShape)
        {
            chunkElements *= c;
            if (chunkElements > Array.MaxLength / itemSize)
                throw TooLarge($"chunk shape [{string.Join(", ", chunkShape)}] of {dataType} is larger than the {Array.MaxLength} bytes one chunk may hold");
        }
        return elements;
    }

    public ChunkSpec ChunkSpec => new(ChunkShape, DataType, FillValue);

    /// <summary>The store key of a chunk (relative to the store root).</summary>
    public string ChunkKey(ReadOnlySpan<long> coordinates) => Stores.StoreKeys.Join(Path, ChunkKeyEncoding.Key(coordinates));
}
