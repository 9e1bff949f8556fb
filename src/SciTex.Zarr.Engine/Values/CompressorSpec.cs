using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// A user's compression choice ("zstd", "lz4", "gzip", "none", or a name with parameters such as level 9),
/// turned into the bytes→bytes codecs of a new array for either format.
/// </summary>
public sealed class CompressorSpec
{
    public static readonly string[] Names = ["zstd", "lz4", "gzip", "zlib", "blosc", "none"];

    private CompressorSpec(string name, IReadOnlyDictionary<string, object?> parameters)
    {
        Name = name;
        Parameters = parameters;
    }

    public string Name { get; }
    public IReadOnlyDictionary<string, object?> Parameters { get; }

    public static CompressorSpec Default { get; } = Parse("zstd");

    public static CompressorSpec Parse(string? name, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var normalized = (name ?? "none").Trim().ToLowerInvariant();
        if (normalized is "" or "null") normalized = "none";
        if (!Names.Contains(normalized))
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Unknown compressor '{name}'. Supported: {string.Join(", ", Names)}");
        var map = new Dictionary<string, object?>(parameters ?? new Dictionary<string, object?>(), StringComparer.OrdinalIgnoreCase);
        var allowed = normalized switch
        {
            "zstd" => new[] { "level", "checksum" },
            "lz4" => ["acceleration"],
            "gzip" or "zlib" => ["level"],
            "blosc" => ["cname", "clevel", "shuffle", "blocksize"],
            _ => [],
        };
        foreach (var key in map.Keys)
            if (!allowed.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Compressor '{normalized}' has no parameter '{key}'. Parameters: {(allowed.Length == 0 ? "none" : string.Join(", ", allowed))}");
        return new CompressorSpec(normalized, map);
    }

    private int Int(string key, int fallback)
    {
        if (!Parameters.TryGetValue(key, out var v) || v is null) return fallback;
        try
        {
            return Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Compressor '{Name}' parameter '{key}' must be an integer, not '{v}'", null, null, e);
        }
    }

    private bool Bool(string key, object value)
    {
        try
        {
            return Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException)
        {
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Compressor '{Name}' parameter '{key}' must be $true or $false, not '{value}'", null, null, e);
        }
    }

    /// <summary>The codecs for an array of <paramref name="dataType"/> in <paramref name="zarrFormat"/>.</summary>
    public IReadOnlyList<IBytesToBytesCodec> CreateCodecs(ZarrDataType dataType, int[] chunkShape, int zarrFormat)
    {
        var context = new CodecContext(dataType, chunkShape);
        var typeSize = Math.Max(dataType.ItemSize, 1);
        JsonObject? v3;
        JsonObject? v2;
        switch (Name)
        {
            case "none":
                return [];
            case "zstd":
                var level = Int("level", 3);
                var checksum = Parameters.TryGetValue("checksum", out var c) && c is not null && Bool("checksum", c);
                return [new ZstdCodec(level, checksum && zarrFormat == 3)];
            case "gzip":
            case "zlib":
                v3 = new JsonObject { ["name"] = Name, ["configuration"] = new JsonObject { ["level"] = Int("level", Name == "gzip" ? 5 : 1) } };
                v2 = new JsonObject { ["id"] = Name, ["level"] = Int("level", Name == "gzip" ? 5 : 1) };
                break;
            case "lz4":
                // v2: numcodecs' lz4 (what zarr-python 2 and SciTeX write). v3 has no core lz4 codec, so we write
                // Blosc-LZ4 with byte shuffle, which every v3 reader (zarr-python 3, zarrs, zarrita, tensorstore) decodes;
                // only an explicit acceleration (a numcodecs lz4 setting) selects numcodecs.lz4 in v3.
                v2 = new JsonObject { ["id"] = "lz4", ["acceleration"] = Int("acceleration", 1) };
                v3 = Parameters.ContainsKey("acceleration")
                    ? new JsonObject { ["name"] = "numcodecs.lz4", ["configuration"] = new JsonObject { ["acceleration"] = Int("acceleration", 1) } }
                    : new JsonObject
                {
                    ["name"] = "blosc",
                    ["configuration"] = new JsonObject { ["cname"] = "lz4", ["clevel"] = 5, ["shuffle"] = typeSize > 1 ? "shuffle" : "noshuffle", ["typesize"] = typeSize, ["blocksize"] = 0 },
                };
                break;
            case "blosc":
                var cname = Parameters.TryGetValue("cname", out var n) && n is not null ? n.ToString()! : "lz4";
                var shuffle = Parameters.TryGetValue("shuffle", out var s) && s is not null ? s.ToString()!.ToLowerInvariant() : (typeSize > 1 ? "shuffle" : "noshuffle");
                var shuffleCode = shuffle switch { "noshuffle" or "0" => 0, "shuffle" or "1" => 1, "bitshuffle" or "2" => 2, _ => throw new ZarrException(ZarrErrorKind.InvalidArgument, $"blosc shuffle '{shuffle}' is not noshuffle, shuffle or bitshuffle") };
                var shuffleName = new[] { "noshuffle", "shuffle", "bitshuffle" }[shuffleCode];
                v3 = new JsonObject
                {
                    ["name"] = "blosc",
                    ["configuration"] = new JsonObject { ["cname"] = cname, ["clevel"] = Int("clevel", 5), ["shuffle"] = shuffleName, ["typesize"] = typeSize, ["blocksize"] = Int("blocksize", 0) },
                };
                v2 = new JsonObject { ["id"] = "blosc", ["cname"] = cname, ["clevel"] = Int("clevel", 5), ["shuffle"] = shuffleCode, ["blocksize"] = Int("blocksize", 0) };
                break;
            default:
                throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"Unknown compressor '{Name}'");
        }
        var codec = zarrFormat == 3 ? CodecRegistry.FromV3(v3, context) : CodecRegistry.FromV2(v2, context);
        return codec is IBytesToBytesCodec b2b ? [b2b] : throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"'{Name}' is not a compressor");
    }

    public override string ToString() => Parameters.Count == 0 ? Name : $"{Name}({string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))})";
}
