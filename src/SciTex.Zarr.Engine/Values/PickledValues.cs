using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Values.Pickle;

namespace SciTex.Zarr.Engine.Values;

/// <summary>SciTeX's pickled values: a uint8 array holding a Python pickle, marked <c>_type: pickled</c>.</summary>
internal static class PickledValues
{
    public static object? Unpickle(ZarrArray array)
    {
        if (array.Metadata.DataType != DataTypes.ZarrDataType.UInt8 || array.Metadata.Rank != 1)
            throw new ZarrException(ZarrErrorKind.UnsupportedDataType,
                $"A '_type: pickled' node must be a 1-D uint8 array, not {array.Metadata.DataType} of rank {array.Metadata.Rank}", array.Store.Name, array.Metadata.Path);
        var bytes = (byte[])array.Read();
        try
        {
            return RestoreItemTypes(PickleReader.Read(bytes), array.Metadata.Attributes[ValueAttributes.ClrItemTypes] as System.Text.Json.Nodes.JsonArray);
        }
        catch (ZarrException e) when (e.Key is null)
        {
            throw new ZarrException(e.Kind, e.Message, array.Store.Name, array.Metadata.Path, e);
        }
    }

    /// <summary>The bytes SciTeX's Python loader unpickles back into the value.</summary>
    public static byte[] Pickle(object? value) => PickleWriter.Write(value);

    // Python has one int and one float: these .NET types would come back widened (Int64, Double) without a note.
    private static readonly Dictionary<string, Func<object, object>> Narrowers = new()
    {
        [typeof(int).FullName!] = v => Convert.ToInt32(v),
        [typeof(short).FullName!] = v => Convert.ToInt16(v),
        [typeof(sbyte).FullName!] = v => Convert.ToSByte(v),
        [typeof(byte).FullName!] = v => Convert.ToByte(v),
        [typeof(ushort).FullName!] = v => Convert.ToUInt16(v),
        [typeof(uint).FullName!] = v => Convert.ToUInt32(v),
        [typeof(ulong).FullName!] = v => v is System.Numerics.BigInteger b ? (ulong)b : Convert.ToUInt64(v),
        [typeof(float).FullName!] = v => Convert.ToSingle(v),
        [typeof(Half).FullName!] = v => (Half)Convert.ToDouble(v),
        [typeof(decimal).FullName!] = v => Convert.ToDecimal(v),
        [typeof(char).FullName!] = v => Convert.ToChar(v),
    };

    /// <summary>For a list, the item types Python would widen (null entries for the rest); null when there are none.</summary>
    public static System.Text.Json.Nodes.JsonArray? ItemTypes(object? value)
    {
        if (value is not object?[] items) return null;
        var types = items.Select(i => i is not null && Narrowers.ContainsKey(i.GetType().FullName!) ? i.GetType().FullName : null).ToArray();
        return types.All(t => t is null) ? null : new System.Text.Json.Nodes.JsonArray(types.Select(t => (System.Text.Json.Nodes.JsonNode?)t).ToArray());
    }

    /// <summary>Restores the recorded item types of an unpickled list, so Int32 items come back as Int32.</summary>
    public static object? RestoreItemTypes(object? value, System.Text.Json.Nodes.JsonArray? types)
    {
        if (types is null || value is not object?[] items || items.Length != types.Count) return value;
        for (var i = 0; i < items.Length; i++)
            if (items[i] is { } item && types[i]?.GetValue<string>() is { } name && Narrowers.TryGetValue(name, out var narrow))
                items[i] = narrow(item);
        return items;
    }
}
