using System.Numerics;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.PowerShell.Output;

/// <summary>One group or array of a store, as Get-ZarrTree emits it.</summary>
public sealed class ZarrNodeInfo
{
    /// <summary>The store's file-system path (binds to -LiteralPath of Import-Zarr / Get-ZarrSlice by property name).</summary>
    public string StorePath { get; init; } = "";
    /// <summary>The node's key inside the store ("/" for the root).</summary>
    public string Key { get; init; } = "/";
    public string Name { get; init; } = "";
    public string NodeType { get; init; } = "";
    public int Depth { get; init; }
    public long[]? Shape { get; init; }
    public string? DataType { get; init; }
    /// <summary>The shape of one chunk (of a sharded array: the inner chunk, the unit a reader decodes).</summary>
    public int[]? ChunkShape { get; init; }
    /// <summary>The shape of one shard (one stored object holding many chunks) of a sharded v3 array; null otherwise.</summary>
    public int[]? ShardShape { get; init; }
    /// <summary>Each codec with its configuration (of a sharded array: the codecs inside the shard).</summary>
    public string[] Codecs { get; init; } = [];
    /// <summary>"pickled" for a SciTeX pickle, "clixml" for a PowerShell CliXml document, null for plain data.</summary>
    public string? StoredAs { get; init; }
    /// <summary>A group's direct members (groups and arrays); null for arrays.</summary>
    public int? MemberCount { get; init; }
    /// <summary>Bytes the node and everything below it occupy in the store (for an array: <see cref="StoredBytes"/>).</summary>
    public long TotalBytes { get; init; }
    /// <summary>Bytes the node's chunks and metadata occupy in the store.</summary>
    public long StoredBytes { get; init; }
    /// <summary>
    /// Logical (decoded) size in bytes of an array with fixed-size elements. A BigInteger, exact: a shape's product can
    /// exceed a long (2^40 × 2^40 elements, or [2^63 − 1] of 8-byte items) and must not wrap to 0 or a negative size.
    /// </summary>
    public BigInteger? LogicalBytes { get; init; }
    /// <summary>Bytes of the stored chunks alone (metadata documents excluded).</summary>
    public long ChunkBytes { get; init; }
    /// <summary>Logical size over chunk bytes; null when nothing is stored (all chunks are fill) or the size is variable.</summary>
    public double? CompressionRatio => LogicalBytes is { } l && ChunkBytes > 0 ? Math.Round((double)l / ChunkBytes, 2) : null;
    /// <summary>Elements of an array, exact (a BigInteger for the same reason as <see cref="LogicalBytes"/>).</summary>
    public BigInteger? ElementCount { get; init; }
    public int ZarrFormat { get; init; }
    public System.Collections.Specialized.OrderedDictionary Attributes { get; init; } = new();
    /// <summary>An array's dimension names (v3 dimension_names, v2 _ARRAY_DIMENSIONS), one per axis; null when it has none.</summary>
    public string?[]? Dimensions { get; init; }

    /// <summary>The name indented by depth, groups in brackets, as SciTeX's explorer shows them.</summary>
    public string Hierarchy => new string(' ', 2 * Depth) + (NodeType == "Group" ? $"[{Name}]" : Name);

    /// <summary>A group's member count ("3 members"), an array's shape ("(64, 30000)").</summary>
    public string ShapeText => NodeType == "Group" ? (MemberCount is { } n ? $"{n} member{(n == 1 ? "" : "s")}" : "") : Shape is null ? "" : Tuple(Shape.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    /// <summary>The chunk shape; for a sharded array "chunk/shard", e.g. "5,5/10,10".</summary>
    public string ChunkText => ChunkShape is null ? "" : ShardShape is null ? Tuple(ChunkShape.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        : $"{string.Join(",", ChunkShape)}/{string.Join(",", ShardShape)}";
    /// <summary>The data type, or what the bytes hold when they are a serialized value ("pickled", "clixml").</summary>
    public string? DataTypeText => StoredAs ?? DataType;
    /// <summary>The codecs in short ("zstd:3", "blosc:lz4+crc32c"); <see cref="Codecs"/> has every setting.</summary>
    public string CompressorText => NodeType == "Array" ? (ShortCodecs.Length == 0 ? "none" : string.Join("+", ShortCodecs)) : "";
    /// <summary>Bytes stored: an array's own, a group's with everything below it.</summary>
    public string StoredText => FormatBytes(TotalBytes);
    /// <summary>"(time, channel)"; unnamed v3 axes show as "-".</summary>
    public string DimensionText => Dimensions is null ? "" : Tuple(Dimensions.Select(d => d ?? "-"));

    /// <summary><see cref="CompressionRatio"/> in at most 5 characters ("3.2", "12.5", "350").</summary>
    public string RatioText => CompressionRatio is not { } r ? "" : r < 100
        ? r.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : Math.Round(r).ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    internal string[] ShortCodecs { get; init; } = [];

    private static string Tuple(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return $"({string.Join(", ", list)}{(list.Count == 1 ? "," : "")})";
    }

    /// <summary>At most 8 characters: "999 B", "9.9 KiB", "999 KiB", "1.2 GiB".</summary>
    public static string FormatBytes(long bytes)
    {
        if (bytes < 1024) return $"{bytes} B";
        string[] units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        var value = bytes / 1024.0;
        var unit = 0;
        while (value >= 1023.95 && unit < units.Length - 1) { value /= 1024; unit++; }
        return value < 9.95
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Round(value):0} {units[unit]}");
    }

    public override string ToString() => Key;

    public static ZarrNodeInfo Describe(IZarrStore store, string storePath, string path, int depth = 0) =>
        From(store, storePath, NodeStore.Read(store, path), depth);

    /// <param name="memberCount">A group's member count when the caller already listed it (Get-ZarrTree); else it is counted.</param>
    /// <param name="sizes">Stored sizes of the whole listing, measured once (Get-ZarrTree); else this node's keys are listed.</param>
    public static ZarrNodeInfo From(IZarrStore store, string storePath, NodeMetadata node, int depth, int? memberCount = null, NodeSizes? sizes = null)
    {
        var metadataBytes = sizes?.MetadataBytes(node.Path) ?? MetadataSize(store, node.Path);
        var subtreeBytes = sizes is not null ? (long?)sizes.SubtreeBytes(node.Path) : null;
        var stored = node is ArrayMetadata ? subtreeBytes ?? ArraySize(store, node.Path) : metadataBytes;
        var attributes = ValueAttributes.User(node.Attributes);
        if (node is ArrayMetadata array)
        {
            var sharding = array.Codecs.ArrayToBytes as Engine.Codecs.Sharding.ShardingCodec;
            var codecs = sharding is null ? array.Codecs.All : sharding.Codecs.All.Concat(array.Codecs.BytesToBytes);
            var storedAs = array.Attributes[ValueAttributes.Type] is JsonValue t && t.TryGetValue(out string? type) ? type : null;
            return new ZarrNodeInfo
            {
                StorePath = storePath, Key = node.Path.Length == 0 ? "/" : node.Path, Name = node.Name, NodeType = "Array", Depth = depth,
                Shape = array.Shape, DataType = array.DataType.ToString(),
                ChunkShape = sharding?.ChunkShape ?? array.ChunkShape, ShardShape = sharding is null ? null : array.ChunkShape,
                Codecs = codecs.Where(c => c is not BytesCodec).Select(Describe).ToArray(),
                ShortCodecs = codecs.Where(c => c is not BytesCodec).Select(Short).ToArray(),
                StoredAs = storedAs,
                StoredBytes = stored, ChunkBytes = stored - metadataBytes, TotalBytes = stored,
                ElementCount = array.ExactElementCount,
                LogicalBytes = array.DataType.IsVariableLength ? null : array.ExactElementCount * array.DataType.ItemSize,
                ZarrFormat = node.ZarrFormat, Attributes = JsonValues.ToDictionary(attributes),
                Dimensions = Engine.Values.Dimensions.Of(array),
            };
        }
        return new ZarrNodeInfo
        {
            StorePath = storePath, Key = node.Path.Length == 0 ? "/" : node.Path, Name = node.Path.Length == 0 ? System.IO.Path.GetFileName(storePath.TrimEnd('/')) : node.Name,
            NodeType = "Group", Depth = depth, StoredBytes = stored, TotalBytes = subtreeBytes ?? ArraySize(store, node.Path),
            MemberCount = memberCount ?? NodeStore.Children(store, node.Path).Count(),
            ZarrFormat = node.ZarrFormat, Attributes = JsonValues.ToDictionary(attributes),
        };
    }

    /// <summary>"zstd(level=3)", "gzip(level=5)", "transpose", … from the codec's own JSON.</summary>
    private static string Describe(ICodec codec)
    {
        var configuration = codec.ToV3Json()["configuration"] as JsonObject;
        if (configuration is null || configuration.Count == 0) return codec.Name;
        var parts = configuration.Where(p => p.Value is JsonValue).Select(p => $"{p.Key}={p.Value}");
        return $"{codec.Name}({string.Join(", ", parts)})";
    }

    /// <summary>A codec in a few characters for the tree view: its name and level (or Blosc's inner compressor).</summary>
    private static string Short(ICodec codec)
    {
        var configuration = codec.ToV3Json()["configuration"] as JsonObject;
        string? Setting(string name) => configuration?[name] is JsonValue v ? v.ToString() : null;
        var name = codec.Name switch
        {
            "numcodecs.lz4" => "lz4",
            "vlen-utf8" or "vlen-bytes" => "vlen",
            var n when n.StartsWith("numcodecs.", StringComparison.Ordinal) => n["numcodecs.".Length..],
            var n => n,
        };
        if (name == "blosc" && Setting("cname") is { } cname) return $"blosc:{cname}";
        return Setting("level") is { } level ? $"{name}:{level}" : name;
    }

    /// <summary>Everything under the array's prefix: metadata and chunks, like zarr's nbytes_stored.</summary>
    private static long ArraySize(IZarrStore store, string path)
    {
        // A store that cannot list (plain HTTP) cannot tell which chunks exist: its arrays count their metadata only.
        if (!store.Capabilities.HasFlag(StoreCapabilities.Listing)) return MetadataSize(store, path);
        long total = 0;
        foreach (var (_, size) in store.ListPrefixSizes(path)) total += size;
        return total;
    }

    private static long MetadataSize(IZarrStore store, string path)
    {
        long total = 0;
        foreach (var name in new[] { "zarr.json", ".zgroup", ".zarray", ".zattrs" })
            total += store.GetSize(StoreKeys.Join(path, name)) ?? 0;
        return total;
    }
}
