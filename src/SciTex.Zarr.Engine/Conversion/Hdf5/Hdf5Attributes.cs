using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using PureHDF;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Engine.Conversion.Hdf5;

/// <summary>
/// HDF5 attributes as Zarr (JSON) attributes: numbers, booleans, strings, and n-d arrays of them as nested lists,
/// the way zarr-python stores NumPy attribute values. Attributes JSON cannot hold are skipped with a warning.
/// </summary>
internal static class Hdf5Attributes
{
    public static JsonObject Read(IH5Object owner, string file, string nodePath, List<string> warnings)
    {
        var result = new JsonObject();
        foreach (var attribute in owner.Attributes())
        {
            try
            {
                result[attribute.Name] = ToJson(attribute, file, nodePath);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                warnings.Add($"'{file}': attribute '{attribute.Name}' of '/{nodePath}' was skipped: {e.Message}");
            }
        }
        return result;
    }

    private static JsonNode? ToJson(IH5Attribute attribute, string file, string nodePath)
    {
        if (attribute.Space.Type == H5DataspaceType.Null) return null;
        var dims = attribute.Space.Type == H5DataspaceType.Scalar ? [] : attribute.Space.Dimensions.Select(d => checked((int)d)).ToArray();
        var values = ReadValues(attribute, file, nodePath);
        return Nest(values, dims, 0, 0, out _);
    }

    private static JsonNode?[] ReadValues(IH5Attribute attribute, string file, string nodePath)
    {
        var type = attribute.Type;
        if (type.Class is H5DataTypeClass.String || (type.Class == H5DataTypeClass.VariableLength && PureHdfInternals.IsVariableLengthString(type)))
            return attribute.Read<string[]>().Select(s => (JsonNode?)JsonValue.Create(s ?? "")).ToArray();

        var mapped = Hdf5Type.Map(type, file, $"{nodePath}@{attribute.Name}");
        if (mapped.BigEndian) throw new NotSupportedException("big-endian attributes cannot be read by PureHDF");
        // Same-size unmanaged reads are raw copies in PureHDF; the bytes are then decoded as the mapped type.
        byte[] raw = type.Size switch
        {
            1 => attribute.Read<byte[]>(),
            2 => AsBytes(attribute.Read<ushort[]>()),
            4 => AsBytes(attribute.Read<uint[]>()),
            8 => AsBytes(attribute.Read<ulong[]>()),
            16 => AsBytes(attribute.Read<Int128[]>()),
            _ => throw new NotSupportedException($"{type.Size}-byte {type.Class} attributes are not supported"),
        };
        var count = raw.Length / mapped.DataType.ItemSize;
        var typed = RawBlock.Allocate(mapped.DataType, [count]);
        RawBlock.Read(typed, mapped.DataType, false, target => raw.CopyTo(target));
        var result = new JsonNode?[count];
        for (var i = 0; i < count; i++) result[i] = Scalar(typed.GetValue(i));
        return result;
    }

    private static byte[] AsBytes<T>(T[] values) where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static JsonNode? Scalar(object? value) => value switch
    {
        double d => Number(d),
        float f => Number(f),
        Half h => Number((double)h),
        Complex c => new JsonArray(Number(c.Real), Number(c.Imaginary)),
        bool b => JsonValue.Create(b),
        byte[] bytes => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
        string s => JsonValue.Create(s),
        sbyte or byte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value)),
        ulong u => JsonValue.Create(u),
        _ => throw new NotSupportedException($"values of type {value?.GetType().Name} are not supported"),
    };

    // JSON has no NaN or infinities; zarr uses these spellings for fill values too.
    private static JsonNode Number(double d) => double.IsNaN(d) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(d) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(d) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(d);

    /// <summary>A 0-d value stays a scalar; n-d values become nested lists (C order).</summary>
    private static JsonNode? Nest(JsonNode?[] flat, int[] dims, int axis, int offset, out int consumed)
    {
        if (axis == dims.Length)
        {
            consumed = 1;
            return flat.Length > offset ? flat[offset] : null;
        }
        var list = new JsonArray();
        var used = 0;
        for (var i = 0; i < dims[axis]; i++)
        {
            list.Add(Nest(flat, dims, axis + 1, offset + used, out var n));
            used += n;
        }
        consumed = used;
        return list;
    }
}
