using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values;

/// <summary>SciTeX's pickled values: a uint8 array holding a Python pickle, marked <c>_type: pickled</c>.</summary>
internal static class PickledValues
{
    public static object? Unpickle(ZarrArray array) =>
        throw new ZarrException(ZarrErrorKind.UnsupportedDataType,
            "Pickled values (SciTeX '_type: pickled') cannot be read yet", array.Store.Name, array.Metadata.Path);
}
