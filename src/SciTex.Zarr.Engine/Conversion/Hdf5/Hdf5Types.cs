using PureHDF;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Engine.Conversion.Hdf5;

/// <summary>How an HDF5 element type is read and what Zarr data type it becomes (the dtype h5py would give).</summary>
/// <param name="FixedStringSize">For fixed-length ASCII/UTF-8 strings (h5py's <c>S n</c>): bytes per element, read and decoded into Zarr strings; 0 otherwise.</param>
/// <param name="SpacePadded">The fixed-length strings are padded with spaces (else with NULs or NUL-terminated).</param>
internal sealed record Hdf5Type(ZarrDataType DataType, bool BigEndian, bool IsVariableString, int FixedStringSize = 0, bool SpacePadded = false)
{
    /// <summary>Maps a type, or throws a named error for types h5py itself would not turn into a plain NumPy dtype.</summary>
    public static Hdf5Type Map(IH5DataType type, string file, string dataset)
    {
        switch (type.Class)
        {
            case H5DataTypeClass.FixedPoint:
                return Fixed(type.FixedPoint.IsSigned ? SignedBySize(type.Size) : UnsignedBySize(type.Size), type, file, dataset);
            case H5DataTypeClass.FloatingPoint:
                return Fixed(type.Size switch { 2 => ZarrDataType.Float16, 4 => ZarrDataType.Float32, 8 => ZarrDataType.Float64, _ => null }, type, file, dataset);
            case H5DataTypeClass.BitField:
                return Fixed(UnsignedBySize(type.Size), type, file, dataset);
            case H5DataTypeClass.Enumerated:
                // h5py writes NumPy bools as an int8 enum {FALSE = 0, TRUE = 1}; other enums read as their base integers.
                var baseType = type.Enumeration.BaseType;
                if (type.Size == 1 && IsBoolEnum(type)) return new Hdf5Type(ZarrDataType.Bool, false, false);
                return Map(baseType, file, dataset);
            case H5DataTypeClass.Compound:
                return Complex(type, file, dataset);
            case H5DataTypeClass.String:
                // HDF5 strings carry a character set (ASCII or UTF-8): text, so a Zarr string (h5py would give bytes).
                return PureHdfInternals.StringEncoding(type) is "ASCII" or "UTF8"
                    ? new Hdf5Type(ZarrDataType.String, false, false, (int)type.Size, PureHdfInternals.StringPadding(type) == "SpacePad")
                    : new Hdf5Type(ZarrDataType.FixedBytes((int)type.Size), false, false);
            case H5DataTypeClass.VariableLength when PureHdfInternals.IsVariableLengthString(type):
                return new Hdf5Type(ZarrDataType.String, false, true);
            case H5DataTypeClass.Opaque:
                return new Hdf5Type(ZarrDataType.RawBits((int)type.Size), false, false);
            default:
                throw SourceErrors.UnsupportedType(file, dataset, $"HDF5 {Describe(type)} datasets cannot be converted to Zarr");
        }
    }

    private static Hdf5Type Fixed(ZarrDataType? zarr, IH5DataType type, string file, string dataset)
    {
        if (zarr is null) throw SourceErrors.UnsupportedType(file, dataset, $"{type.Size}-byte HDF5 {type.Class} values have no Zarr data type");
        var order = PureHdfInternals.ByteOrder(type);
        if (order == "VaxEndian") throw SourceErrors.UnsupportedType(file, dataset, "VAX byte order is not supported");
        return new Hdf5Type(zarr, order == "BigEndian", false);
    }

    private static Hdf5Type Complex(IH5DataType type, string file, string dataset)
    {
        // h5py stores complex numbers as a compound {r, i} of two equal floats.
        var members = type.Compound.Members;
        if (members.Length == 2 && members[0].Name == "r" && members[1].Name == "i"
            && members.All(m => m.Type.Class == H5DataTypeClass.FloatingPoint && m.Type.Size * 2 == type.Size)
            && members[0].Offset == 0 && members[1].Offset == type.Size / 2 && type.Size is 8 or 16)
        {
            var part = Fixed(type.Size == 8 ? ZarrDataType.Float32 : ZarrDataType.Float64, members[0].Type, file, dataset);
            return new Hdf5Type(type.Size == 8 ? ZarrDataType.Complex64 : ZarrDataType.Complex128, part.BigEndian, false);
        }
        var fields = string.Join(", ", members.Select(m => $"{m.Name}: {m.Type.Class} {m.Type.Size}"));
        throw SourceErrors.UnsupportedType(file, dataset, $"HDF5 compound type ({fields}) cannot be converted: Zarr has no structured data type here (only h5py complex {{r, i}} compounds are)");
    }

    private static bool IsBoolEnum(IH5DataType type)
    {
        var members = type.Enumeration.GetMembers<sbyte>();
        return members.Count == 2 && members.TryGetValue("FALSE", out var f) && f == 0 && members.TryGetValue("TRUE", out var t) && t == 1;
    }

    private static ZarrDataType? SignedBySize(int size) => size switch
    {
        1 => ZarrDataType.Int8, 2 => ZarrDataType.Int16, 4 => ZarrDataType.Int32, 8 => ZarrDataType.Int64, _ => null,
    };

    private static ZarrDataType? UnsignedBySize(int size) => size switch
    {
        1 => ZarrDataType.UInt8, 2 => ZarrDataType.UInt16, 4 => ZarrDataType.UInt32, 8 => ZarrDataType.UInt64, _ => null,
    };

    public static string Describe(IH5DataType type) => type.Class switch
    {
        H5DataTypeClass.VariableLength => "variable-length sequence (ragged)",
        H5DataTypeClass.Reference => "object/region reference",
        H5DataTypeClass.Array => "array-element",
        H5DataTypeClass.Time => "time",
        _ => type.Class.ToString(),
    };
}
