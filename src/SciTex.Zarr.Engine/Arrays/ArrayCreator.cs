using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.Engine.Arrays;

/// <summary>What an empty array is made of (New-ZarrArray's parameters).</summary>
public sealed class ArrayDefinition
{
    public required long[] Shape { get; init; }
    public required ZarrDataType DataType { get; init; }
    /// <summary>Null: the automatic guess (0-length axes are guessed as if 1024 long, so the array can grow).</summary>
    public int[]? ChunkShape { get; init; }
    /// <summary>v3 sharding: shards of this shape (rounded up to whole chunks). Null: no sharding.</summary>
    public int[]? ShardShape { get; init; }
    /// <summary>The fill value as a plain .NET value (number, bool, string, "NaN"); null: the type's default (0, false, "").</summary>
    public object? FillValue { get; init; }
    public CompressorSpec Compressor { get; init; } = CompressorSpec.Default;
    /// <summary>numcodecs filters before the compressor (see <see cref="FilterSpec"/>).</summary>
    public FilterSpec Filters { get; init; } = FilterSpec.None;
    public int ZarrFormat { get; init; } = 3;
    public JsonObject? Attributes { get; init; }
}

/// <summary>
/// Creates arrays without data: only the metadata document is written (through the store's staged write, so a
/// replacement with Force is atomic); every region reads as the fill value until it is written.
/// </summary>
public static class ArrayCreator
{
    /// <summary>The data type names New-ZarrArray accepts (Zarr v3 core names).</summary>
    public static readonly string[] DataTypeNames =
        ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64", "complex64", "complex128", "string"];

    public static ZarrDataType ParseDataType(string name)
    {
        var normalized = name.Trim().ToLowerInvariant();
        if (Array.IndexOf(DataTypeNames, normalized) < 0)
            throw new ZarrException(ZarrErrorKind.UnsupportedDataType, $"Unknown data type '{name}'. Supported: {string.Join(", ", DataTypeNames)}");
        return ZarrDataType.FromV3(JsonValue.Create(normalized));
    }

    /// <summary>Validates a definition against the store and builds the metadata; throws a named error before anything is written.</summary>
    public static ArrayMetadata Plan(IZarrStore store, string path, ArrayDefinition definition, bool force, out bool replaces)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        if (path.Length == 0)
            throw new ZarrException(ZarrErrorKind.InvalidKey, "An array needs a key: the store's root is a group", store.Name, "/");
        CheckName(store, path);
        var format = definition.ZarrFormat;
        if (format is not (2 or 3)) throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Zarr format {format} is not 2 or 3", store.Name, path);
        var shape = definition.Shape;
        var rank = shape.Length;
        if (shape.Any(d => d < 0)) throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Shape [{string.Join(", ", shape)}] has a negative dimension", store.Name, path);
        try { _ = shape.Aggregate(1L, (a, d) => checked(a * Math.Max(d, 1))); }
        catch (OverflowException) { throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Shape [{string.Join(", ", shape)}] has more than 2^63 elements", store.Name, path); }
        var type = definition.DataType;

        int[] chunks;
        if (definition.ChunkShape is { } requested)
        {
            if (requested.Length != rank)
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Chunk shape [{string.Join(", ", requested)}] has {requested.Length} dimensions but the shape has {rank}", store.Name, path);
            if (requested.Any(c => c <= 0))
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Chunk shape [{string.Join(", ", requested)}] must be positive", store.Name, path);
            chunks = requested;
        }
        else chunks = ChunkShapeGuess.Guess(shape.Select(d => d == 0 ? 1024 : d).ToArray(), Math.Max(type.ItemSize, 16));
        var chunkElements = chunks.Aggregate(1L, (a, c) => a * c);
        if (chunkElements * Math.Max(type.ItemSize, 1) > Array.MaxLength)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Chunk shape [{string.Join(", ", chunks)}] makes chunks over 2 GiB; choose smaller chunks", store.Name, path);

        FillValue fill;
        try
        {
            fill = definition.FillValue is null ? FillValue.Default(type) : FillValue.Parse(JsonValues.FromDotNet(FillNumber(definition.FillValue, type)), type, v2: false);
        }
        catch (ZarrException e)
        {
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Fill value '{definition.FillValue}' does not fit data type {type}: {e.Message}", store.Name, path, e);
        }

        var (filters, serializer, bytesFilters, encodedType) = definition.Filters.Build(type, chunks, store.Name, path);
        var encoding = format == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot;
        var attributes = definition.Attributes?.DeepClone().AsObject() ?? new JsonObject();
        ArrayMetadata metadata;
        if (definition.ShardShape is { } shard)
        {
            if (format != 3) throw new ZarrException(ZarrErrorKind.InvalidArgument, "Sharding needs Zarr format 3 (-ZarrFormat 3)", store.Name, path);
            if (shard.Length != rank || shard.Any(s => s <= 0))
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Shard shape [{string.Join(", ", shard)}] must have {rank} positive dimensions", store.Name, path);
            var shards = shard.Select((s, i) => (s + chunks[i] - 1) / chunks[i] * chunks[i]).ToArray();
            var inner = new CodecChain(filters, serializer, [.. bytesFilters, .. definition.Compressor.CreateCodecs(encodedType, chunks, 3)]);
            metadata = new ArrayMetadata(path, 3, shape, shards, type, fill, encoding,
                new CodecChain([], new Codecs.Sharding.ShardingCodec(type, chunks, inner, Codecs.Sharding.ShardingCodec.DefaultIndexCodecs()), []), attributes);
        }
        else
        {
            metadata = new ArrayMetadata(path, format, shape, chunks, type, fill, encoding,
                new CodecChain(filters, serializer, [.. bytesFilters, .. definition.Compressor.CreateCodecs(encodedType, chunks, format)]), attributes);
        }
        replaces = CheckPlace(store, path, format, force, "array");
        return metadata;
    }

    /// <summary>
    /// Checks where a new node goes: every ancestor a group (or absent), the store's format the node's, and an existing
    /// node only replaced with <paramref name="force"/>. True when a node will be replaced.
    /// </summary>
    public static bool CheckPlace(IZarrStore store, string path, int format, bool force, string what)
    {
        var root = NodeStore.TryRead(store, "");
        if (root is ArrayMetadata) throw new ZarrException(ZarrErrorKind.NodeExists, "The store's root is an array, not a group", store.Name, "/");
        if (root is not null && root.ZarrFormat != format)
            throw new ZarrException(ZarrErrorKind.InvalidArgument,
                $"The store is Zarr format {root.ZarrFormat}; a format {format} {what} would mix formats. Use -ZarrFormat {root.ZarrFormat}", store.Name, path);
        var segments = path.Split('/');
        var current = "";
        for (var i = 0; i < segments.Length - 1; i++)
        {
            current = StoreKeys.Join(current, segments[i]);
            if (NodeStore.TryRead(store, current) is ArrayMetadata)
                throw new ZarrException(ZarrErrorKind.NodeExists, $"'{current}' is an array, so nothing can be created inside it. Nothing was written", store.Name, current);
        }
        var existing = NodeStore.TryRead(store, path);
        if (existing is null) return false;
        if (!force)
            throw new ZarrException(ZarrErrorKind.NodeExists,
                $"'{path}' already exists as {(existing is ArrayMetadata ? "an array" : "a group")}; use -Force to replace it. Nothing was written", store.Name, path);
        return true;
    }

    /// <summary>Names the writer refuses: '__' prefixes (reserved), the metadata document names and the staging folder.</summary>
    public static void CheckName(IZarrStore store, string path)
    {
        foreach (var segment in path.Split('/'))
            if (segment.StartsWith("__", StringComparison.Ordinal) || segment.StartsWith(".zarr-", StringComparison.Ordinal)
                || segment is "zarr.json" or ".zarray" or ".zgroup" or ".zattrs" or ".zmetadata")
                throw new ZarrException(ZarrErrorKind.InvalidKey, $"'{segment}' cannot be a node name (reserved)", store.Name, path);
    }

    /// <summary>Writes the array's metadata through a staged write (the old node, if any, stays readable until the swap).</summary>
    public static void Create(IZarrStore store, ArrayMetadata metadata, bool replaces)
    {
        using var write = store.BeginNodeWrite(metadata.Path);
        NodeStore.Write(write.Store, metadata);
        var consolidated = replaces ? ConsolidatedMetadata.Withdraw(store) : ConsolidatedMetadata.IsPresent(store);
        NodeStore.EnsureGroup(store, StoreKeys.Parent(metadata.Path), metadata.ZarrFormat);
        write.Commit();
        if (consolidated) ConsolidatedMetadata.Write(store);
        store.Flush();
    }

    /// <summary>A fill value typed as text ('-5' from a command line) is read as the number it spells for numeric types.</summary>
    private static object FillNumber(object value, ZarrDataType type)
    {
        if (value is not string text || type.Kind is DataTypeKind.String or DataTypeKind.Bytes) return value;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (type.Kind == DataTypeKind.Bool && bool.TryParse(text, out var b)) return b;
        if (long.TryParse(text, System.Globalization.NumberStyles.Integer, culture, out var l)) return l;
        if (ulong.TryParse(text, System.Globalization.NumberStyles.Integer, culture, out var u)) return u;
        if (type.Kind is DataTypeKind.Float or DataTypeKind.Complex && text is not ("NaN" or "Infinity" or "-Infinity")
            && double.TryParse(text, System.Globalization.NumberStyles.Float, culture, out var d)) return d;
        return value;
    }

    /// <summary>The same array with another shape (everything else kept).</summary>
    public static ArrayMetadata WithShape(ArrayMetadata m, long[] shape) =>
        new(m.Path, m.ZarrFormat, shape, m.ChunkShape, m.DataType, m.FillValue, m.ChunkKeyEncoding, m.Codecs, m.Attributes, m.DimensionNames);
}
