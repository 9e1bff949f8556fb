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
    public int[]? ChunkShape { get; init; }
    public string[] Codecs { get; init; } = [];
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

    public string ShapeText => Shape is null ? "" : $"({string.Join(", ", Shape)}{(Shape.Length == 1 ? "," : "")})";
    public string ChunkText => ChunkShape is null ? "" : $"({string.Join(", ", ChunkShape)}{(ChunkShape.Length == 1 ? "," : "")})";
    public string CompressorText => NodeType == "Array" ? (Codecs.Length == 0 ? "none" : string.Join("+", Codecs)) : "";
    public string StoredText => FormatBytes(StoredBytes);
    /// <summary>"(time, channel)"; unnamed v3 axes show as "-".</summary>
    public string DimensionText => Dimensions is null ? "" : $"({string.Join(", ", Dimensions.Select(d => d ?? "-"))}{(Dimensions.Length == 1 ? "," : "")})";

    public static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB",
    };

    public override string ToString() => Key;

    public static ZarrNodeInfo Describe(IZarrStore store, string storePath, string path, int depth = 0) =>
        From(store, storePath, NodeStore.Read(store, path), depth);

    public static ZarrNodeInfo From(IZarrStore store, string storePath, NodeMetadata node, int depth)
    {
        var metadataBytes = MetadataSize(store, node.Path);
        var stored = node is ArrayMetadata ? ArraySize(store, node.Path) : metadataBytes;
        var attributes = ValueAttributes.User(node.Attributes);
        if (node is ArrayMetadata array)
        {
            return new ZarrNodeInfo
            {
                StorePath = storePath, Key = node.Path.Length == 0 ? "/" : node.Path, Name = node.Name, NodeType = "Array", Depth = depth,
                Shape = array.Shape, DataType = array.DataType.ToString(), ChunkShape = array.ChunkShape,
                Codecs = array.Codecs.All.Where(c => c is not BytesCodec).Select(Describe).ToArray(),
                StoredBytes = stored, ChunkBytes = stored - metadataBytes,
                ElementCount = array.ExactElementCount,
                LogicalBytes = array.DataType.IsVariableLength ? null : array.ExactElementCount * array.DataType.ItemSize,
                ZarrFormat = node.ZarrFormat, Attributes = JsonValues.ToDictionary(attributes),
                Dimensions = Engine.Values.Dimensions.Of(array),
            };
        }
        return new ZarrNodeInfo
        {
            StorePath = storePath, Key = node.Path.Length == 0 ? "/" : node.Path, Name = node.Path.Length == 0 ? System.IO.Path.GetFileName(storePath.TrimEnd('/')) : node.Name,
            NodeType = "Group", Depth = depth, StoredBytes = stored, ZarrFormat = node.ZarrFormat, Attributes = JsonValues.ToDictionary(attributes),
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

    /// <summary>Everything under the array's prefix: metadata and chunks, like zarr's nbytes_stored.</summary>
    private static long ArraySize(IZarrStore store, string path)
    {
        long total = 0;
        foreach (var key in store.ListPrefix(path)) total += store.GetSize(key) ?? 0;
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
