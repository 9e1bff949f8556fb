using System.Collections;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;
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

/// <summary>
/// A value with the attributes its node should carry (an Import-Zarr result saved again: the node's attributes travel
/// with the value). <see cref="ValueWriter"/> unwraps it; attributes given explicitly for the same node win.
/// </summary>
public sealed record AttributedValue(object? Value, JsonObject Attributes);

/// <summary>A value stored as text in another system's serialization (<see cref="ValueAttributes.CliXml"/>), for the caller to decode.</summary>
public sealed record SerializedValue(string Format, string Text);

/// <summary>Internal attribute names the engine writes to make round trips exact; they are hidden from users.</summary>
public static class ValueAttributes
{
    /// <summary>SciTeX's marker for a pickled value (uint8 array holding a Python pickle).</summary>
    public const string Type = "_type";
    public const string Pickled = "pickled";
    /// <summary>A PowerShell CliXml document in a 0-d string array (Save-Zarr -UseCliXml); Import-Zarr deserializes it.</summary>
    public const string CliXml = "clixml";

    /// <summary>The .NET container a value came from when the Zarr type alone can't say (e.g. object[] of numbers).</summary>
    public const string ClrType = "_clr_type";
    public const string ObjectArray = "System.Object[]";

    /// <summary>On a pickled list: the .NET type of each item that Python would widen (Int32 → int → Int64), or null.</summary>
    public const string ClrItemTypes = "_clr_item_types";

    /// <summary>On a group saved from an ordered dictionary or PSCustomObject: its members' names in their saved order.</summary>
    public const string MemberOrder = "_member_order";

    /// <summary>
    /// The names this module reserves (documented in docs/type-mapping.md): hidden from users, refused as user
    /// attributes and never removed by Set-ZarrAttribute, because each one changes how a node loads.
    /// </summary>
    public static readonly IReadOnlyList<string> Reserved = [Type, ClrType, ClrItemTypes, TableValue.MarkerAttribute, MemberOrder,
        // xarray's v2 dimension names: a first-class property (Dimensions), not a user attribute.
        Dimensions.ArrayDimensionsAttribute];

    public static bool IsInternal(string name) => Reserved.Contains(name);

    /// <summary>Refuses reserved names among attributes a user sets or removes (a named error before anything is written).</summary>
    public static void CheckUserNames(IEnumerable<string> names, string what, string? store, string? key)
    {
        var reserved = names.Where(IsInternal).Distinct().ToList();
        if (reserved.Count == 0) return;
        throw new ZarrException(ZarrErrorKind.ReservedAttribute,
            $"{what}: {string.Join(", ", reserved.Select(n => $"'{n}'"))} {(reserved.Count == 1 ? "is an attribute name" : "are attribute names")} this module reserves " +
            $"({string.Join(", ", Reserved)}); they record how a node loads and cannot be set or removed. Use another name. Nothing was written", store, key);
    }

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
            System.Text.Json.JsonValueKind.Number => Number(value),
            _ => null,
        },
        _ => null,
    };

    /// <summary>
    /// A JSON number the way ConvertFrom-Json reads it: an integer literal as Int64 (BigInteger when it does not fit),
    /// anything with a fraction or exponent as Double. Decided from the number's text, so <c>1.0</c> stays a Double.
    /// </summary>
    public static object Number(JsonValue value)
    {
        var text = value.ToJsonString();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out var l)) return l;
            if (System.Numerics.BigInteger.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out var big)) return big;
        }
        return double.Parse(text, System.Globalization.NumberStyles.Float, invariant);
    }

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
        AttributedValue attributed => FromDotNet(attributed.Value, guard, segment),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        char ch => JsonValue.Create(ch.ToString()),
        byte or sbyte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value)),
        ulong ul => JsonValue.Create(ul),
        System.Numerics.BigInteger big => RawNumber(big.ToString(System.Globalization.CultureInfo.InvariantCulture)),
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

    /// <summary>
    /// A real as JSON, always recognisably a real: <c>1.0</c> is written <c>1.0</c> (not <c>1</c>), so Python's json,
    /// ConvertFrom-Json and Import-Zarr read a float back. Non-finite values are the strings Zarr uses.
    /// </summary>
    private static JsonNode FloatJson(double d)
    {
        if (double.IsNaN(d)) return JsonValue.Create("NaN");
        if (double.IsPositiveInfinity(d)) return JsonValue.Create("Infinity");
        if (double.IsNegativeInfinity(d)) return JsonValue.Create("-Infinity");
        var text = d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (text.AsSpan().IndexOfAny('.', 'E', 'e') < 0) text += ".0";
        return RawNumber(text);
    }

    private static JsonNode RawNumber(string text) => JsonNode.Parse(text)!;

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
