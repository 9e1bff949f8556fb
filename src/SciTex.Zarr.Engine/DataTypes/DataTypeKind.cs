namespace SciTex.Zarr.Engine.DataTypes;

/// <summary>The families of Zarr data types; each family shares an encoding and a .NET mapping.</summary>
public enum DataTypeKind
{
    Bool,
    Int,
    UInt,
    Float,
    Complex,
    /// <summary>Variable-length UTF-8 (v3 <c>string</c>, v2 <c>|O</c> + vlen-utf8).</summary>
    String,
    /// <summary>Variable-length bytes (v3 <c>bytes</c>/<c>variable_length_bytes</c>, v2 <c>|O</c> + vlen-bytes).</summary>
    Bytes,
    /// <summary>NumPy <c>U n</c>: n UTF-32 code units, zero padded.</summary>
    FixedUtf32,
    /// <summary>NumPy <c>S n</c>: n bytes, NUL padded.</summary>
    FixedBytes,
    DateTime64,
    TimeDelta64,
    /// <summary><c>r N</c> raw bits / NumPy <c>V n</c>.</summary>
    RawBits,
    /// <summary>NumPy <c>|O</c> with an object codec other than vlen-utf8/vlen-bytes (pickle, json2, msgpack2, vlen-array): any .NET value per element.</summary>
    Object,
    /// <summary>v3 <c>struct</c> (legacy <c>structured</c>) / NumPy structured dtype: packed named fields, read as records.</summary>
    Struct,
    /// <summary>zarrs' <c>optional</c> (zarr-extensions data-types/optional): a nullable wrapper of another type, possibly nested.</summary>
    Optional,
}
