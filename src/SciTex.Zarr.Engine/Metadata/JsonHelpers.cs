using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Metadata;

internal static class JsonHelpers
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Parses a metadata document within the limits (<see cref="ZarrConfig.MaxMetadataBytes"/>, <see cref="ZarrConfig.MaxJsonDepth"/>,
    /// <see cref="ZarrConfig.MaxMetadataValues"/>): a document beyond one is an InvalidMetadata error before its DOM is built.
    /// </summary>
    public static JsonObject ParseObject(byte[] bytes, string? store, string key)
    {
        CheckLimits(bytes, store, key);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"Malformed JSON: {e.Message}", store, key, e);
        }
        return node as JsonObject ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, "Metadata document is not a JSON object", store, key);
    }

    private static JsonDocumentOptions DocumentOptions => new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = ZarrConfig.MaxJsonDepth,
    };

    /// <summary>
    /// The size, depth and value-count limits, checked by one forward scan with <see cref="Utf8JsonReader"/> (no
    /// allocation); malformed JSON is left for the parser to describe.
    /// </summary>
    internal static void CheckLimits(ReadOnlySpan<byte> bytes, string? store, string key)
    {
        if (bytes.Length > ZarrConfig.MaxMetadataBytes)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata,
                $"Metadata document is {bytes.Length} bytes, more than the {ZarrConfig.MaxMetadataBytes}-byte limit "
                + $"({ZarrConfig.HowToRaise(nameof(ZarrConfig.MaxMetadataBytes), ZarrConfig.MaxMetadataBytesVariable)})", store, key);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, "Metadata document is not valid UTF-8", store, key);
        var maxDepth = ZarrConfig.MaxJsonDepth;
        var maxValues = ZarrConfig.MaxMetadataValues;
        // The reader itself enforces MaxDepth; a larger reader depth lets us report ours by name.
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = Math.Max(maxDepth, 1) + 1, CommentHandling = JsonCommentHandling.Disallow });
        long values = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray) continue;
                if (++values > maxValues)
                    throw new ZarrException(ZarrErrorKind.InvalidMetadata,
                        $"Metadata document holds more than {maxValues} JSON values, the limit "
                        + $"({ZarrConfig.HowToRaise(nameof(ZarrConfig.MaxMetadataValues), ZarrConfig.MaxMetadataValuesVariable)})", store, key);
                if (reader.CurrentDepth >= maxDepth && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    throw new ZarrException(ZarrErrorKind.InvalidMetadata,
                        $"Metadata document nests JSON deeper than {maxDepth} levels, the limit "
                        + $"({ZarrConfig.HowToRaise(nameof(ZarrConfig.MaxJsonDepth), ZarrConfig.MaxJsonDepthVariable)})", store, key);
            }
        }
        catch (JsonException)
        {
            // Malformed: JsonNode.Parse reports it with its own position information.
        }
    }

    /// <param name="asciiOnly">Escape every non-ASCII character as \uXXXX: zarr-python 2 decodes v2 documents as ASCII.</param>
    public static byte[] Serialize(JsonNode node, bool asciiOnly = false)
    {
        var text = node.ToJsonString(Indented) + "\n";
        if (asciiOnly && !Ascii.IsValid(text))
        {
            // Non-ASCII can only occur inside JSON strings, where \uXXXX (per UTF-16 unit) is always valid.
            var escaped = new StringBuilder(text.Length + 32);
            foreach (var c in text)
                if (c < 0x80) escaped.Append(c);
                else escaped.Append("\\u").Append(((int)c).ToString("x4"));
            text = escaped.ToString();
        }
        return Encoding.UTF8.GetBytes(text);
    }

    public static long[] LongArray(JsonNode? node, string field, string? store, string key)
    {
        if (node is not JsonArray array) throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"'{field}' must be an array of integers", store, key);
        try { return array.Select(n => n!.GetValue<long>()).ToArray(); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"'{field}' must be an array of integers", store, key, e);
        }
    }

    public static int[] IntArray(JsonNode? node, string field, string? store, string key) =>
        LongArray(node, field, store, key).Select(v => v is > int.MaxValue or < int.MinValue
            ? throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"'{field}' value {v} is too large", store, key)
            : (int)v).ToArray();

    public static JsonArray ToJsonArray<T>(IEnumerable<T> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static T Required<T>(JsonObject obj, string field, string? store, string key)
    {
        var node = obj[field] ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"Required field '{field}' is missing", store, key);
        try { return node.GetValue<T>(); }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"Field '{field}' has the wrong type: {node.ToJsonString()}", store, key, e);
        }
    }

    /// <summary>
    /// Runs a metadata parser so every failure names the document: errors raised without a store (data types, fill
    /// values, codec constructors) get the store and key added, and wrong JSON value types become InvalidMetadata.
    /// </summary>
    public static T Located<T>(Func<T> parse, string? store, string key)
    {
        try
        {
            return parse();
        }
        catch (ZarrException e) when (e.Store is null && store is not null)
        {
            throw new ZarrException(e.Kind, StripLocation(e), store, key, e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            // Wrong JSON value types, strings that cannot be transcoded, duplicate member names (JsonObject refuses them).
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"Invalid metadata: {e.Message}", store, key, e);
        }
    }

    /// <summary>The message without the "(key '…')" suffix, so the located copy does not name the key twice.</summary>
    private static string StripLocation(ZarrException e) =>
        e.Key is null ? e.Message : e.Message[..e.Message.LastIndexOf(" (key '", StringComparison.Ordinal)];
}
