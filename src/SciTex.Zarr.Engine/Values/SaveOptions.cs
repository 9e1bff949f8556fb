using System.Text.Json.Nodes;

namespace SciTex.Zarr.Engine.Values;

/// <summary>How <see cref="ValueWriter"/> lays values out in a store.</summary>
public sealed class SaveOptions
{
    public int ZarrFormat { get; init; } = 3;
    public CompressorSpec Compressor { get; init; } = CompressorSpec.Default;

    /// <summary>numcodecs filters applied to every typed array before the compressor (not to scalars or pickles).</summary>
    public FilterSpec Filters { get; init; } = FilterSpec.None;

    /// <summary>One chunk shape for every array of the same rank (others get the automatic guess).</summary>
    public int[]? ChunkShape { get; init; }

    /// <summary>Chunk shapes by array key (path relative to the target group, or bare name).</summary>
    public IReadOnlyDictionary<string, int[]>? ChunkShapes { get; init; }

    /// <summary>
    /// Store arrays as shards of this shape (v3 <c>sharding_indexed</c>), each holding chunks of the chunk shape;
    /// one shape for arrays of the same rank. Null: no sharding.
    /// </summary>
    public int[]? ShardShape { get; init; }

    /// <summary>Replace nodes that already exist (otherwise the save fails before writing anything).</summary>
    public bool Force { get; init; }

    /// <summary>Write consolidated metadata after the save (it is always refreshed when the store already has it).</summary>
    public bool Consolidate { get; init; }

    /// <summary>Attributes merged into the target group.</summary>
    public JsonObject? Attributes { get; init; }

    /// <summary>Attributes merged into individual arrays/groups, by key relative to the target group.</summary>
    public IReadOnlyDictionary<string, JsonObject>? NodeAttributes { get; init; }

    /// <summary>Dimension names for every array of that rank (others get automatic names; see <see cref="Dimensions"/>).</summary>
    public string[]? DimensionNames { get; init; }

    /// <summary>Dimension names by array key (path relative to the target group, or bare name).</summary>
    public IReadOnlyDictionary<string, string[]>? DimensionNamesByKey { get; init; }

    /// <summary>Store DateTime arrays CF-encoded (int64 with <c>units: "&lt;unit&gt; since 1970-01-01"</c>) instead of datetime64.</summary>
    public bool CFTime { get; init; }

    /// <summary>
    /// For values with no Zarr mapping (and no pickle): returns (format, text) to store as a string marked
    /// <c>_type: format</c>, e.g. ("clixml", PowerShell's CliXml). Null: such values are refused (ZarrUnsupportedValueType).
    /// </summary>
    public Func<object, (string Format, string Text)>? Serializer { get; init; }

    /// <summary>A copy with progress reporting.</summary>
    public SaveOptions WithProgress(Action<long, long> progress) => Copy(ZarrFormat, progress);

    /// <summary>A copy writing another Zarr format.</summary>
    public SaveOptions WithFormat(int zarrFormat) => Copy(zarrFormat, Progress);

    private SaveOptions Copy(int zarrFormat, Action<long, long>? progress) => new()
    {
        ZarrFormat = zarrFormat, Compressor = Compressor, Filters = Filters, ChunkShape = ChunkShape, ChunkShapes = ChunkShapes, ShardShape = ShardShape,
        Force = Force, Consolidate = Consolidate, Attributes = Attributes, NodeAttributes = NodeAttributes, Progress = progress, Serializer = Serializer,
        DimensionNames = DimensionNames, DimensionNamesByKey = DimensionNamesByKey, CFTime = CFTime,
    };

    /// <summary>Reports (chunks written so far, total chunks) while arrays are written.</summary>
    public Action<long, long>? Progress { get; init; }
}
