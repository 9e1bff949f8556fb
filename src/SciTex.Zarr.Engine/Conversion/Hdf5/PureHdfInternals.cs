using System.Reflection;
using PureHDF;

namespace SciTex.Zarr.Engine.Conversion.Hdf5;

/// <summary>
/// Two facts PureHDF 2.2 knows but does not publish: a type's byte order and a dataset's filter pipeline.
/// Read by reflection from its internal datatype/filter messages; tests pin both, so a PureHDF update that
/// renames them fails loudly there rather than converting wrongly.
/// </summary>
internal static class PureHdfInternals
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>"LittleEndian", "BigEndian", "VaxEndian", or null when the type has no byte order.</summary>
    public static string? ByteOrder(IH5DataType type) => BitField(type, "ByteOrder");

    /// <summary>True for a variable-length string (false for a ragged sequence, whose base type looks the same).</summary>
    public static bool IsVariableLengthString(IH5DataType type) => BitField(type, "Type") == "String";

    /// <summary>A string type's character set: "ASCII" or "UTF8" (null when unknown).</summary>
    public static string? StringEncoding(IH5DataType type) => BitField(type, "Encoding");

    /// <summary>A string type's padding: "NullTerminate", "NullPad" or "SpacePad".</summary>
    public static string? StringPadding(IH5DataType type) => BitField(type, "PaddingType");

    private static string? BitField(IH5DataType type, string property)
    {
        var message = type.GetType().GetField("_dataType", Instance)?.GetValue(type)
            ?? throw new InvalidOperationException($"PureHDF's datatype internals changed: cannot read '{property}'");
        var bitField = message.GetType().GetProperty("BitField", Instance)?.GetValue(message);
        return bitField?.GetType().GetProperty(property, Instance)?.GetValue(bitField)?.ToString();
    }

    /// <summary>The dataset's filters as (HDF5 filter id, name), empty when it has none.</summary>
    public static IReadOnlyList<(int Id, string Name)> Filters(IH5Dataset dataset)
    {
        var pipeline = dataset.GetType().GetProperty("InternalFilterPipeline", Instance)?.GetValue(dataset);
        if (pipeline?.GetType().GetProperty("FilterDescriptions", Instance)?.GetValue(pipeline) is not Array descriptions) return [];
        var result = new List<(int, string)>();
        foreach (var description in descriptions)
        {
            var type = description.GetType();
            var id = Convert.ToInt32(type.GetProperty("Identifier", Instance)?.GetValue(description));
            var name = type.GetProperty("Name", Instance)?.GetValue(description) as string;
            result.Add((id, string.IsNullOrEmpty(name) ? $"filter {id}" : name));
        }
        return result;
    }
}
