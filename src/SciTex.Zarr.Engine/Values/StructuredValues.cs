using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values;

/// <summary>Records saved as one struct array (Save-Zarr -AsStructured) instead of a table group.</summary>
public static class StructuredValues
{
    /// <summary>
    /// A table's typed columns as a 1-D struct array, a field per column in column order: numbers, bool and complex
    /// keep their type, DateTime/TimeSpan become numpy.datetime64/timedelta64[100ns] (NaT for null), strings
    /// fixed_length_utf32 as wide as the longest value (a struct field has a fixed size).
    /// </summary>
    public static RecordArray FromTable(TableValue table, string? store = null, string? path = null)
    {
        if (table.Names.Count == 0)
            throw new ZarrException(ZarrErrorKind.UnsupportedValue, "-AsStructured needs records with at least one property", store, path);
        var fields = new List<(string, ZarrDataType, bool, int[])>();
        var columns = new List<object>();
        for (var i = 0; i < table.Names.Count; i++)
        {
            var (type, column) = Field(table.Names[i], table.Columns[i], store, path);
            fields.Add((table.Names[i], type, false, []));
            columns.Add(column);
        }
        return new RecordArray(ZarrDataType.Struct(fields), [table.RowCount], columns);
    }

    private static (ZarrDataType, Array) Field(string name, Array column, string? store, string? path)
    {
        var element = column.GetType().GetElementType()!;
        if (TimeValues.IsTimeType(element))
        {
            var (stored, timeType) = TimeValues.ToStored(column);
            return (timeType, stored);
        }
        if (element == typeof(string))
        {
            var width = Math.Max(1, column.Cast<string?>().Max(s => s is null ? 0 : System.Text.Encoding.UTF32.GetByteCount(s) / 4));
            return (ZarrDataType.FixedUtf32(width), column);
        }
        if (ZarrDataType.FromClrType(element) is { IsVariableLength: false } type) return (type, column);
        throw new ZarrException(ZarrErrorKind.UnsupportedValue,
            $"Record property '{name}' holds {element.Name} values, which have no fixed-size struct field type (numbers, bool, complex, DateTime, TimeSpan and strings do)", store, path);
    }
}
