using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.DataTypes
{
    /// <summary>
    /// A fill value: raw little-endian element bytes for fixed-size types, a string/byte[] for variable-length ones.
    /// <see cref="IsUndefined"/> is v2's <c>fill_value: null</c> (contents of missing chunks undefined; we read zeros).
    /// </summary>
    public sealed class FillValue
    {
        private FillValue(byte[]? raw, object? obj, bool undefined)
        {
            Raw = raw;
            Object = obj;
            IsUndefined = undefined;
        }

        public byte[]? Raw { get; }
        public object? Object { get; }
        public bool IsUndefined { get; }

        public static FillValue FromRaw(byte[] raw) => new(raw, null, false);
        public static FillValue FromObject(object? value) => new(null, value, false);

        /// <summary>The default fill value of a type: zero / false / "" / empty bytes.</summary>
        public static FillValue Default(ZarrDataType type) => type.IsVariableLength
            ? new(null, type.Kind == DataTypeKind.String ? "" : type.Kind == DataTypeKind.Object ? null : Array.Empty<byte>(), false)
            : new(new byte[type.ItemSize], null, false);

        public static FillValue Undefined(ZarrDataType type) => type.IsVariableLength
            ? new(null, type.Kind == DataTypeKind.String ? "" : type.Kind == DataTypeKind.Object ? null : Array.Empty<byte>(), true)
            : new(new byte[type.ItemSize], null, true);

        /// <summary>True when every byte of the fill value is zero (lets readers skip the fill loop).</summary>
        public bool IsZero => Raw is not null && Raw.AsSpan().IndexOfAnyExcept((byte)0) < 0;

        /// <summary>Parses a JSON fill value for a type (v3 rules; v2 base64 bytes when <paramref name="v2"/>).</summary>
        public static FillValue Parse(JsonNode? node, ZarrDataType type, bool v2)
        {
            if (type.Kind == DataTypeKind.Optional)
            {
                try { return FromRaw(OptionalLayout.ParseFill(node, type)); }
                catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
                {
                    throw Invalid(type, node?.ToJsonString() ?? "null", e);
                }
            }
            if (node is null)
            {
                if (v2) return Undefined(type);
                throw Invalid(type, "null");
            }
            try
            {
                return type.Kind switch
                {
                    DataTypeKind.Bool => FromRaw([(byte)(ParseBool(node) ? 1 : 0)]),
                    DataTypeKind.Int or DataTypeKind.UInt or DataTypeKind.DateTime64 or DataTypeKind.TimeDelta64 => FromRaw(ParseInteger(node, type)),
                    DataTypeKind.Float => FromRaw(ParseFloat(node, type.ItemSize)),
                    DataTypeKind.Complex => FromRaw(ParseComplex(node, type.ItemSize / 2)),
                    DataTypeKind.String => FromObject(node.GetValue<string>()),
                    DataTypeKind.Bytes => FromObject(ParseByteList(node)),
                    // Object arrays: JSON strings and numbers are kept as they are (zarr-python writes 0 or null).
                    DataTypeKind.Object => FromObject(node is JsonValue ov && ov.TryGetValue(out string? os) ? os : null),
                    DataTypeKind.FixedUtf32 => FromRaw(EncodeUtf32(node.GetValue<string>(), type.Length)),
                    DataTypeKind.FixedBytes => FromRaw(Pad(ParseFixedBytes(node, v2), type.Length)),
                    DataTypeKind.RawBits => FromRaw(Pad(ParseFixedBytes(node, v2), type.Length)),
                    DataTypeKind.Struct => FromRaw(StructLayout.ParseFill(node, type, v2)),
                    _ => throw Invalid(type, node.ToJsonString()),
                };
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
            {
                throw Invalid(type, node.ToJsonString(), e);
            }
        }

        /// <summary>The JSON form of this fill value (v3 rules; v2 uses base64 for fixed bytes).</summary>
        public JsonNode? ToJson(ZarrDataType type, bool v2)
        {
            if (IsUndefined) return null;
            if (type.Kind == DataTypeKind.Object) return Object is string text ? JsonValue.Create(text) : null;
            if (type.IsVariableLength)
            {
                return type.Kind == DataTypeKind.String
                    ? JsonValue.Create((string?)Object ?? "")
                    : v2 ? JsonValue.Create(Convert.ToBase64String((byte[]?)Object ?? []))
                         : new JsonArray(((byte[]?)Object ?? []).Select(b => (JsonNode?)JsonValue.Create(b)).ToArray());
            }
            var raw = Raw!;
            switch (type.Kind)
            {
                case DataTypeKind.Bool: return JsonValue.Create(raw[0] != 0);
                case DataTypeKind.Int:
                case DataTypeKind.DateTime64:
                case DataTypeKind.TimeDelta64:
                    return type.ItemSize switch
                    {
                        1 => JsonValue.Create((sbyte)raw[0]),
                        2 => JsonValue.Create(BinaryPrimitives.ReadInt16LittleEndian(raw)),
                        4 => JsonValue.Create(BinaryPrimitives.ReadInt32LittleEndian(raw)),
                        _ => JsonValue.Create(BinaryPrimitives.ReadInt64LittleEndian(raw)),
                    };
                case DataTypeKind.UInt:
                    return type.ItemSize switch
                    {
                        1 => JsonValue.Create(raw[0]),
                        2 => JsonValue.Create(BinaryPrimitives.ReadUInt16LittleEndian(raw)),
                        4 => JsonValue.Create(BinaryPrimitives.ReadUInt32LittleEndian(raw)),
                        _ => JsonValue.Create(BinaryPrimitives.ReadUInt64LittleEndian(raw)),
                    };
                case DataTypeKind.Float: return FloatToJson(raw, type.ItemSize, v2);
                case DataTypeKind.Complex:
                {
                    var half = type.ItemSize / 2;
                    return new JsonArray(FloatToJson(raw.AsSpan(0, half), half, v2), FloatToJson(raw.AsSpan(half, half), half, v2));
                }
                case DataTypeKind.FixedUtf32: return JsonValue.Create(DecodeUtf32(raw));
                case DataTypeKind.Struct: return StructLayout.FillToJson(raw, type, v2);
                case DataTypeKind.Optional: return OptionalLayout.FillToJson(raw, type);
                case DataTypeKind.FixedBytes:
                case DataTypeKind.RawBits:
                    return v2 ? JsonValue.Create(Convert.ToBase64String(raw))
                              : new JsonArray(raw.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray());
                default: return null;
            }
        }

        private static JsonNode FloatToJson(ReadOnlySpan<byte> raw, int size, bool v2)
        {
            double value = size switch
            {
                2 => (double)BinaryPrimitives.ReadHalfLittleEndian(raw),
                4 => BinaryPrimitives.ReadSingleLittleEndian(raw),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(raw),
            };
            if (double.IsNaN(value))
            {
                // v3: only the canonical quiet NaN is written as "NaN", other payloads keep their bits.
                // v2 has no hex form (zarr-python 2 fails on it), so every NaN is "NaN" there.
                var canonical = v2 || size switch
                {
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(raw) == 0x7e00,
                    4 => BinaryPrimitives.ReadUInt32LittleEndian(raw) == 0x7fc00000,
                    _ => BinaryPrimitives.ReadUInt64LittleEndian(raw) == 0x7ff8000000000000,
                };
                if (canonical) return JsonValue.Create("NaN");
                var hex = new StringBuilder("0x");
                for (var i = size - 1; i >= 0; i--) hex.Append(raw[i].ToString("x2"));
                return JsonValue.Create(hex.ToString());
            }
            if (double.IsPositiveInfinity(value)) return JsonValue.Create("Infinity");
            if (double.IsNegativeInfinity(value)) return JsonValue.Create("-Infinity");
            return size == 4 ? JsonValue.Create((float)value) : JsonValue.Create(value);
        }

        private static bool ParseBool(JsonNode node) => node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            System.Text.Json.JsonValueKind.Number => node.GetValue<double>() != 0,
            _ => throw new FormatException("bool fill value must be true/false"),
        };

        private static byte[] ParseInteger(JsonNode node, ZarrDataType type)
        {
            var raw = new byte[type.ItemSize];
            if (node.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                var s = node.GetValue<string>();
                if (s == "NaT") { BinaryPrimitives.WriteInt64LittleEndian(raw, long.MinValue); return raw; }
                if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                {
                    var bits = ulong.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    WriteInteger(raw, (Int128)bits, unsigned: true);
                    return raw;
                }
                throw new FormatException($"'{s}' is not an integer");
            }
            if (node.GetValueKind() == System.Text.Json.JsonValueKind.True || node.GetValueKind() == System.Text.Json.JsonValueKind.False)
            {
                raw[0] = (byte)(node.GetValue<bool>() ? 1 : 0);
                return raw;
            }
            var text = node.ToJsonString();
            Int128 value;
            if (!Int128.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
            {
                // Some writers emit integral floats such as 0.0 for integer fill values.
                var d = double.Parse(text, CultureInfo.InvariantCulture);
                if (d != Math.Floor(d)) throw new FormatException($"{text} is not integral");
                value = (Int128)d;
            }
            WriteInteger(raw, value, type.Kind == DataTypeKind.UInt);
            return raw;
        }

        private static void WriteInteger(byte[] raw, Int128 value, bool unsigned)
        {
            var size = raw.Length;
            Int128 min = unsigned ? 0 : -(Int128.One << (size * 8 - 1));
            Int128 max = unsigned ? (Int128.One << (size * 8)) - 1 : (Int128.One << (size * 8 - 1)) - 1;
            if (value < min || value > max) throw new OverflowException($"{value} does not fit in {size * 8} bits");
            var bits = (UInt128)value;
            for (var i = 0; i < size; i++) raw[i] = (byte)(bits >> (8 * i));
        }

        private static byte[] ParseFloat(JsonNode node, int size)
        {
            var raw = new byte[size];
            double value;
            if (node.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                var s = node.GetValue<string>();
                switch (s)
                {
                    case "NaN":
                        // The canonical quiet NaN (sign clear); .NET's double.NaN has the sign bit set.
                        switch (size)
                        {
                            case 2: BinaryPrimitives.WriteUInt16LittleEndian(raw, 0x7e00); break;
                            case 4: BinaryPrimitives.WriteUInt32LittleEndian(raw, 0x7fc00000); break;
                            default: BinaryPrimitives.WriteUInt64LittleEndian(raw, 0x7ff8000000000000); break;
                        }
                        return raw;
                    case "Infinity": value = double.PositiveInfinity; break;
                    case "-Infinity": value = double.NegativeInfinity; break;
                    default:
                        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                        {
                            var bits = ulong.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                            for (var i = 0; i < size; i++) raw[i] = (byte)(bits >> (8 * i));
                            return raw;
                        }
                        value = double.Parse(s, CultureInfo.InvariantCulture);
                        break;
                }
            }
            else
            {
                value = double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
            }
            switch (size)
            {
                case 2: BinaryPrimitives.WriteHalfLittleEndian(raw, (Half)value); break;
                case 4: BinaryPrimitives.WriteSingleLittleEndian(raw, (float)value); break;
                default: BinaryPrimitives.WriteDoubleLittleEndian(raw, value); break;
            }
            return raw;
        }

        private static byte[] ParseComplex(JsonNode node, int half)
        {
            if (node is not JsonArray pair || pair.Count != 2) throw new FormatException("complex fill value must be [re, im]");
            return [.. ParseFloat(pair[0]!, half), .. ParseFloat(pair[1]!, half)];
        }

        private static byte[] ParseByteList(JsonNode node) => node switch
        {
            JsonArray list => list.Select(b => b!.GetValue<byte>()).ToArray(),
            JsonValue v when v.TryGetValue(out string? s) => Convert.FromBase64String(s),
            _ => throw new FormatException("bytes fill value must be a list of byte values or base64"),
        };

        private static byte[] ParseFixedBytes(JsonNode node, bool v2)
        {
            if (node is JsonArray) return ParseByteList(node);
            var s = node.GetValue<string>();
            if (v2)
            {
                try { return Convert.FromBase64String(s); }
                catch (FormatException) { return Encoding.UTF8.GetBytes(s); }
            }
            return Encoding.UTF8.GetBytes(s);
        }

        private static byte[] Pad(byte[] bytes, int length)
        {
            if (bytes.Length == length) return bytes;
            var padded = new byte[length];
            bytes.AsSpan(0, Math.Min(length, bytes.Length)).CopyTo(padded);
            return padded;
        }

        internal static byte[] EncodeUtf32(string text, int characters)
        {
            var raw = new byte[characters * 4];
            var written = Encoding.UTF32.GetBytes(text, raw.AsSpan());
            if (written > raw.Length) throw new ArgumentException($"string longer than {characters} characters");
            return raw;
        }

        internal static string DecodeUtf32(ReadOnlySpan<byte> raw)
        {
            var units = raw.Length / 4;
            while (units > 0 && BinaryPrimitives.ReadUInt32LittleEndian(raw.Slice((units - 1) * 4)) == 0) units--;
            return Encoding.UTF32.GetString(raw[..(units * 4)]);
        }

        private static ZarrException Invalid(ZarrDataType type, string json, Exception? inner = null) =>
            new(ZarrErrorKind.InvalidMetadata, $"fill_value {json} is not valid for data type {type}", inner: inner);
    }
}
