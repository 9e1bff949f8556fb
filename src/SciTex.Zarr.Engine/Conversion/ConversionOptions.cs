using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.Engine.Conversion;

public sealed record ConversionOptions
{
    /// <summary>2 or 3; null takes an existing destination store's format, else 3.</summary>
    public int? ZarrFormat { get; init; }

    /// <summary>The compressor for every array (as Save-Zarr's -Compressor); zstd level 3 (SciTeX's default) unless set.</summary>
    public CompressorSpec Compressor { get; init; } = CompressorSpec.Default;

    /// <summary>
    /// Chunk shape for arrays of the same rank (clipped to each array's shape). Null, or a rank that does not match,
    /// keeps the source's chunk shape where it has one and otherwise uses <see cref="ChunkGuess"/>.
    /// </summary>
    public int[]? ChunkShape { get; init; }

    /// <summary>Chunk shapes by dataset path relative to the converted root (e.g. "session1/signal"); win over <see cref="ChunkShape"/>.</summary>
    public IReadOnlyDictionary<string, int[]>? ChunkShapes { get; init; }

    /// <summary>Upper bound on one copied block; two blocks (one being read, one being written) are alive at once.</summary>
    public long BlockBytes { get; init; } = 16L << 20;

    /// <summary>
    /// Which nodes to convert, by path relative to the file's root (no leading '/', e.g. "session1/run1/signal"):
    /// called with (path, isGroup); false skips the node (a group with everything below it). Null converts everything.
    /// </summary>
    public Func<string, bool, bool>? Select { get; init; }

    /// <summary>Drop groups that end up with no dataset below them (set together with an include filter).</summary>
    public bool PruneEmptyGroups { get; init; }

    /// <summary>
    /// Datasets of a type or filter that cannot be converted are skipped with a warning naming each (the rest of the
    /// file is converted). False: the first one fails the whole file (nothing is written).
    /// </summary>
    public bool SkipUnsupported { get; init; }

    public IProgress<ConversionProgress>? Progress { get; init; }
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Options of a destination store URL (s3://, az://: endpoint, credentials, lease; see docs/object-stores.md).</summary>
    public IReadOnlyDictionary<string, string?>? StoreOptions { get; init; }
}

/// <summary>Where a conversion is: the dataset being copied and the chunks/bytes done, of that dataset and overall.</summary>
public sealed record ConversionProgress(
    string File,
    string Dataset,
    int DatasetNumber,
    int DatasetCount,
    long ChunksDone,
    long ChunksTotal,
    long BytesDone,
    long BytesTotal);

/// <summary>What a conversion wrote.</summary>
public sealed record ConversionResult(string File, string Path, int Groups, int Arrays, long Bytes, IReadOnlyList<string> Warnings);
