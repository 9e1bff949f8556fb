using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using SciTex.Zarr.Engine.Errors;
using static SciTex.Zarr.Engine.Values.Pickle.Opcodes;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>
/// Writes .NET values as a protocol-4 pickle (what SciTeX's Python writes; loadable by Python 3.8+).
/// </summary>
/// <remarks>
/// null and DBNull → None; bool → bool; every integer type and BigInteger → int; double, float, Half and decimal →
/// float (decimal is rounded to double); string and char → str; byte[] → bytes; Complex → numpy.complex128;
/// IDictionary → dict (keys: null, bool, numbers, string, char, byte[] or tuples of those); ISet&lt;T&gt; → set;
/// ITuple (Tuple/ValueTuple) → tuple; numeric arrays of any rank (bool, sbyte … ulong, Half, float, double,
/// Complex; byte only at rank ≥ 2) → numpy.ndarray with the same dtype and shape; other IEnumerables and
/// object/string arrays (rank 1) → list. PowerShell wrappers are the caller's to unwrap.
/// </remarks>
public static class PickleWriter
{
    /// <summary>Deeper than Python's own default recursion limit would be unloadable anyway; it also stops cycles.</summary>
    private const int MaxDepth = 1000;

    /// <summary>Items per APPENDS/SETITEMS/ADDITEMS batch, as CPython uses.</summary>
    private const int Batch = 1000;

    public const string SupportedSummary =
        "null, bool, integers (including BigInteger), double/float/Half/decimal, Complex, string, char, byte[], " +
        "IDictionary, ISet<T>, Tuple/ValueTuple, numeric arrays (bool, sbyte..ulong, Half, float, double, Complex) of any rank, " +
        "and other IEnumerable or rank-1 arrays as lists";

    public static byte[] Write(object? value)
    {
        var e = new PickleEmitter();
        e.Emit(PROTO);
        e.Emit(4);
        new Walker(e).Value(value, 0);
        e.Emit(STOP);
        return e.ToArray();
    }

    /// <summary>
    /// A numpy object array (what numcodecs' Pickle object codec writes for a chunk): <paramref name="items"/> in C
    /// order, each written like <see cref="Write"/> writes a value.
    /// </summary>
    public static byte[] WriteObjectArray(IReadOnlyList<object?> items, int[] shape)
    {
        var e = new PickleEmitter();
        e.Emit(PROTO);
        e.Emit(4);
        var walker = new Walker(e);
        NumpyEmission.ObjectArray(e, shape, () =>
        {
            e.Emit(EMPTY_LIST);
            for (var start = 0; start < items.Count; start += Batch)
            {
                e.Emit(MARK);
                for (var i = start; i < Math.Min(items.Count, start + Batch); i++) walker.Value(items[i], 1);
                e.Emit(APPENDS);
            }
        });
        e.Emit(STOP);
        return e.ToArray();
    }

    private sealed class Walker(PickleEmitter e)
    {
        private readonly HashSet<object> _open = new(ReferenceEqualityComparer.Instance);

        public void Value(object? value, int depth)
        {
            if (Scalar(value)) return;
            if (depth >= MaxDepth)
                throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"Cannot pickle a value nested more than {MaxDepth} levels deep");
            if (!_open.Add(value!))
                throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"Cannot pickle a {value!.GetType().Name} that contains itself (a reference cycle)");
            try
            {
                Container(value!, depth + 1);
            }
            finally
            {
                _open.Remove(value!);
            }
        }

        /// <summary>Writes a leaf value; false when <paramref name="value"/> is a container (or unsupported).</summary>
        private bool Scalar(object? value)
        {
            switch (value)
            {
                case null or DBNull: e.Emit(NONE); return true;
                case bool b: e.Emit(b ? NEWTRUE : NEWFALSE); return true;
                case sbyte or byte or short or ushort or int or uint or long:
                    e.Int(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); return true;
                case nint n: e.Int((long)n); return true;
                case ulong u: e.Int(new BigInteger(u)); return true;
                case nuint u: e.Int(new BigInteger(u)); return true;
                case BigInteger big: e.Int(big); return true;
                case double d: e.Float(d); return true;
                case float f: e.Float(f); return true;
                case Half h: e.Float((double)h); return true;
                case decimal m: e.Float((double)m); return true;
                case Complex c: NumpyEmission.Complex128(e, c); return true;
                case string s: e.Str(s); return true;
                case char c: e.Str(c.ToString()); return true;
                case byte[] bytes: e.Bytes(bytes); return true;
                default: return false;
            }
        }

        private void Container(object value, int depth)
        {
            switch (value)
            {
                case IDictionary dict: Dict(dict, depth); break;
                case ITuple tuple: Tuple(tuple, depth); break;
                case Array array when NumpyEmission.IsNumeric(array): NumpyEmission.Array(e, array); break;
                case Array { Rank: > 1 } array:
                    throw Unsupported(array.GetType(), "only numeric element types are written as n-dimensional arrays");
                case DateTime or DateTimeOffset or TimeSpan or DateOnly or TimeOnly:
                    throw Unsupported(value.GetType(), "convert dates and times to strings or numbers first");
                case IEnumerable items when IsSet(value): Items(items, depth, EMPTY_SET, ADDITEMS, key: true); break;
                case IEnumerable items: Items(items, depth, EMPTY_LIST, APPENDS, key: false); break;
                default: throw Unsupported(value.GetType(), null);
            }
        }

        private void Dict(IDictionary dict, int depth)
        {
            e.Emit(EMPTY_DICT);
            var inBatch = 0;
            foreach (DictionaryEntry entry in dict)
            {
                if (inBatch == 0) e.Emit(MARK);
                Key(entry.Key, depth);
                Value(entry.Value, depth);
                if (++inBatch == Batch) { e.Emit(SETITEMS); inBatch = 0; }
            }
            if (inBatch > 0) e.Emit(SETITEMS);
        }

        private void Items(IEnumerable items, int depth, byte empty, byte add, bool key)
        {
            e.Emit(empty);
            var inBatch = 0;
            foreach (var item in items)
            {
                if (inBatch == 0) e.Emit(MARK);
                if (key) Key(item, depth);
                else Value(item, depth);
                if (++inBatch == Batch) { e.Emit(add); inBatch = 0; }
            }
            if (inBatch > 0) e.Emit(add);
        }

        private void Tuple(ITuple tuple, int depth)
        {
            e.Emit(MARK);
            for (var i = 0; i < tuple.Length; i++) Value(tuple[i], depth);
            e.Emit(TUPLE);
        }

        /// <summary>
        /// Python dict keys and set members must be hashable: scalars, strings, bytes and tuples of them. An object?[]
        /// key is written as a tuple, since that is how the reader returns tuple keys (a list key cannot exist).
        /// </summary>
        private void Key(object? key, int depth)
        {
            if (depth >= MaxDepth)
                throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"Cannot pickle a key nested more than {MaxDepth} levels deep");
            switch (key)
            {
                case ITuple tuple:
                    e.Emit(MARK);
                    for (var i = 0; i < tuple.Length; i++) Key(tuple[i], depth + 1);
                    e.Emit(TUPLE);
                    return;
                case object?[] items when items.GetType() == typeof(object[]):
                    e.Emit(MARK);
                    foreach (var item in items) Key(item, depth + 1);
                    e.Emit(TUPLE);
                    return;
                case string or byte[]:
                case not (IEnumerable or IDictionary):
                    Value(key, depth);
                    return;
                default:
                    throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                        $"A {key.GetType().Name} cannot be a Python dict key or set member (unhashable); use strings, numbers, byte[] or tuples");
            }
        }

        private static bool IsSet(object value) =>
            value.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISet<>));

        private static ZarrException Unsupported(Type type, string? hint) =>
            new(ZarrErrorKind.UnsupportedValue,
                $"Cannot pickle a value of .NET type '{type.FullName}'{(hint is null ? "" : $" ({hint})")}; supported: {SupportedSummary}");
    }
}
