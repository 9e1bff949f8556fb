using System.Collections;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Metadata;

namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// Records saved as a table: one 1-D array per column, in a group whose attributes mark it as a table and keep the
/// column order. <see cref="Columns"/> are typed .NET arrays of equal length.
/// </summary>
public sealed class TableValue(IReadOnlyList<string> names, IReadOnlyList<Array> columns)
{
    public const string MarkerAttribute = "_table_columns";
    public IReadOnlyList<string> Names { get; } = names;
    public IReadOnlyList<Array> Columns { get; } = columns;
    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Length;
}

/// <summary>Internal attribute names the engine writes to make round trips exact; they are hidden from users.</summary>
public static class ValueAttributes
{
    /// <summary>SciTeX's marker for a pickled value (uint8 array holding a Python pickle).</summary>
    public const string Type = "_type";
    public const string Pickled = "pickled";

    /// <summary>The .NET container a value came from when the Zarr type alone can't say (e.g. object[] of numbers).</summary>
    public const string ClrType = "_clr_type";
    public const string ObjectArray = "System.Object[]";

    /// <summary>On a pickled list: the .NET type of each item that Python would widen (Int32 → int → Int64), or null.</summary>
    public const string ClrItemTypes = "_clr_item_types";

    public static bool IsInternal(string name) => name is Type or ClrType or ClrItemTypes or TableValue.MarkerAttribute
        // xarray's v2 dimension names: a first-class property (Dimensions), not a user attribute.
        or Dimensions.ArrayDimensionsAttribute;

    /// <summary>A copy of a node's attributes without the engine's internal markers.</summary>
    public static JsonObject User(JsonObject attributes)
    {
        var result = new JsonObject();
        foreach (var (key, value) in attributes)
            if (!IsInternal(key)) result[key] = value?.DeepClone();
        return result;
    }
}

/// <summary>A node read back as .NET values.</summary>
public abstract class LoadedNode(string path, JsonObject attributes, NodeMetadata metadata)
{
    public string Path { get; } = path;
    /// <summary>The node's user attributes (internal markers removed).</summary>
    public JsonObject Attributes { get; } = attributes;
    public NodeMetadata Metadata { get; } = metadata;
    public string Name => Metadata.Name;
}

public sealed class LoadedGroup(string path, JsonObject attributes, NodeMetadata metadata, IReadOnlyList<LoadedNode> children, IReadOnlyList<string>? tableColumns)
    : LoadedNode(path, attributes, metadata)
{
    public IReadOnlyList<LoadedNode> Children { get; } = children;
    /// <summary>Non-null when the group holds a table (records): the column names in order.</summary>
    public IReadOnlyList<string>? TableColumns { get; } = tableColumns;
}

public sealed class LoadedArray(string path, JsonObject attributes, NodeMetadata metadata, object? value)
    : LoadedNode(path, attributes, metadata)
{
    /// <summary>A .NET array of rank n, or the scalar for a 0-d array, or whatever a pickle held.</summary>
    public object? Value { get; } = value;
}

/// <summary>Helpers to move between JSON attribute values and plain .NET values.</summary>
public static class JsonValues
{
    public static object? ToDotNet(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => ToDictionary(obj),
        JsonArray array => array.Select(ToDotNet).ToArray(),
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            System.Text.Json.JsonValueKind.Number => value.TryGetValue(out long l) ? l : value.TryGetValue(out ulong u) ? u : value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    public static System.Collections.Specialized.OrderedDictionary ToDictionary(JsonObject obj)
    {
        var result = new System.Collections.Specialized.OrderedDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in obj) result[key] = ToDotNet(value);
        return result;
    }

    /// <summary>Converts plain .NET values (dictionaries, lists, numbers, strings, bools) to JSON for attributes.</summary>
    public static JsonNode? FromDotNet(object? value) => FromDotNet(value, new ValueGuard("the attribute value"), "");

    private static JsonNode? FromDotNet(object? value, ValueGuard guard, string segment) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        char ch => JsonValue.Create(ch.ToString()),
        byte or sbyte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value)),
        ulong ul => JsonValue.Create(ul),
        float f => FloatJson(f),
        double d => FloatJson(d),
        Half h => FloatJson((double)h),
        decimal m => JsonValue.Create(m),
        DateTime dt => JsonValue.Create(dt.ToString("o")),
        DateTimeOffset dto => JsonValue.Create(dto.ToString("o")),
        IDictionary dict => DictionaryJson(dict, guard, segment),
        IEnumerable list => ListJson(list, guard, segment),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonNode FloatJson(double d) =>
        double.IsNaN(d) ? JsonValue.Create("NaN") : double.IsPositiveInfinity(d) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(d) ? JsonValue.Create("-Infinity") : JsonValue.Create(d);

    private static JsonObject DictionaryJson(IDictionary dict, ValueGuard guard, string segment)
    {
        using var scope = guard.Enter(dict, segment);
        var obj = new JsonObject();
        foreach (DictionaryEntry entry in dict) obj[entry.Key.ToString()!] = FromDotNet(entry.Value, guard, entry.Key.ToString()!);
        return obj;
    }

    private static JsonArray ListJson(IEnumerable list, ValueGuard guard, string segment)
    {
        using var scope = guard.Enter(list, segment);
        var array = new JsonArray();
        var i = 0;
        foreach (var item in list) array.Add(FromDotNet(item, guard, $"[{i++}]"));
        return array;
    }
}
