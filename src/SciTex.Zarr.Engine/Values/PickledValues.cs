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
            return PickleReader.Read(bytes);
        }
        catch (ZarrException e) when (e.Key is null)
        {
            throw new ZarrException(e.Kind, e.Message, array.Store.Name, array.Metadata.Path, e);
        }
    }

    /// <summary>The bytes SciTeX's Python loader unpickles back into the value.</summary>
    public static byte[] Pickle(object? value) => PickleWriter.Write(value);
}
