using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Chunking;

/// <summary>
/// How chunk coordinates become store keys: v3 <c>default</c> (<c>c/1/2</c>, 0-d <c>c</c>) or <c>v2</c>
/// (<c>1.2</c>, 0-d <c>0</c>), each with its separator.
/// </summary>
public sealed record ChunkKeyEncoding(bool IsDefault, char Separator)
{
    public static readonly ChunkKeyEncoding DefaultSlash = new(true, '/');
    public static readonly ChunkKeyEncoding V2Dot = new(false, '.');

    public string Key(ReadOnlySpan<long> coordinates)
    {
        if (coordinates.Length == 0) return IsDefault ? "c" : "0";
        var builder = new StringBuilder(IsDefault ? "c" : "");
        for (var i = 0; i < coordinates.Length; i++)
        {
            if (i > 0 || IsDefault) builder.Append(Separator);
            builder.Append(coordinates[i]);
        }
        return builder.ToString();
    }

    public static ChunkKeyEncoding FromV3(JsonNode? node, string? store, string? path)
    {
        if (node is not JsonObject obj) throw new ZarrException(ZarrErrorKind.InvalidMetadata, "chunk_key_encoding must be an object", store, path);
        var name = obj["name"]?.GetValue<string>();
        var separator = obj["configuration"]?["separator"]?.GetValue<string>();
        return name switch
        {
            "default" => new ChunkKeyEncoding(true, ParseSeparator(separator ?? "/", store, path)),
            "v2" => new ChunkKeyEncoding(false, ParseSeparator(separator ?? ".", store, path)),
            _ => throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"Unsupported chunk_key_encoding '{name}' (supported: default, v2)", store, path),
        };
    }

    public static char ParseSeparator(string separator, string? store, string? path) => separator switch
    {
        "/" => '/',
        "." => '.',
        _ => throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"Chunk key separator must be '/' or '.', got '{separator}'", store, path),
    };

    public JsonObject ToV3Json() => new()
    {
        ["name"] = IsDefault ? "default" : "v2",
        ["configuration"] = new JsonObject { ["separator"] = Separator.ToString() },
    };
}
