using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.DataTypes;

/// <summary>
/// One field of a <c>struct</c> data type: its name, type, byte offset inside the packed record, the byte order it
/// is stored in (v2 structured dtypes name it per field; v3 leaves it to the bytes codec) and, for NumPy sub-array
/// fields (<c>["c", "&lt;f4", [2]]</c>, v2 only), the sub-array shape.
/// </summary>
public sealed record StructField(string Name, ZarrDataType Type, int Offset, bool BigEndian, int[] SubShape)
{
    /// <summary>Elements per record (1 unless the field is a sub-array).</summary>
    public int Count { get; } = SubShape.Aggregate(1, (a, b) => checked(a * b));
    public int Size => checked(Type.ItemSize * Count);
}

/// <summary>
/// Struct data types (zarr-extensions <c>struct</c>, legacy <c>structured</c>, NumPy structured dtypes in v2).
/// In memory a record is the packed fields with every multi-byte value little-endian; <see cref="StructSwaps"/> lists
/// the runs the bytes codec reverses for big-endian storage.
/// </summary>
public sealed partial class ZarrDataType
{
    /// <summary>The fields of a struct type, in declaration (storage) order; empty for other types.</summary>
    public IReadOnlyList<StructField> Fields { get; private init; } = [];

    /// <summary>Multi-byte runs inside a record: byte offset, swap unit, units in the run, and whether the field itself is stored big-endian.</summary>
    internal (int Offset, int Unit, int Count, bool BigEndian)[] StructSwaps { get; private init; } = [];

    /// <summary>A struct type from its fields (names unique and non-empty, fixed-size field types).</summary>
    public static ZarrDataType Struct(IEnumerable<(string Name, ZarrDataType Type, bool BigEndian, int[] SubShape)> fields)
    {
        var list = new List<StructField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var offset = 0;
        foreach (var (name, type, big, subShape) in fields)
        {
            if (string.IsNullOrEmpty(name)) throw StructError("a struct field has an empty name");
            if (!names.Add(name)) throw StructError($"struct field name '{name}' appears twice");
            if (type.IsVariableLength || type.Kind == DataTypeKind.Object)
                throw StructError($"struct field '{name}' has the variable-length type {type}; struct fields need a fixed size");
            if (subShape.Any(d => d <= 0)) throw StructError($"struct field '{name}' has the sub-array shape [{string.Join(", ", subShape)}]; every extent must be positive");
            var field = new StructField(name, type, offset, big && type.HasEndianness, subShape);
            list.Add(field);
            offset = checked(offset + field.Size);
        }
        if (list.Count == 0) throw StructError("a struct data type needs at least one field");
        var swaps = new List<(int, int, int, bool)>();
        foreach (var field in list)
            for (var k = 0; k < field.Count; k++)
                AddSwaps(field.Type, field.Offset + k * field.Type.ItemSize, field.BigEndian, swaps);
        return new ZarrDataType("struct", DataTypeKind.Struct, offset, typeof(RecordArray)) { Fields = list, StructSwaps = [.. swaps] };
    }

    private static void AddSwaps(ZarrDataType type, int offset, bool big, List<(int, int, int, bool)> swaps)
    {
        if (type.Kind == DataTypeKind.Struct)
        {
            foreach (var (o, u, c, b) in type.StructSwaps) swaps.Add((offset + o, u, c, big || b));
            return;
        }
        if (type.HasEndianness) swaps.Add((offset, type.SwapUnit, type.ItemSize / type.SwapUnit, big));
    }

    private static ZarrException StructError(string message) => new(ZarrErrorKind.UnsupportedDataType, $"Unsupported struct data type: {message}");

    /// <summary>A v2 structured dtype: <c>[["a", "&lt;i4"], ["b", "&gt;f8"], ["c", "&lt;f4", [2]], ["d", [["x", "|u1"]]]]</c>.</summary>
    public static ZarrDataType FromV2Structured(JsonArray fields)
    {
        var parsed = new List<(string, ZarrDataType, bool, int[])>();
        foreach (var node in fields)
        {
            if (node is not JsonArray { Count: 2 or 3 } entry || entry[0] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name))
                throw StructError($"a v2 structured dtype field must be [name, dtype] or [name, dtype, shape], got {node?.ToJsonString() ?? "null"}");
            var subShape = entry.Count == 3
                ? (entry[2] as JsonArray ?? throw StructError($"field '{name}': the sub-array shape must be a list")).Select(d => d!.GetValue<int>()).ToArray()
                : [];
            switch (entry[1])
            {
                case JsonArray nested:
                    parsed.Add((name, FromV2Structured(nested), false, subShape));
                    break;
                case JsonValue text when text.TryGetValue(out string? dtype):
                    var (type, big) = FromV2(dtype);
                    if (dtype.EndsWith('O')) throw StructError($"field '{name}' is an object (|O) field; struct fields need a fixed size");
                    parsed.Add((name, type, big, subShape));
                    break;
                default:
                    throw StructError($"field '{name}': the dtype must be a string or a list of fields");
            }
        }
        return Struct(parsed);
    }

    /// <summary>The v2 structured dtype JSON (each field's own byte order; sub-array shapes as a third item).</summary>
    public JsonArray ToV2Structured()
    {
        var result = new JsonArray();
        foreach (var field in Fields)
        {
            var entry = new JsonArray(JsonValue.Create(field.Name),
                field.Type.Kind == DataTypeKind.Struct ? field.Type.ToV2Structured() : JsonValue.Create(field.Type.ToV2DType(field.BigEndian)));
            if (field.SubShape.Length > 0) entry.Add(new JsonArray(field.SubShape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()));
            result.Add(entry);
        }
        return result;
    }

    /// <summary>v3 <c>struct</c> (fields as objects) or the legacy <c>structured</c> (fields as [name, type] pairs).</summary>
    private static ZarrDataType StructFromV3(string name, JsonObject? config)
    {
        if (config?["fields"] is not JsonArray fields)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"{name} data type needs configuration.fields (a list of fields)");
        var parsed = new List<(string, ZarrDataType, bool, int[])>();
        foreach (var node in fields)
        {
            var (fieldName, fieldType) = node switch
            {
                JsonObject o => (o["name"]?.GetValue<string>(), o["data_type"]),
                JsonArray { Count: 2 } pair => (pair[0]?.GetValue<string>(), pair[1]),
                _ => (null, null),
            };
            if (fieldName is null || fieldType is null)
                throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"{name} field must be {{\"name\", \"data_type\"}} (or [name, data_type] for structured), got {node?.ToJsonString() ?? "null"}");
            parsed.Add((fieldName, FromV3(fieldType), false, []));
        }
        return Struct(parsed);
    }

    private JsonObject StructToV3Json()
    {
        var fields = new JsonArray();
        foreach (var field in Fields)
        {
            if (field.SubShape.Length > 0)
                throw new ZarrException(ZarrErrorKind.UnsupportedDataType,
                    $"struct field '{field.Name}' is a sub-array ([{string.Join(", ", field.SubShape)}]); the v3 struct data type has no sub-array fields (write Zarr format 2)");
            fields.Add(new JsonObject { ["name"] = field.Name, ["data_type"] = field.Type.ToV3Json() });
        }
        return new JsonObject { ["name"] = "struct", ["configuration"] = new JsonObject { ["fields"] = fields } };
    }

    /// <summary><c>struct{a:int32,b:float64,c:float32[2],p:struct{x:float32}}</c>.</summary>
    private string StructText()
    {
        var text = new StringBuilder("struct{");
        for (var i = 0; i < Fields.Count; i++)
        {
            var field = Fields[i];
            if (i > 0) text.Append(',');
            text.Append(field.Name).Append(':').Append(field.Type);
            if (field.SubShape.Length > 0) text.Append('[').Append(string.Join(",", field.SubShape)).Append(']');
        }
        return text.Append('}').ToString();
    }

    private bool StructEquals(ZarrDataType other) =>
        Fields.Count == other.Fields.Count && Fields.Zip(other.Fields).All(p =>
            p.First.Name == p.Second.Name && p.First.Type.Equals(p.Second.Type) && p.First.BigEndian == p.Second.BigEndian && p.First.SubShape.SequenceEqual(p.Second.SubShape));
}
