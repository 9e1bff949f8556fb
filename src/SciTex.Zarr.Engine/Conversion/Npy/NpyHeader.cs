using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Conversion.Npy;

/// <summary>The header of a NumPy .npy file (format versions 1–3): data type, order, shape and where the data starts.</summary>
internal sealed record NpyHeader(ZarrDataType DataType, bool BigEndian, bool FortranOrder, long[] Shape, long DataOffset)
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static bool HasMagic(ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    public long DataBytes => Shape.Aggregate((long)DataType.ItemSize, (a, b) => checked(a * b));

    /// <param name="source">The file, or the archive member.</param>
    public static NpyHeader Read(IByteSource source, string file, string? member)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (source.Length < 10) throw SourceErrors.Corrupt(file, member, "too short to be a .npy file");
        source.Read(0, prefix[..Math.Min(12, (int)source.Length)]);
        if (!prefix[..6].SequenceEqual(Magic)) throw SourceErrors.Corrupt(file, member, "no .npy magic (\\x93NUMPY) at the start");
        var major = prefix[6];
        long headerLength;
        int headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
                headerStart = 10;
                break;
            case 2 or 3:
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
                headerStart = 12;
                break;
            default:
                throw SourceErrors.UnsupportedType(file, member, $".npy format version {major}.{prefix[7]} is not supported (1.0–3.0 are)");
        }
        if (headerLength > 1 << 20 || headerStart + headerLength > source.Length)
            throw SourceErrors.Corrupt(file, member, $"the header claims {headerLength} bytes but the file has {source.Length}");
        var text = new byte[headerLength];
        source.Read(headerStart, text);
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        var header = Parse(encoding.GetString(text), file, member, headerStart + headerLength);

        var available = source.Length - header.DataOffset;
        if (available < header.DataBytes)
            throw SourceErrors.Corrupt(file, member, $"expected {header.DataBytes} bytes of array data but found {available}");
        return header;
    }

    private static NpyHeader Parse(string text, string file, string? member, long dataOffset)
    {
        object? literal;
        try
        {
            literal = new PythonLiteral(text).ParseValue();
        }
        catch (FormatException e)
        {
            throw SourceErrors.Corrupt(file, member, $"the header is not a Python dict literal: {e.Message}", e);
        }
        if (literal is not Dictionary<string, object?> dict
            || !dict.TryGetValue("descr", out var descr) || !dict.TryGetValue("shape", out var shapeValue)
            || !dict.TryGetValue("fortran_order", out var fortran) || fortran is not bool fortranOrder
            || shapeValue is not List<object?> shapeItems || shapeItems.Any(s => s is not long))
            throw SourceErrors.Corrupt(file, member, $"the header lacks 'descr', 'fortran_order' or 'shape': {text.Trim()}");
        var shape = shapeItems.Cast<long>().ToArray();
        if (shape.Any(s => s < 0)) throw SourceErrors.Corrupt(file, member, "the shape has a negative dimension");
        if (shape.Aggregate(new System.Numerics.BigInteger(8), (a, b) => a * b) > long.MaxValue)
            throw SourceErrors.Corrupt(file, member, $"the shape ({string.Join(", ", shape)}) describes more data than any file can hold");

        if (descr is not string dtype)
            throw SourceErrors.UnsupportedType(file, member, "structured (record) dtypes cannot be converted: Zarr has no data type for them here");
        if (dtype.Length >= 2 && dtype[1] == 'O')
            throw SourceErrors.UnsupportedType(file, member, "object arrays (dtype 'O') cannot be converted: they hold pickled Python objects, not data");
        ZarrDataType type;
        bool bigEndian;
        try
        {
            (type, bigEndian) = ZarrDataType.FromV2(dtype);
        }
        catch (ZarrException e)
        {
            throw new ZarrException(ZarrErrorKind.UnsupportedDataType, $"'{file}'{(member is null ? "" : $", member '{member}'")}: dtype '{dtype}' has no Zarr data type", file, member, e);
        }
        if (type.ItemSize == 0) throw SourceErrors.UnsupportedType(file, member, $"dtype '{dtype}' has zero-sized elements");
        return new NpyHeader(type, bigEndian, fortranOrder && shape.Length > 1, shape, dataOffset);
    }

    /// <summary>Just enough of Python's literal syntax for .npy headers: dicts, tuples/lists, strings, ints, booleans, None.</summary>
    private ref struct PythonLiteral(string text)
    {
        private int _pos;

        public object? ParseValue()
        {
            SkipSpace();
            if (_pos >= text.Length) throw new FormatException("unexpected end");
            var c = text[_pos];
            switch (c)
            {
                case '{': return ParseDict();
                case '(' or '[': return ParseSequence(c == '(' ? ')' : ']');
                case '\'' or '"': return ParseString();
            }
            if (char.IsDigit(c) || c == '-') return ParseInt();
            foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
            {
                if (string.CompareOrdinal(text, _pos, word, 0, word.Length) == 0)
                {
                    _pos += word.Length;
                    return value;
                }
            }
            throw new FormatException($"unexpected '{c}' at {_pos}");
        }

        private Dictionary<string, object?> ParseDict()
        {
            var result = new Dictionary<string, object?>();
            _pos++;
            while (true)
            {
                SkipSpace();
                if (Peek() == '}') { _pos++; return result; }
                if (ParseValue() is not string key) throw new FormatException("dict keys must be strings");
                SkipSpace();
                Expect(':');
                result[key] = ParseValue();
                SkipSpace();
                if (Peek() == ',') _pos++;
                else if (Peek() != '}') throw new FormatException($"expected ',' or '}}' at {_pos}");
            }
        }

        private List<object?> ParseSequence(char close)
        {
            var items = new List<object?>();
            _pos++;
            while (true)
            {
                SkipSpace();
                if (Peek() == close) { _pos++; return items; }
                items.Add(ParseValue());
                SkipSpace();
                if (Peek() == ',') _pos++;
                else if (Peek() != close) throw new FormatException($"expected ',' or '{close}' at {_pos}");
            }
        }

        private string ParseString()
        {
            var quote = text[_pos++];
            var end = text.IndexOf(quote, _pos);
            if (end < 0) throw new FormatException("unterminated string");
            var value = text[_pos..end];
            _pos = end + 1;
            return value;
        }

        private long ParseInt()
        {
            var start = _pos;
            if (text[_pos] == '-') _pos++;
            while (_pos < text.Length && char.IsDigit(text[_pos])) _pos++;
            var value = long.Parse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (_pos < text.Length && text[_pos] is 'L' or 'l') _pos++; // Python 2 longs
            return value;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : throw new FormatException("unexpected end");

        private void Expect(char c)
        {
            if (Peek() != c) throw new FormatException($"expected '{c}' at {_pos}");
            _pos++;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }
    }
}
