using System.Text.Json;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Tests.Conformance;

/// <summary>Compares what the engine read with expected.json's values, as its README says they are written.</summary>
public static class FixtureValues
{
    /// <summary>Null when every element matches, else a description of the first difference.</summary>
    public static string? FirstDifference(Array actual, JsonElement entry)
    {
        var items = actual.Cast<object?>().ToList(); // multi-dimensional arrays enumerate in C order
        var depth = OptionalDepth(entry.GetProperty("data_type"));
        if (entry.GetProperty("expected") is { ValueKind: JsonValueKind.Array } expected)
        {
            if (expected.GetArrayLength() != items.Count) return $"{items.Count} elements read, {expected.GetArrayLength()} expected";
            var i = 0;
            foreach (var want in expected.EnumerateArray())
            {
                if (!SameOptional(items[i], want, depth)) return $"element {i}: read {Show(items[i])}, expected {want.GetRawText()}";
                i++;
            }
            return null;
        }
        var constant = entry.GetProperty("expected_constant");
        var index = items.FindIndex(item => !SameOptional(item, constant, depth));
        return index < 0 ? null : $"element {index}: read {Show(items[index])}, expected every element {constant.GetRawText()}";
    }

    /// <summary>How many <c>optional</c> wrappers the data type has (zarrs' optional type; 0 for every other type).</summary>
    private static int OptionalDepth(JsonElement dataType) =>
        dataType.ValueKind == JsonValueKind.Object && dataType.TryGetProperty("name", out var name) && name.GetString() == "optional"
            ? 1 + OptionalDepth(dataType.GetProperty("configuration"))
            : 0;

    /// <summary>
    /// expected.json writes optional values as zarrs' fill_value JSON: null = missing, [v] = present v. The engine
    /// gives null for missing, the value itself one level in, and <see cref="OptionalValue"/> for nested present values.
    /// </summary>
    private static bool SameOptional(object? actual, JsonElement want, int depth)
    {
        if (depth == 0) return Same(actual, want);
        if (want.ValueKind == JsonValueKind.Null) return actual is null;
        if (want.ValueKind != JsonValueKind.Array || want.GetArrayLength() != 1 || actual is null) return false;
        var inner = want[0];
        return depth == 1 ? Same(actual, inner) : actual is OptionalValue some && SameOptional(some.Value, inner, depth - 1);
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        OptionalValue some => some.ToString(),
        byte[] bytes => "[" + string.Join(",", bytes) + "]",
        string s => JsonSerializer.Serialize(s),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, var s => throw new FormatException(s) }
        : e.GetDouble();

    private static bool Same(object? actual, JsonElement want) => actual switch
    {
        float f => (float)Number(want) is var w && (f.Equals(w)),
        double d => Number(want).Equals(d),
        Half h => ((Half)Number(want)).Equals(h),
        bool b => want.ValueKind is JsonValueKind.True or JsonValueKind.False && want.GetBoolean() == b,
        sbyte or short or int or long => want.ValueKind == JsonValueKind.Number && want.TryGetInt64(out var l) && l == Convert.ToInt64(actual),
        byte or ushort or uint or ulong => want.ValueKind == JsonValueKind.Number && want.TryGetUInt64(out var u) && u == Convert.ToUInt64(actual),
        string s => want.ValueKind == JsonValueKind.String && want.GetString() == s,
        byte[] bytes => want.ValueKind == JsonValueKind.Array && want.EnumerateArray().Select(e => (byte)e.GetInt32()).SequenceEqual(bytes),
        _ => false,
    };
}
