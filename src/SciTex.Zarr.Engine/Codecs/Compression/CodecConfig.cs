using System.Text.Json;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>Reads codec configuration members with errors that name the codec, the member and the array.</summary>
internal static class CodecConfig
{
    public static ZarrException Invalid(string codec, string message, CodecContext? context) =>
        new(ZarrErrorKind.InvalidMetadata, $"codec '{codec}': {message}", context?.Store, context?.ArrayPath);

    public static int? OptionalInt(JsonObject? config, string key, string codec, CodecContext? context)
    {
        if (config is null || !config.TryGetPropertyValue(key, out var node) || node is null) return null;
        if (node is JsonValue value)
        {
            if (value.TryGetValue<int>(out var i)) return i;
            if (value.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue) return (int)l;
            if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue) return (int)d;
            if (value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out i)) return i;
        }
        throw Invalid(codec, $"'{key}' must be an integer, got {node.ToJsonString()}", context);
    }

    public static int RequiredInt(JsonObject? config, string key, string codec, CodecContext? context) =>
        OptionalInt(config, key, codec, context) ?? throw Invalid(codec, $"missing required configuration member '{key}'", context);

    public static string? OptionalString(JsonObject? config, string key, string codec, CodecContext? context)
    {
        if (config is null || !config.TryGetPropertyValue(key, out var node) || node is null) return null;
        if (node is JsonValue value && value.TryGetValue<string>(out var s)) return s;
        throw Invalid(codec, $"'{key}' must be a string, got {node.ToJsonString()}", context);
    }

    public static string RequiredString(JsonObject? config, string key, string codec, CodecContext? context) =>
        OptionalString(config, key, codec, context) ?? throw Invalid(codec, $"missing required configuration member '{key}'", context);

    public static int InRange(int value, int min, int max, string key, string codec, CodecContext? context) =>
        value >= min && value <= max ? value : throw Invalid(codec, $"'{key}' must be between {min} and {max}, got {value}", context);

    public static JsonObject V3(string name, JsonObject configuration) =>
        new() { ["name"] = name, ["configuration"] = configuration };
}
