using System.Buffers.Binary;
using System.Collections.Specialized;
using System.Globalization;
using System.Numerics;
using System.Text;
using SciTex.Zarr.Engine.Errors;
using static SciTex.Zarr.Engine.Values.Pickle.Opcodes;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>A Python list while the machine runs: lists grow by APPEND, so they become arrays only at the end.</summary>
internal sealed class PickleList : List<object?>
{
    public PickleList() { }
    public PickleList(IEnumerable<object?> items) : base(items) { }
}

/// <summary>
/// The pickle virtual machine: one loop over opcodes with an explicit stack, mark stack and memo. Every read is
/// bounds-checked against the input, so lengths are validated before anything is allocated.
/// </summary>
internal ref struct PickleMachine
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly List<object?> _stack;
    private readonly List<int> _marks;
    private readonly Dictionary<long, object?> _memo;
    private int _pos;
    private int _opAt;

    public PickleMachine(ReadOnlySpan<byte> data)
    {
        _data = data;
        _stack = new List<object?>();
        _marks = new List<int>();
        _memo = new Dictionary<long, object?>();
    }

    public object? Run()
    {
        while (true)
        {
            _opAt = _pos;
            var op = ReadByte();
            switch (op)
            {
                case PROTO:
                    var protocol = ReadByte();
                    if (protocol > HighestProtocol)
                        throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"Pickle protocol {protocol} is not supported (highest: {HighestProtocol})");
                    break;
                case FRAME:
                    // Frames only batch reads; their content is ordinary opcodes, so checking the size is enough.
                    var frame = ReadLength(8);
                    if (frame > _data.Length - _pos) throw Corrupt($"a frame of {frame} bytes runs past the end of the data ({_data.Length - _pos} bytes remain)");
                    break;
                case STOP:
                    return Pop();

                case NONE: Push(null); break;
                case NEWTRUE: Push(true); break;
                case NEWFALSE: Push(false); break;
                case BININT1: Push((long)ReadByte()); break;
                case BININT2: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break;
                case BININT: Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;
                case LONG1: Push(Narrow(new BigInteger(ReadBytes(ReadByte()), isUnsigned: false, isBigEndian: false))); break;
                case LONG4:
                    var longBytes = ReadBytes(ReadSignedLength()); // bounds first: a length past the data is corruption
                    CheckIntegerBytes(longBytes.Length);
                    Push(Narrow(new BigInteger(longBytes, isUnsigned: false, isBigEndian: false)));
                    break;
                case INT: Push(ParseTextInt(ReadLine())); break;
                case LONG: Push(Narrow(ParseBigInteger(ReadLine().TrimEnd("L"u8)))); break;
                case BINFLOAT: Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break;
                case FLOAT: Push(ParseTextFloat(ReadLine())); break;

                case SHORT_BINUNICODE: Push(Utf8(ReadBytes(ReadByte()))); break;
                case BINUNICODE: Push(Utf8(ReadBytes(ReadLength(4)))); break;
                case BINUNICODE8: Push(Utf8(ReadBytes(ReadLength(8)))); break;
                case UNICODE: Push(PickleText.DecodeRawUnicodeEscape(ReadLine()) ?? throw Corrupt("invalid raw-unicode-escape text")); break;
                // Python 2 str: Latin-1, as numpy's own Python 2 compatibility path reads it.
                case SHORT_BINSTRING: Push(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break;
                case BINSTRING: Push(Encoding.Latin1.GetString(ReadBytes(ReadSignedLength()))); break;
                case STRING:
                    throw new ZarrException(ZarrErrorKind.UnsupportedValue, "Pickle opcode STRING (a protocol 0 Python 2 str) is not supported");

                case SHORT_BINBYTES: Push(ReadBytes(ReadByte()).ToArray()); break;
                case BINBYTES: Push(ReadBytes(ReadLength(4)).ToArray()); break;
                case BINBYTES8: Push(ReadBytes(ReadLength(8)).ToArray()); break;
                case BYTEARRAY8: Push(ReadBytes(ReadLength(8)).ToArray()); break;
                case NEXT_BUFFER:
                    throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                        "Pickle uses an out-of-band buffer (NEXT_BUFFER); a stored pickle cannot supply one, so it cannot be read");
                case READONLY_BUFFER:
                    if (Peek() is not byte[]) throw Corrupt("READONLY_BUFFER applied to something that is not a buffer");
                    break;

                case EMPTY_LIST: Push(new PickleList()); break;
                case LIST: Push(new PickleList(PopMark())); break;
                case APPEND:
                    var appended = Pop();
                    ListAt().Add(appended);
                    break;
                case APPENDS:
                    var appendItems = PopMark();
                    ListAt().AddRange(appendItems);
                    break;

                case EMPTY_TUPLE: Push(Array.Empty<object?>()); break;
                case TUPLE: Push(PopMark()); break;
                case TUPLE1: Push(PopN(1)); break;
                case TUPLE2: Push(PopN(2)); break;
                case TUPLE3: Push(PopN(3)); break;

                case EMPTY_DICT: Push(new OrderedDictionary()); break;
                case DICT:
                    var dict = new OrderedDictionary();
                    SetItems(dict, PopMark());
                    Push(dict);
                    break;
                case SETITEM:
                    var pair = PopN(2);
                    SetItems(DictAt(), pair);
                    break;
                case SETITEMS:
                    var pairs = PopMark();
                    SetItems(DictAt(), pairs);
                    break;

                case EMPTY_SET: Push(new HashSet<object?>()); break;
                case FROZENSET: Push(NewSet(PopMark())); break;
                case ADDITEMS:
                    var added = PopMark();
                    if (Peek() is not HashSet<object?> set) throw Corrupt("ADDITEMS applied to something that is not a set");
                    foreach (var item in added) set.Add(Hashable(item));
                    break;

                case MARK: _marks.Add(_stack.Count); break;
                case POP:
                    // Python pops the topmost mark when the current frame of the stack is empty.
                    if (_stack.Count > MarkBase) _stack.RemoveAt(_stack.Count - 1);
                    else PopMark();
                    break;
                case POP_MARK: PopMark(); break;
                case DUP: Push(Peek()); break;

                case PUT: _memo[ParseMemoKey(ReadLine())] = Peek(); break;
                case BINPUT: _memo[ReadByte()] = Peek(); break;
                case LONG_BINPUT: _memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek(); break;
                case MEMOIZE: _memo[_memo.Count] = Peek(); break;
                case GET: Push(Recall(ParseMemoKey(ReadLine()))); break;
                case BINGET: Push(Recall(ReadByte())); break;
                case LONG_BINGET: Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;

                case GLOBAL:
                    var module = Ascii(ReadLine());
                    Push(PickleGlobals.Resolve(module, Ascii(ReadLine())));
                    break;
                case STACK_GLOBAL:
                    var name = Pop();
                    var owner = Pop();
                    if (owner is not string m || name is not string n) throw Corrupt("STACK_GLOBAL needs a module and a name string");
                    Push(PickleGlobals.Resolve(m, n));
                    break;
                case REDUCE:
                    var args = Pop();
                    var callee = Pop();
                    Push(AllowedCalls.Invoke(callee, args as object?[] ?? throw Corrupt("REDUCE arguments are not a tuple")));
                    break;
                case BUILD:
                    var state = Pop();
                    switch (Peek())
                    {
                        case PendingArray array: NumpyReconstruction.Build(array, state); break;
                        case NumpyDtype dtype: dtype.ApplyState(state); break;
                        case var other: throw PickleGlobals.Refuse($"state for {Describe(other)} (BUILD)");
                    }
                    break;

                // Constructors, persistent ids and the extension registry can reach arbitrary code: never honoured.
                case NEWOBJ:
                    Pop();
                    throw PickleGlobals.Refuse(Describe(Pop()));
                case NEWOBJ_EX:
                    Pop();
                    Pop();
                    throw PickleGlobals.Refuse(Describe(Pop()));
                case INST:
                    var instModule = Ascii(ReadLine());
                    throw PickleGlobals.Refuse($"{instModule}.{Ascii(ReadLine())}");
                case OBJ:
                    var objItems = PopMark();
                    throw PickleGlobals.Refuse(objItems.Length > 0 ? Describe(objItems[0]) : "an object (OBJ)");
                case PERSID:
                case BINPERSID:
                    throw PickleGlobals.Refuse("a persistent id (PERSID)");
                case EXT1:
                case EXT2:
                case EXT4:
                    throw PickleGlobals.Refuse("a copyreg extension code (EXT)");

                default:
                    throw Corrupt($"unknown opcode 0x{op:x2}");
            }
        }
    }

    private readonly int MarkBase => _marks.Count == 0 ? 0 : _marks[^1];

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > MarkBase ? _stack[^1] : throw Corrupt("stack underflow");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object?[] PopN(int n)
    {
        if (_stack.Count - MarkBase < n) throw Corrupt("stack underflow");
        var items = _stack.GetRange(_stack.Count - n, n).ToArray();
        _stack.RemoveRange(_stack.Count - n, n);
        return items;
    }

    private object?[] PopMark()
    {
        if (_marks.Count == 0) throw Corrupt("no MARK on the stack");
        var mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private PickleList ListAt() => Peek() as PickleList ?? throw Corrupt("APPEND applied to something that is not a list");

    private OrderedDictionary DictAt() => Peek() as OrderedDictionary ?? throw Corrupt("SETITEM applied to something that is not a dict");

    private void SetItems(OrderedDictionary dict, object?[] flat)
    {
        if (flat.Length % 2 != 0) throw Corrupt("dict items are not key/value pairs");
        for (var i = 0; i < flat.Length; i += 2)
        {
            // OrderedDictionary cannot hold a null key, so a None key is stored as DBNull.Value.
            var key = Hashable(flat[i]) ?? DBNull.Value;
            dict[key] = flat[i + 1];
        }
    }

    /// <summary>A set built from an iterable: what FROZENSET and protocol-2 <c>set([...])</c> produce.</summary>
    internal static HashSet<object?> NewSet(IEnumerable<object?> items)
    {
        var set = new HashSet<object?>();
        foreach (var item in items) set.Add(Hashable(item));
        return set;
    }

    /// <summary>Python refuses mutable keys and set members; so does this reader, which keeps keys stable.</summary>
    internal static object? Hashable(object? value) => value is PickleList or OrderedDictionary or HashSet<object?> or PendingArray
        ? throw PickleReader.CorruptValue("a list, dict, set or array is used as a dict key or set member (unhashable)")
        : value;

    private object? Recall(long key) => _memo.TryGetValue(key, out var value) ? value : throw Corrupt($"memo entry {key} is missing");

    private byte ReadByte() => _pos < _data.Length ? _data[_pos++] : throw Truncated();

    private ReadOnlySpan<byte> ReadBytes(long count)
    {
        if (count < 0 || count > _data.Length - _pos)
            throw count > _data.Length - _pos && count >= 0
                ? Corrupt($"a length of {count} bytes runs past the end of the data ({_data.Length - _pos} bytes remain)")
                : Corrupt($"negative length {count}");
        var span = _data.Slice(_pos, (int)count);
        _pos += (int)count;
        return span;
    }

    /// <summary>An unsigned little-endian length of 4 or 8 bytes, clamped so huge values fail the bounds check.</summary>
    private long ReadLength(int width)
    {
        var raw = ReadBytes(width);
        var value = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(raw) : BinaryPrimitives.ReadUInt64LittleEndian(raw);
        return value > long.MaxValue ? long.MaxValue : (long)value;
    }

    private long ReadSignedLength() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    private ReadOnlySpan<byte> ReadLine()
    {
        var end = _data[_pos..].IndexOf((byte)'\n');
        if (end < 0) throw Truncated();
        var line = _data.Slice(_pos, end);
        _pos += end + 1;
        return line;
    }

    private string Utf8(ReadOnlySpan<byte> bytes) => PickleText.DecodeUtf8(bytes) ?? throw Corrupt("a str is not valid UTF-8");

    private string Ascii(ReadOnlySpan<byte> line) => PickleText.DecodeUtf8(line.TrimEnd("\r"u8)) ?? throw Corrupt("a global name is not valid text");

    private object ParseTextInt(ReadOnlySpan<byte> line)
    {
        var text = line.Trim(" \r"u8);
        if (text.SequenceEqual("00"u8)) return false;
        if (text.SequenceEqual("01"u8)) return true;
        return Narrow(ParseBigInteger(text));
    }

    /// <summary>
    /// Decimal text → BigInteger costs quadratic time (11 s for 5 M digits), so integers are capped at
    /// <see cref="ZarrLimits.MaxPickleIntegerDigits"/> digits (Python's own int/str limit is 4300) before parsing.
    /// </summary>
    private BigInteger ParseBigInteger(ReadOnlySpan<byte> text)
    {
        var digits = text.Trim(" \r"u8).TrimStart("+-"u8).Length;
        if (digits > ZarrLimits.MaxPickleIntegerDigits) throw TooManyDigits($"{digits} digits");
        return ParseDigits(text);
    }

    /// <summary>A binary integer (LONG4) of the same magnitude as the digit cap: about 0.415 bytes per decimal digit.</summary>
    private long CheckIntegerBytes(long bytes)
    {
        var max = (long)Math.Ceiling(ZarrLimits.MaxPickleIntegerDigits * Math.Log(10, 256)) + 1;
        if (bytes > max) throw TooManyDigits($"{bytes} bytes, about {(long)(bytes * Math.Log10(256))} digits");
        return bytes;
    }

    private ZarrException TooManyDigits(string size) => ZarrLimits.Exceeded(
        $"A pickled integer has {size}, more than the {ZarrLimits.MaxPickleIntegerDigits}-digit limit (Python refuses more than 4300 for int/str conversion) (opcode at byte {_opAt})",
        "SCITEX_ZARR_MAX_PICKLE_INT_DIGITS / [SciTex.Zarr.Engine.Errors.ZarrLimits]::MaxPickleIntegerDigits");

    private BigInteger ParseDigits(ReadOnlySpan<byte> text) =>
        BigInteger.TryParse(Encoding.ASCII.GetString(text.Trim(" \r"u8)), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Corrupt("an integer literal is malformed");

    private double ParseTextFloat(ReadOnlySpan<byte> line) => Encoding.ASCII.GetString(line.Trim(" \r"u8)) switch
    {
        // Python's float('nan') has the sign bit clear, unlike .NET's double.NaN.
        "nan" or "-nan" => BitConverter.UInt64BitsToDouble(0x7FF8_0000_0000_0000),
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        var text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Corrupt("a float literal is malformed"),
    };

    private long ParseMemoKey(ReadOnlySpan<byte> line) =>
        long.TryParse(Encoding.ASCII.GetString(line.Trim(" \r"u8)), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw Corrupt("a memo key is malformed");

    internal static object Narrow(BigInteger value) => value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;

    private static string Describe(object? value) => value switch
    {
        GlobalRef g => g.QualifiedName,
        null => "None",
        PickleList => "a list",
        OrderedDictionary => "a dict",
        HashSet<object?> => "a set",
        object?[] => "a tuple",
        _ => $"a {value.GetType().Name} value",
    };

    private ZarrException Corrupt(string detail) => PickleReader.CorruptValue($"{detail} (opcode at byte {_opAt})");

    private ZarrException Truncated() => PickleReader.CorruptValue($"the data ends before STOP (truncated at byte {_data.Length})");
}
