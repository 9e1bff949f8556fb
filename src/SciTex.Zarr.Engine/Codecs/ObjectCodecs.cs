using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using MessagePack;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Codecs.Filters;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Values.Pickle;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// The values object codecs hand back: JSON/msgpack arrays as <c>object?[]</c>, maps as <see cref="OrderedDictionary"/>
/// (keys in stored order), integers as long (BigInteger beyond), floats as double, strings, byte[] (msgpack bin),
/// bool and null.
/// </summary>
internal static class ObjectValues
{
    /// <summary>
    /// The items of a chunk that numcodecs stored as <c>arr.tolist() + [dtype, shape]</c>: nested lists one level per
    /// axis, flattened here in C order; the trailing shape must be the chunk's.
    /// </summary>
    public static object?[] Unnest(string codec, object?[] items, ChunkSpec spec)
    {
        if (items.Length < 2 || items[^2] is not string dtype || items[^1] is not object?[] shapeItems)
            throw Corrupt(codec, "does not end with the dtype and shape numcodecs appends");
        if (dtype.TrimStart('|', '<', '>', '=') != "O")
            throw Corrupt(codec, $"holds a '{dtype}' array, not an object array");
        var shape = shapeItems.Select(d => d is long l ? l : throw Corrupt(codec, "has a non-integer shape")).ToArray();
        if (!shape.SequenceEqual(spec.Shape.Select(d => (long)d)))
            throw Corrupt(codec, $"holds shape ({string.Join(", ", shape)}), the chunk is [{string.Join(", ", spec.Shape)}]");
        var count = checked((int)spec.ElementCount);
        var result = new object?[count];
        if (spec.Shape.Length == 0)
        {
            if (items.Length != 3) throw Corrupt(codec, "0-d chunk does not hold one item");
            result[0] = items[0];
            return result;
        }
        var position = 0;
        void Walk(object?[] level, int axis)
        {
            if (level.Length != spec.Shape[axis]) throw Corrupt(codec, $"axis {axis} holds {level.Length} items, expected {spec.Shape[axis]}");
            foreach (var item in level)
            {
                if (axis == spec.Shape.Length - 1) result[position++] = item;
                else Walk(item as object?[] ?? throw Corrupt(codec, $"axis {axis} item is not a list"), axis + 1);
            }
        }
        Walk(items[..^2], 0);
        return result;
    }

    /// <summary>The C-order items as nested lists, one level per axis (NumPy's <c>tolist</c>).</summary>
    public static IReadOnlyList<object?> Nest(object?[] flat, int[] shape)
    {
        if (shape.Length <= 1) return flat;
        var position = 0;
        object?[] Level(int axis)
        {
            var items = new object?[shape[axis]];
            for (var i = 0; i < items.Length; i++) items[i] = axis == shape.Length - 1 ? flat[position++] : Level(axis + 1);
            return items;
        }
        return Level(0);
    }

    public static ZarrException Corrupt(string codec, string what) => new(ZarrErrorKind.CorruptChunk, $"{codec} chunk {what}");
}

/// <summary>numcodecs <c>Pickle(protocol)</c>: a chunk is a pickled numpy object array, read by the safe unpickler.</summary>
public sealed class PickleObjectCodec(int protocol = 5) : ObjectCodec
{
    public override string Name => "pickle";
    public int Protocol { get; } = protocol;

    public static PickleObjectCodec FromV2(JsonObject v2, CodecContext context) =>
        new(Compression.CodecConfig.OptionalInt(v2, "protocol", "pickle", context) ?? 5);

    protected override JsonObject V2Configuration() => new() { ["protocol"] = Protocol };

    public override PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec) =>
        PooledBuffer.Wrap(PickleWriter.WriteObjectArray(chunk.Objects ?? throw new InvalidOperationException("pickle needs an object chunk"), spec.Shape));

    public override ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        var array = PickleReader.ReadObjectArray(encoded);
        if (!array.Shape.SequenceEqual(spec.Shape))
            throw ObjectValues.Corrupt(Name, $"holds shape ({string.Join(", ", array.Shape)}), the chunk is [{string.Join(", ", spec.Shape)}]");
        var items = array.Items;
        if (items.Length != spec.ElementCount) throw ObjectValues.Corrupt(Name, $"holds {items.Length} items, the chunk has {spec.ElementCount}");
        return ChunkArray.FromObjects(spec.Shape, array.Fortran && spec.Shape.Length > 1 ? FortranToC(items, spec.Shape) : items.ToArray());
    }

    private static object?[] FortranToC(object?[] items, int[] shape)
    {
        var result = new object?[items.Length];
        var index = new int[shape.Length];
        for (var c = 0; c < items.Length; c++)
        {
            long f = 0, stride = 1;
            for (var k = 0; k < shape.Length; k++) { f += index[k] * stride; stride *= shape[k]; }
            result[c] = items[f];
            for (var k = shape.Length - 1; k >= 0 && ++index[k] == shape[k]; k--) index[k] = 0;
        }
        return result;
    }
}

/// <summary>
/// numcodecs <c>JSON()</c> (id <c>json2</c>): UTF-8 JSON of <c>arr.tolist() + ["|O", shape]</c>. Python's NaN,
/// Infinity and -Infinity literals are read; strings are written ASCII-escaped with sorted keys, as numcodecs does.
/// </summary>
public sealed class Json2Codec : ObjectCodec
{
    public override string Name => "json2";

    public static Json2Codec FromV2(JsonObject v2, CodecContext context)
    {
        var encoding = Compression.CodecConfig.OptionalString(v2, "encoding", "json2", context) ?? "utf-8";
        if (encoding.Replace("-", "").ToLowerInvariant() is not ("utf8" or "ascii"))
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"json2 with text encoding '{encoding}' is not supported (utf-8 is)", context.Store, context.ArrayPath);
        return new Json2Codec();
    }

    protected override JsonObject V2Configuration() => new()
    {
        ["allow_nan"] = true, ["check_circular"] = true, ["encoding"] = "utf-8", ["ensure_ascii"] = true, ["indent"] = null,
        ["separators"] = new JsonArray(",", ":"), ["skipkeys"] = false, ["sort_keys"] = true, ["strict"] = true,
    };

    public override PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec)
    {
        var text = new StringBuilder();
        text.Append('[');
        var top = ObjectValues.Nest(chunk.Objects ?? throw new InvalidOperationException("json2 needs an object chunk"), spec.Shape);
        if (spec.Shape.Length == 0) Write(text, top[0], 0);
        else
            for (var i = 0; i < top.Count; i++)
            {
                if (i > 0) text.Append(',');
                Write(text, top[i], 0);
            }
        text.Append(top.Count > 0 || spec.Shape.Length == 0 ? ",\"|O\",[" : "\"|O\",[");
        text.Append(string.Join(",", spec.Shape)).Append("]]");
        return PooledBuffer.Wrap(Encoding.UTF8.GetBytes(text.ToString()));
    }

    public override ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        var parser = new Parser(Encoding.UTF8.GetString(encoded), Name);
        var root = parser.ParseDocument() as object?[] ?? throw ObjectValues.Corrupt(Name, "is not a JSON list");
        return ChunkArray.FromObjects(spec.Shape, ObjectValues.Unnest(Name, root, spec));
    }

    private static void Write(StringBuilder text, object? value, int depth)
    {
        if (depth > ZarrConfig.MaxJsonDepth)
            throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"json2: a value nested more than {ZarrConfig.MaxJsonDepth} levels deep");
        switch (value)
        {
            case null: text.Append("null"); break;
            case bool b: text.Append(b ? "true" : "false"); break;
            case string s: Quote(text, s); break;
            case char c: Quote(text, c.ToString()); break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case float or double or Half or decimal:
                var d = Convert.ToDouble(value is Half h ? (double)h : value, CultureInfo.InvariantCulture);
                text.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity"
                    : d == Math.Floor(d) && Math.Abs(d) < 1e16 ? d.ToString("0.0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case IDictionary dict:
                text.Append('{');
                var first = true;
                foreach (var key in dict.Keys.Cast<object>().Select(k => k as string ?? throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"json2: dictionary keys must be strings, got {k.GetType().Name}")).Order(StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    Quote(text, key);
                    text.Append(':');
                    Write(text, dict[key], depth + 1);
                }
                text.Append('}');
                break;
            case byte[]:
                throw new ZarrException(ZarrErrorKind.UnsupportedValue, "json2 cannot hold byte strings; use msgpack2 or pickle");
            case IEnumerable items:
                text.Append('[');
                var firstItem = true;
                foreach (var item in items)
                {
                    if (!firstItem) text.Append(',');
                    firstItem = false;
                    Write(text, item, depth + 1);
                }
                text.Append(']');
                break;
            default:
                throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"json2 cannot encode a {value.GetType().Name}");
        }
    }

    private static void Quote(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }

    /// <summary>A JSON reader that also takes Python's NaN/Infinity literals; nesting is bounded by MaxJsonDepth.</summary>
    private sealed class Parser(string text, string codec)
    {
        private int _at;

        public object? ParseDocument()
        {
            var value = Value(0);
            Skip();
            if (_at != text.Length) throw Fail("has text after the JSON value");
            return value;
        }

        private ZarrException Fail(string what) => ObjectValues.Corrupt(codec, $"{what} (at character {_at})");

        private void Skip()
        {
            while (_at < text.Length && text[_at] is ' ' or '\t' or '\n' or '\r') _at++;
        }

        private object? Value(int depth)
        {
            if (depth > ZarrConfig.MaxJsonDepth) throw Fail($"nests deeper than {ZarrConfig.MaxJsonDepth} levels ({ZarrConfig.MaxJsonDepthVariable})");
            Skip();
            if (_at >= text.Length) throw Fail("ends early");
            switch (text[_at])
            {
                case '[':
                {
                    _at++;
                    var items = new List<object?>();
                    Skip();
                    if (_at < text.Length && text[_at] == ']') { _at++; return items.ToArray(); }
                    while (true)
                    {
                        items.Add(Value(depth + 1));
                        Skip();
                        if (_at < text.Length && text[_at] == ',') { _at++; continue; }
                        if (_at < text.Length && text[_at] == ']') { _at++; return items.ToArray(); }
                        throw Fail("has a list without ']'");
                    }
                }
                case '{':
                {
                    _at++;
                    var map = new OrderedDictionary(StringComparer.Ordinal);
                    Skip();
                    if (_at < text.Length && text[_at] == '}') { _at++; return map; }
                    while (true)
                    {
                        Skip();
                        if (_at >= text.Length || text[_at] != '"') throw Fail("has an object key that is not a string");
                        var key = String();
                        Skip();
                        if (_at >= text.Length || text[_at] != ':') throw Fail("has an object member without ':'");
                        _at++;
                        map[key] = Value(depth + 1);
                        Skip();
                        if (_at < text.Length && text[_at] == ',') { _at++; continue; }
                        if (_at < text.Length && text[_at] == '}') { _at++; return map; }
                        throw Fail("has an object without '}'");
                    }
                }
                case '"': return String();
                default:
                    foreach (var (word, value) in Literals)
                        if (string.CompareOrdinal(text, _at, word, 0, word.Length) == 0) { _at += word.Length; return value; }
                    return Number();
            }
        }

        private static readonly (string, object?)[] Literals =
        [
            ("true", true), ("false", false), ("null", null), ("NaN", double.NaN), ("Infinity", double.PositiveInfinity), ("-Infinity", double.NegativeInfinity),
        ];

        private string String()
        {
            _at++;
            var result = new StringBuilder();
            while (true)
            {
                if (_at >= text.Length) throw Fail("has an unterminated string");
                var c = text[_at++];
                if (c == '"') return result.ToString();
                if (c != '\\') { result.Append(c); continue; }
                if (_at >= text.Length) throw Fail("has an unterminated escape");
                var e = text[_at++];
                switch (e)
                {
                    case '"' or '\\' or '/': result.Append(e); break;
                    case 'n': result.Append('\n'); break;
                    case 'r': result.Append('\r'); break;
                    case 't': result.Append('\t'); break;
                    case 'b': result.Append('\b'); break;
                    case 'f': result.Append('\f'); break;
                    case 'u' when _at + 4 <= text.Length && int.TryParse(text.AsSpan(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        result.Append((char)code);
                        _at += 4;
                        break;
                    default: throw Fail($"has an unknown escape '\\{e}'");
                }
            }
        }

        private object Number()
        {
            var start = _at;
            while (_at < text.Length && (char.IsDigit(text[_at]) || text[_at] is '-' or '+' or '.' or 'e' or 'E')) _at++;
            var token = text.AsSpan(start, _at - start);
            if (token.Length == 0) throw Fail("has an unexpected character");
            if (token.IndexOfAny('.', 'e', 'E') < 0)
            {
                if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
                if (BigInteger.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)) return big;
            }
            else if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            throw Fail($"has a malformed number '{token.ToString()}'");
        }
    }
}

/// <summary>
/// numcodecs <c>MsgPack()</c> (id <c>msgpack2</c>): msgpack of <c>arr.tolist() + ["|O", shape]</c>, through the
/// MessagePack-CSharp reader/writer (str and bin kept apart, as <c>use_bin_type=True</c> writes them).
/// </summary>
public sealed class MsgPack2Codec(bool useSingleFloat = false) : ObjectCodec
{
    public override string Name => "msgpack2";
    public bool UseSingleFloat { get; } = useSingleFloat;

    public static MsgPack2Codec FromV2(JsonObject v2, CodecContext context)
    {
        if (v2["raw"] is JsonValue raw && raw.TryGetValue(out bool isRaw) && isRaw)
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, "msgpack2 with raw=True (strings as bytes) is not supported", context.Store, context.ArrayPath);
        return new MsgPack2Codec(v2["use_single_float"] is JsonValue s && s.TryGetValue(out bool single) && single);
    }

    protected override JsonObject V2Configuration() => new() { ["raw"] = false, ["use_bin_type"] = true, ["use_single_float"] = UseSingleFloat };

    public override PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        var top = ObjectValues.Nest(chunk.Objects ?? throw new InvalidOperationException("msgpack2 needs an object chunk"), spec.Shape);
        if (spec.Shape.Length == 0)
        {
            writer.WriteArrayHeader(3);
            Write(ref writer, top[0], 0);
        }
        else
        {
            writer.WriteArrayHeader(top.Count + 2);
            foreach (var item in top) Write(ref writer, item, 0);
        }
        writer.Write("|O");
        writer.WriteArrayHeader(spec.Shape.Length);
        foreach (var d in spec.Shape) writer.Write(d);
        writer.Flush();
        return PooledBuffer.CopyOf(buffer.WrittenSpan);
    }

    private void Write(ref MessagePackWriter writer, object? value, int depth)
    {
        if (depth > ZarrConfig.MaxJsonDepth)
            throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"msgpack2: a value nested more than {ZarrConfig.MaxJsonDepth} levels deep");
        switch (value)
        {
            case null: writer.WriteNil(); break;
            case bool b: writer.Write(b); break;
            case string s: writer.Write(s); break;
            case char c: writer.Write(c.ToString()); break;
            case byte[] bytes: writer.Write(bytes); break;
            case sbyte or short or int or long: writer.Write(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case byte or ushort or uint or ulong: writer.Write(Convert.ToUInt64(value, CultureInfo.InvariantCulture)); break;
            case float f when UseSingleFloat: writer.Write(f); break;
            case float or double or Half or decimal:
                var d = value is Half h ? (double)h : Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (UseSingleFloat) writer.Write((float)d); else writer.Write(d);
                break;
            case IDictionary dict:
                writer.WriteMapHeader(dict.Count);
                foreach (DictionaryEntry entry in dict)
                {
                    Write(ref writer, entry.Key, depth + 1);
                    Write(ref writer, entry.Value, depth + 1);
                }
                break;
            case IEnumerable items:
                var list = items.Cast<object?>().ToList();
                writer.WriteArrayHeader(list.Count);
                foreach (var item in list) Write(ref writer, item, depth + 1);
                break;
            default:
                throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"msgpack2 cannot encode a {value.GetType().Name}");
        }
    }

    public override ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(encoded.ToArray()));
        object? root;
        try
        {
            root = Read(ref reader, 0);
            if (!reader.End) throw ObjectValues.Corrupt(Name, "has bytes after its value");
        }
        catch (MessagePackSerializationException e)
        {
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"{Name} chunk is not valid msgpack: {e.Message}", inner: e);
        }
        catch (EndOfStreamException e)
        {
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"{Name} chunk ends early", inner: e);
        }
        return ChunkArray.FromObjects(spec.Shape, ObjectValues.Unnest(Name, root as object?[] ?? throw ObjectValues.Corrupt(Name, "is not a msgpack array"), spec));
    }

    private object? Read(ref MessagePackReader reader, int depth)
    {
        if (depth > ZarrConfig.MaxJsonDepth) throw ObjectValues.Corrupt(Name, $"nests deeper than {ZarrConfig.MaxJsonDepth} levels");
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil: reader.ReadNil(); return null;
            case MessagePackType.Boolean: return reader.ReadBoolean();
            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64() is var u && u > long.MaxValue ? (object)new BigInteger(u) : (long)u : reader.ReadInt64();
            case MessagePackType.Float: return reader.NextCode == MessagePackCode.Float32 ? (double)reader.ReadSingle() : reader.ReadDouble();
            case MessagePackType.String: return reader.ReadString();
            case MessagePackType.Binary: return reader.ReadBytes()?.ToArray();
            case MessagePackType.Array:
            {
                var count = reader.ReadArrayHeader();
                var items = new object?[count];
                for (var i = 0; i < count; i++) items[i] = Read(ref reader, depth + 1);
                return items;
            }
            case MessagePackType.Map:
            {
                var count = reader.ReadMapHeader();
                var map = new OrderedDictionary();
                for (var i = 0; i < count; i++)
                {
                    var key = Read(ref reader, depth + 1) ?? throw ObjectValues.Corrupt(Name, "has a nil map key");
                    map[key] = Read(ref reader, depth + 1);
                }
                return map;
            }
            default:
                throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{Name}: msgpack extension types are not supported");
        }
    }
}

/// <summary>
/// numcodecs <c>VLenArray(dtype)</c> (id <c>vlen-array</c>): a u32 LE item count, then each item as a u32 LE byte
/// length and its elements in <c>dtype</c>. Each element reads as a 1-d .NET array of the dtype (int[], double[] …).
/// </summary>
public sealed class VlenArrayCodec : ObjectCodec
{
    public VlenArrayCodec(ZarrDataType elementType, bool bigEndian = false, string? dtypeText = null)
    {
        if (!Numeric.IsNumeric(elementType) && elementType.Kind != DataTypeKind.Bool)
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"vlen-array of {elementType} is not supported (numeric and bool element types are)");
        ElementType = elementType;
        BigEndian = bigEndian && elementType.HasEndianness;
        DTypeText = dtypeText ?? elementType.ToV2DType(bigEndian);
    }

    public override string Name => "vlen-array";
    public ZarrDataType ElementType { get; }
    public bool BigEndian { get; }
    private string DTypeText { get; }

    public static VlenArrayCodec FromV2(JsonObject v2, CodecContext context)
    {
        var (type, big) = Numeric.ParseDType(v2["dtype"], "vlen-array", "dtype", context);
        try
        {
            return new VlenArrayCodec(type, big, v2["dtype"]!.GetValue<string>());
        }
        catch (ZarrException e)
        {
            throw new ZarrException(e.Kind, e.Message, context.Store, context.ArrayPath);
        }
    }

    protected override JsonObject V2Configuration() => new() { ["dtype"] = DTypeText };

    public override PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec)
    {
        var items = chunk.Objects ?? throw new InvalidOperationException("vlen-array needs an object chunk");
        var parts = new byte[items.Length][];
        long total = 4;
        for (var i = 0; i < items.Length; i++)
        {
            parts[i] = items[i] switch
            {
                null => [],
                Array a when a.Rank == 1 && a.GetType().GetElementType() == ElementType.ClrType => ToBytes(a),
                Array a when a.Rank == 1 => ToBytes(ConvertArray(a)),
                IEnumerable e when e is not string => ToBytes(ConvertArray(e.Cast<object?>().ToArray())),
                var other => throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"vlen-array holds 1-d arrays, not {other.GetType().Name}"),
            };
            total += 4 + parts[i].Length;
        }
        var output = PooledBuffer.Rent(checked((int)total));
        var span = output.Span;
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)items.Length);
        var at = 4;
        foreach (var part in parts)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)part.Length);
            part.CopyTo(span[(at + 4)..]);
            at += 4 + part.Length;
        }
        return output;
    }

    private Array ConvertArray(IList items)
    {
        var result = Array.CreateInstance(ElementType.ClrType, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                result.SetValue(Convert.ChangeType(items[i], ElementType.ClrType, CultureInfo.InvariantCulture), i);
            }
            catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
            {
                throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"vlen-array: {items[i] ?? "null"} is not a {ElementType}", inner: e);
            }
        }
        return result;
    }

    private byte[] ToBytes(Array array)
    {
        var bytes = new byte[array.Length * ElementType.ItemSize];
        ElementLayout.ToStored(array, bytes, ElementType);
        if (BigEndian) ByteSwap.InPlace(bytes, ElementType.SwapUnit);
        return bytes;
    }

    public override ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        if (encoded.Length < 4) throw ObjectValues.Corrupt(Name, "is shorter than its 4-byte header");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(encoded);
        if (count != spec.ElementCount) throw ObjectValues.Corrupt(Name, $"holds {count} items but the chunk has {spec.ElementCount} elements");
        if (count > (encoded.Length - 4) / 4) throw ObjectValues.Corrupt(Name, $"claims {count} items but its {encoded.Length} bytes hold at most {(encoded.Length - 4) / 4}");
        var items = new object?[count];
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            if (at + 4 > encoded.Length) throw ObjectValues.Corrupt(Name, "ends inside an item header");
            var length = BinaryPrimitives.ReadUInt32LittleEndian(encoded[at..]);
            at += 4;
            if (length > encoded.Length - at || length % ElementType.ItemSize != 0)
                throw ObjectValues.Corrupt(Name, $"item {i} of {length} bytes runs past the end or is not whole {ElementType} elements");
            var bytes = encoded.Slice(at, (int)length).ToArray();
            if (BigEndian) ByteSwap.InPlace(bytes, ElementType.SwapUnit);
            var element = Array.CreateInstance(ElementType.ClrType, (int)length / ElementType.ItemSize);
            ElementLayout.FromStored(bytes, element, ElementType);
            items[i] = element;
            at += (int)length;
        }
        return ChunkArray.FromObjects(spec.Shape, items);
    }
}
