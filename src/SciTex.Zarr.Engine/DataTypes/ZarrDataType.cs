using System.Numerics;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.DataTypes;

/// <summary>
/// A Zarr data type, independent of format. <see cref="ItemSize"/> is the stored element size in bytes
/// (-1 for variable-length types). In memory, fixed-size elements are kept little-endian, C order.
/// </summary>
public sealed partial class ZarrDataType : IEquatable<ZarrDataType>
{
    private ZarrDataType(string name, DataTypeKind kind, int itemSize, Type clrType, string? unit = null, int scaleFactor = 1, int length = 0)
    {
        Name = name;
        Kind = kind;
        ItemSize = itemSize;
        ClrType = clrType;
        Unit = unit;
        ScaleFactor = scaleFactor;
        Length = length;
    }

    /// <summary>The v3 name (<c>float64</c>, <c>string</c>, <c>numpy.datetime64</c>, <c>fixed_length_utf32</c>, …).</summary>
    public string Name { get; }
    public DataTypeKind Kind { get; }
    public int ItemSize { get; }
    /// <summary>The natural .NET element type a reader gets.</summary>
    public Type ClrType { get; }
    /// <summary>numpy.datetime64/timedelta64 unit (Y, M, W, D, h, m, s, ms, us, ns, ps, fs, as, generic).</summary>
    public string? Unit { get; }
    public int ScaleFactor { get; }
    /// <summary>Characters (fixed UTF-32) or bytes (fixed bytes, raw) per element.</summary>
    public int Length { get; }

    public bool IsVariableLength => ItemSize < 0;
    /// <summary>True when one element is stored in more than one byte and so has an endianness.</summary>
    public bool HasEndianness => Kind switch
    {
        DataTypeKind.Struct => StructSwaps.Length > 0,
        DataTypeKind.Optional => Inner!.HasEndianness,
        DataTypeKind.FixedUtf32 => true,
        DataTypeKind.Complex => true,
        DataTypeKind.FixedBytes or DataTypeKind.RawBits or DataTypeKind.Bool => false,
        _ => ItemSize > 1,
    };
    /// <summary>The byte-swap unit: complex swaps each half, UTF-32 each code unit.</summary>
    public int SwapUnit => Kind switch
    {
        DataTypeKind.Complex => ItemSize / 2,
        DataTypeKind.FixedUtf32 => 4,
        _ => ItemSize,
    };

    public static readonly ZarrDataType Bool = new("bool", DataTypeKind.Bool, 1, typeof(bool));
    public static readonly ZarrDataType Int8 = new("int8", DataTypeKind.Int, 1, typeof(sbyte));
    public static readonly ZarrDataType Int16 = new("int16", DataTypeKind.Int, 2, typeof(short));
    public static readonly ZarrDataType Int32 = new("int32", DataTypeKind.Int, 4, typeof(int));
    public static readonly ZarrDataType Int64 = new("int64", DataTypeKind.Int, 8, typeof(long));
    public static readonly ZarrDataType UInt8 = new("uint8", DataTypeKind.UInt, 1, typeof(byte));
    public static readonly ZarrDataType UInt16 = new("uint16", DataTypeKind.UInt, 2, typeof(ushort));
    public static readonly ZarrDataType UInt32 = new("uint32", DataTypeKind.UInt, 4, typeof(uint));
    public static readonly ZarrDataType UInt64 = new("uint64", DataTypeKind.UInt, 8, typeof(ulong));
    public static readonly ZarrDataType Float16 = new("float16", DataTypeKind.Float, 2, typeof(Half));
    public static readonly ZarrDataType Float32 = new("float32", DataTypeKind.Float, 4, typeof(float));
    public static readonly ZarrDataType Float64 = new("float64", DataTypeKind.Float, 8, typeof(double));
    public static readonly ZarrDataType Complex64 = new("complex64", DataTypeKind.Complex, 8, typeof(Complex));
    public static readonly ZarrDataType Complex128 = new("complex128", DataTypeKind.Complex, 16, typeof(Complex));
    public static readonly ZarrDataType String = new("string", DataTypeKind.String, -1, typeof(string));
    public static readonly ZarrDataType Bytes = new("bytes", DataTypeKind.Bytes, -1, typeof(byte[]));
    /// <summary>v2 <c>|O</c> read through pickle/json2/msgpack2/vlen-array; there is no v3 form.</summary>
    public static readonly ZarrDataType Object = new("object", DataTypeKind.Object, -1, typeof(object));

    public static ZarrDataType DateTime64(string unit, int scaleFactor = 1) =>
        new("numpy.datetime64", DataTypeKind.DateTime64, 8, typeof(long), NormalizeUnit(unit), scaleFactor);

    public static ZarrDataType TimeDelta64(string unit, int scaleFactor = 1) =>
        new("numpy.timedelta64", DataTypeKind.TimeDelta64, 8, typeof(long), NormalizeUnit(unit), scaleFactor);

    public static ZarrDataType FixedUtf32(int characters) =>
        new("fixed_length_utf32", DataTypeKind.FixedUtf32, checked(4 * characters), typeof(string), length: characters);

    public static ZarrDataType FixedBytes(int length) =>
        new("null_terminated_bytes", DataTypeKind.FixedBytes, length, typeof(byte[]), length: length);

    public static ZarrDataType RawBits(int bytes) =>
        new($"r{bytes * 8}", DataTypeKind.RawBits, bytes, typeof(byte[]), length: bytes);

    private static readonly Dictionary<string, ZarrDataType> CoreByName = new(StringComparer.Ordinal)
    {
        ["bool"] = Bool, ["int8"] = Int8, ["int16"] = Int16, ["int32"] = Int32, ["int64"] = Int64,
        ["uint8"] = UInt8, ["uint16"] = UInt16, ["uint32"] = UInt32, ["uint64"] = UInt64,
        ["float16"] = Float16, ["float32"] = Float32, ["float64"] = Float64,
        ["complex64"] = Complex64, ["complex128"] = Complex128,
        ["string"] = String, ["bytes"] = Bytes, ["variable_length_bytes"] = Bytes,
    };

    private static readonly Dictionary<Type, ZarrDataType> ByClrType = new()
    {
        [typeof(bool)] = Bool, [typeof(sbyte)] = Int8, [typeof(short)] = Int16, [typeof(int)] = Int32, [typeof(long)] = Int64,
        [typeof(byte)] = UInt8, [typeof(ushort)] = UInt16, [typeof(uint)] = UInt32, [typeof(ulong)] = UInt64,
        [typeof(Half)] = Float16, [typeof(float)] = Float32, [typeof(double)] = Float64, [typeof(Complex)] = Complex128,
        [typeof(string)] = String,
    };

    /// <summary>The data type .NET values of <paramref name="clrType"/> are stored as, or null when there is none.</summary>
    public static ZarrDataType? FromClrType(Type clrType) => ByClrType.GetValueOrDefault(clrType);

    /// <summary>Parses a v3 <c>data_type</c> (a name or an extension object).</summary>
    public static ZarrDataType FromV3(JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue(out string? name))
        {
            if (CoreByName.TryGetValue(name, out var core)) return core;
            if (name.Length > 1 && name[0] == 'r' && int.TryParse(name.AsSpan(1), out var bits) && bits > 0 && bits % 8 == 0)
                return RawBits(bits / 8);
            throw Unsupported(name);
        }
        if (node is JsonObject obj)
        {
            var extName = obj["name"]?.GetValue<string>() ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, "data_type object has no 'name'");
            var config = obj["configuration"] as JsonObject;
            switch (extName)
            {
                case "numpy.datetime64":
                case "numpy.timedelta64":
                {
                    var unit = config?["unit"]?.GetValue<string>() ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"{extName} needs configuration.unit");
                    var scale = config["scale_factor"]?.GetValue<int>() ?? 1;
                    return extName == "numpy.datetime64" ? DateTime64(unit, scale) : TimeDelta64(unit, scale);
                }
                case "fixed_length_utf32":
                {
                    var bytes = config?["length_bytes"]?.GetValue<int>() ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, "fixed_length_utf32 needs configuration.length_bytes");
                    if (bytes % 4 != 0) throw new ZarrException(ZarrErrorKind.InvalidMetadata, "fixed_length_utf32 length_bytes must be a multiple of 4");
                    return FixedUtf32(bytes / 4);
                }
                case "null_terminated_bytes":
                case "raw_bytes":
                {
                    var bytes = config?["length_bytes"]?.GetValue<int>() ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"{extName} needs configuration.length_bytes");
                    return extName == "raw_bytes" ? RawBits(bytes) : FixedBytes(bytes);
                }
                case "struct" or "structured":
                    return StructFromV3(extName, config);
                case "optional":
                    return OptionalFromV3(config);
                default:
                    if (CoreByName.TryGetValue(extName, out var named) && (config is null || config.Count == 0)) return named;
                    throw Unsupported(extName);
            }
        }
        throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"data_type must be a string or an object, got {node?.ToJsonString() ?? "null"}");
    }

    /// <summary>The v3 <c>data_type</c> JSON.</summary>
    public JsonNode ToV3Json() => Kind switch
    {
        DataTypeKind.Struct => StructToV3Json(),
        DataTypeKind.Optional => OptionalToV3Json(),
        DataTypeKind.DateTime64 or DataTypeKind.TimeDelta64 => new JsonObject
        {
            ["name"] = Name,
            ["configuration"] = new JsonObject { ["unit"] = Unit, ["scale_factor"] = ScaleFactor },
        },
        DataTypeKind.FixedUtf32 or DataTypeKind.FixedBytes => new JsonObject
        {
            ["name"] = Name,
            ["configuration"] = new JsonObject { ["length_bytes"] = ItemSize },
        },
        _ => JsonValue.Create(Name)!,
    };

    /// <summary>Parses a v2 NumPy dtype string; returns the type and whether it is stored big-endian.</summary>
    public static (ZarrDataType Type, bool BigEndian) FromV2(string dtype)
    {
        if (dtype.Length < 2) throw Unsupported(dtype);
        var order = dtype[0];
        if (order is not ('<' or '>' or '|' or '=')) throw Unsupported(dtype);
        var big = order == '>';
        var kind = dtype[1];
        var rest = dtype.AsSpan(2);
        if (kind is 'M' or 'm')
        {
            // <M8[ns], <m8[10ms], <M8 (generic)
            var text = rest.ToString();
            if (!text.StartsWith('8')) throw Unsupported(dtype);
            var unit = "generic";
            var scale = 1;
            var open = text.IndexOf('[');
            if (open >= 0)
            {
                var inner = text[(open + 1)..^1];
                var digits = 0;
                while (digits < inner.Length && char.IsDigit(inner[digits])) digits++;
                if (digits > 0) scale = int.Parse(inner[..digits]);
                unit = inner[digits..];
            }
            return (kind == 'M' ? DateTime64(unit, scale) : TimeDelta64(unit, scale), big);
        }
        if (kind == 'O') return (String, false); // the object codec in filters decides string vs bytes
        if (!int.TryParse(rest, out var size) || size < 0) throw Unsupported(dtype);
        ZarrDataType type = (kind, size) switch
        {
            ('b', 1) => Bool,
            ('i', 1) => Int8, ('i', 2) => Int16, ('i', 4) => Int32, ('i', 8) => Int64,
            ('u', 1) => UInt8, ('u', 2) => UInt16, ('u', 4) => UInt32, ('u', 8) => UInt64,
            ('f', 2) => Float16, ('f', 4) => Float32, ('f', 8) => Float64,
            ('c', 8) => Complex64, ('c', 16) => Complex128,
            ('U', _) => FixedUtf32(size),
            ('S', _) => FixedBytes(size),
            ('V', _) => RawBits(size),
            _ => throw Unsupported(dtype),
        };
        return (type, big && type.HasEndianness);
    }

    /// <summary>The v2 NumPy dtype string for this type.</summary>
    public string ToV2DType(bool bigEndian = false)
    {
        var order = HasEndianness ? (bigEndian ? '>' : '<') : '|';
        return Kind switch
        {
            DataTypeKind.Bool => "|b1",
            DataTypeKind.Int => $"{order}i{ItemSize}",
            DataTypeKind.UInt => $"{order}u{ItemSize}",
            DataTypeKind.Float => $"{order}f{ItemSize}",
            DataTypeKind.Complex => $"{order}c{ItemSize}",
            DataTypeKind.String or DataTypeKind.Bytes or DataTypeKind.Object => "|O",
            DataTypeKind.FixedUtf32 => $"{order}U{Length}",
            DataTypeKind.FixedBytes => $"|S{Length}",
            DataTypeKind.RawBits or DataTypeKind.Struct => $"|V{ItemSize}",
            DataTypeKind.Optional => throw new ZarrException(ZarrErrorKind.UnsupportedDataType,
                $"The data type {this} has no Zarr format 2 (NumPy dtype) form; it exists only in Zarr format 3 (zarrs' optional type)"),
            DataTypeKind.DateTime64 => $"{(bigEndian ? '>' : '<')}M8{V2UnitSuffix()}",
            DataTypeKind.TimeDelta64 => $"{(bigEndian ? '>' : '<')}m8{V2UnitSuffix()}",
            _ => throw Unsupported(Name),
        };
    }

    private string V2UnitSuffix() => Unit == "generic" ? "" : ScaleFactor == 1 ? $"[{Unit}]" : $"[{ScaleFactor}{Unit}]";

    private static string NormalizeUnit(string unit) => unit == "μs" ? "us" : unit;

    private static ZarrException Unsupported(string name) =>
        new(ZarrErrorKind.UnsupportedDataType,
            $"Unsupported data type '{name}'. Supported: bool, int8..int64, uint8..uint64, float16/32/64, complex64/128, string, bytes, fixed_length_utf32, null_terminated_bytes, numpy.datetime64, numpy.timedelta64, r<N>, struct (v2 structured dtypes)");

    public override string ToString() => Kind switch
    {
        DataTypeKind.DateTime64 or DataTypeKind.TimeDelta64 => $"{Name}[{(ScaleFactor == 1 ? "" : ScaleFactor.ToString())}{Unit}]",
        DataTypeKind.FixedUtf32 or DataTypeKind.FixedBytes => $"{Name}[{Length}]",
        DataTypeKind.Struct => StructText(),
        DataTypeKind.Optional => $"optional<{Inner}>",
        _ => Name,
    };

    public bool Equals(ZarrDataType? other) =>
        other is not null && Name == other.Name && ItemSize == other.ItemSize && Unit == other.Unit && ScaleFactor == other.ScaleFactor
        && (Kind != DataTypeKind.Struct || StructEquals(other))
        && (Kind != DataTypeKind.Optional || Inner!.Equals(other.Inner));

    public override bool Equals(object? obj) => Equals(obj as ZarrDataType);
    public override int GetHashCode() => HashCode.Combine(Name, ItemSize, Unit, ScaleFactor);
}
