using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.DataTypes;

/// <summary>
/// The elements of a struct array, column by column: one flat, typed .NET array per field (C order; a sub-array field
/// holds <see cref="StructField.Count"/> values per record, a nested struct field is itself a <see cref="RecordArray"/>).
/// Columns are converted from the packed records in bulk, so no element is boxed until a caller asks for a record.
/// </summary>
public sealed class RecordArray
{
    public RecordArray(ZarrDataType type, long[] shape, IReadOnlyList<object> columns)
    {
        if (type.Kind != DataTypeKind.Struct) throw new ArgumentException($"{type} is not a struct type", nameof(type));
        Type = type;
        Shape = shape;
        Length = checked((int)shape.Aggregate(1L, (a, b) => a * b));
        Columns = columns;
    }

    public ZarrDataType Type { get; }
    /// <summary>The shape of the record array (empty for one 0-d record).</summary>
    public long[] Shape { get; }
    /// <summary>Records in the array.</summary>
    public int Length { get; }
    /// <summary>Per field: a flat typed array of <c>Length × Count</c> values, or a <see cref="RecordArray"/> for a nested struct.</summary>
    public IReadOnlyList<object> Columns { get; }
    public IReadOnlyList<StructField> Fields => Type.Fields;

    /// <summary>Splits packed in-memory records (little-endian fields) into columns.</summary>
    public static RecordArray FromStored(ReadOnlySpan<byte> stored, ZarrDataType type, long[] shape)
    {
        var n = checked((int)shape.Aggregate(1L, (a, b) => a * b));
        var columns = new object[type.Fields.Count];
        for (var f = 0; f < type.Fields.Count; f++)
        {
            var field = type.Fields[f];
            var values = checked(n * field.Count);
            var gathered = new byte[checked(n * field.Size)];
            for (var i = 0; i < n; i++)
                stored.Slice(i * type.ItemSize + field.Offset, field.Size).CopyTo(gathered.AsSpan(i * field.Size));
            if (field.Type.Kind == DataTypeKind.Struct)
            {
                columns[f] = FromStored(gathered, field.Type, [values]);
                continue;
            }
            var column = Array.CreateInstance(field.Type.ClrType, values);
            ElementLayout.FromStored(gathered, column, field.Type);
            columns[f] = column;
        }
        return new RecordArray(type, shape, columns);
    }

    /// <summary>Packs the columns into in-memory records (the inverse of <see cref="FromStored"/>).</summary>
    public void ToStored(Span<byte> stored, string? store = null, string? path = null)
    {
        for (var f = 0; f < Fields.Count; f++)
        {
            var field = Fields[f];
            var gathered = new byte[checked(Length * field.Size)];
            switch (Columns[f])
            {
                case RecordArray nested when nested.Type.Equals(field.Type) && nested.Length == Length * field.Count:
                    nested.ToStored(gathered, store, path);
                    break;
                case Array column when column.GetType().GetElementType() == field.Type.ClrType && column.Length == Length * field.Count:
                    ElementLayout.ToStored(column, gathered, field.Type, store, path);
                    break;
                default:
                    throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                        $"Struct field '{field.Name}' needs {Length * field.Count} values of {field.Type.ClrType.Name} ({field.Type}), got {Describe(Columns[f])}", store, path);
            }
            for (var i = 0; i < Length; i++)
                gathered.AsSpan(i * field.Size, field.Size).CopyTo(stored.Slice(i * Type.ItemSize + field.Offset));
        }
    }

    /// <summary>
    /// Field <paramref name="field"/> of record <paramref name="record"/>: the scalar, a sub-array of the field's
    /// sub-shape, or (nested struct) the nested record's field values.
    /// </summary>
    public object? Value(int field, int record)
    {
        var spec = Fields[field];
        var start = record * spec.Count;
        if (Columns[field] is RecordArray nested)
        {
            if (spec.Count == 1) return nested.Record(start);
            return Enumerable.Range(start, spec.Count).Select(nested.Record).ToArray();
        }
        var column = (Array)Columns[field];
        if (spec.Count == 1) return column.GetValue(start);
        var sub = Array.CreateInstance(spec.Type.ClrType, spec.SubShape);
        Array.Copy(column, start, sub, 0, spec.Count);
        return sub;
    }

    /// <summary>One record as (field name, value) pairs in field order.</summary>
    public KeyValuePair<string, object?>[] Record(int record)
    {
        var result = new KeyValuePair<string, object?>[Fields.Count];
        for (var f = 0; f < Fields.Count; f++) result[f] = new(Fields[f].Name, Value(f, record));
        return result;
    }

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        RecordArray r => $"records of {r.Type} ({r.Length})",
        Array a => $"{a.Length} values of {a.GetType().GetElementType()?.Name}",
        _ => value.GetType().Name,
    };
}
