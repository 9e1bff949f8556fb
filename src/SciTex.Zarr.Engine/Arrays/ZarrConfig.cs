using System.Globalization;

namespace SciTex.Zarr.Engine.Arrays;

/// <summary>
/// Engine-wide defaults, decided in one place. The limits below bound the memory and time hostile or damaged input
/// can cost (docs/limits.md lists them); each starts from an environment variable when set, else from its default,
/// and may be raised or lowered at run time by assigning the property.
/// </summary>
public static class ZarrConfig
{
    /// <summary>Chunks encoded or decoded at once. Each worker holds about two chunks, so memory stays bounded.</summary>
    public static int Concurrency { get; set; } = Environment.ProcessorCount;

    public const string IoConcurrencyVariable = "SCITEX_ZARR_IO_CONCURRENCY";

    /// <summary>
    /// Store requests in flight at once for stores with network latency (object stores, HTTP), separate from
    /// <see cref="Concurrency"/> (codec work, one per core). Default 64; at most this many encoded chunks wait for a
    /// codec worker at once.
    /// </summary>
    public static int IoConcurrency { get; set; } = (int)FromEnvironment(IoConcurrencyVariable, 64, 1, 1024);

    public const string MaxMetadataBytesVariable = "SCITEX_ZARR_MAX_METADATA_BYTES";
    public const string MaxJsonDepthVariable = "SCITEX_ZARR_MAX_JSON_DEPTH";
    public const string MaxMetadataValuesVariable = "SCITEX_ZARR_MAX_METADATA_VALUES";
    public const string MaxVariableLengthChunkBytesVariable = "SCITEX_ZARR_MAX_VLEN_CHUNK_BYTES";
    public const string MaxZipEntryBytesVariable = "SCITEX_ZARR_MAX_ZIP_ENTRY_BYTES";
    public const string MaxChunksPerShardVariable = "SCITEX_ZARR_MAX_SHARD_CHUNKS";
    public const string MaxChunksPerOperationVariable = "SCITEX_ZARR_MAX_CHUNKS_PER_OPERATION";

    /// <summary>Largest metadata document (zarr.json, .zarray, .zgroup, .zattrs, .zmetadata) parsed. Default 64 MiB.</summary>
    public static long MaxMetadataBytes { get; set; } = FromEnvironment(MaxMetadataBytesVariable, 64L << 20, 1, long.MaxValue);

    /// <summary>Deepest JSON nesting accepted in a metadata document. Default 64 (System.Text.Json's own default).</summary>
    public static int MaxJsonDepth { get; set; } = (int)FromEnvironment(MaxJsonDepthVariable, 64, 1, 4096);

    /// <summary>
    /// Most JSON values (objects, arrays, strings, numbers, literals) in one metadata document. The parsed form costs
    /// about 100 bytes per value, so this bounds a document's memory where the byte cap alone does not
    /// (64 MiB of <c>[0,0,0,…]</c> is 33 M values). Default 4 M values (≈ 400 MiB parsed at worst).
    /// </summary>
    public static long MaxMetadataValues { get; set; } = FromEnvironment(MaxMetadataValuesVariable, 4L << 20, 1, long.MaxValue);

    /// <summary>
    /// Largest decoded (serialised) form of one chunk of a variable-length type (strings, bytes), whose size the metadata
    /// cannot give. Fixed-size types need no cap: their chunks decode to exactly elements × item size. Default 128 MiB
    /// (a decode holds at most 1.5× the cap while its buffer grows, and the strings made from it twice their bytes).
    /// </summary>
    public static int MaxVariableLengthChunkBytes { get; set; } = (int)FromEnvironment(MaxVariableLengthChunkBytesVariable, 128L << 20, 16, Array.MaxLength);

    /// <summary>
    /// Largest decompressed size of one compressed (deflated) zip entry. Stored entries (what zarr writers make) are
    /// limited only by the archive itself. Default 256 MiB.
    /// </summary>
    public static long MaxZipEntryBytes { get; set; } = FromEnvironment(MaxZipEntryBytesVariable, 256L << 20, 1, Array.MaxLength);

    /// <summary>Most inner chunks one shard may have (the index costs 16 bytes each, twice). Default 4 M.</summary>
    public static int MaxChunksPerShard { get; set; } = (int)FromEnvironment(MaxChunksPerShardVariable, 4L << 20, 1, int.MaxValue / 16);

    /// <summary>
    /// Most chunks one read or write may touch. Each costs at least a store request; 4 M 1-element chunks already take
    /// minutes. Default 4 M (2^22).
    /// </summary>
    public static long MaxChunksPerOperation { get; set; } = FromEnvironment(MaxChunksPerOperationVariable, 4L << 20, 1, int.MaxValue);

    /// <summary>How to raise a limit, for error messages: the property and its environment variable.</summary>
    internal static string HowToRaise(string property, string variable) =>
        $"raise SciTex.Zarr.Engine.Arrays.ZarrConfig.{property} or set {variable}";

    /// <summary>
    /// An environment variable's value as a count or byte size (a plain integer, or with a K/M/G/KiB/MiB/GiB suffix,
    /// all binary), clamped to min..max; the default when unset or unreadable.
    /// </summary>
    internal static long FromEnvironment(string variable, long defaultValue, long min, long max)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        return text is null ? defaultValue : ParseSize(text) is { } value ? Math.Clamp(value, min, max) : defaultValue;
    }

    internal static long? ParseSize(string text)
    {
        var s = text.Trim();
        var shift = 0;
        foreach (var (suffix, bits) in new[] { ("KiB", 10), ("MiB", 20), ("GiB", 30), ("K", 10), ("M", 20), ("G", 30) })
        {
            if (!s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            s = s[..^suffix.Length].TrimEnd();
            shift = bits;
            break;
        }
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        return number > long.MaxValue >> shift ? long.MaxValue : number << shift;
    }
}
