using System.Collections.Specialized;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>
/// A safe reader for the Python pickle subset SciTeX stores (protocols 0–5; 2–5 are what Python 3 writes).
/// </summary>
/// <remarks>
/// <para>Mapping: None → null; bool → bool; int → long, or <see cref="System.Numerics.BigInteger"/> beyond 64 bits;
/// float → double; str → string; bytes and bytearray → byte[]; list and tuple → object?[] (tuples come back as arrays);
/// dict → <see cref="OrderedDictionary"/> (insertion order kept; tuple and bytes keys compare by reference);
/// set and frozenset → <see cref="HashSet{T}"/> of object?.</para>
/// <para>numpy arrays → a .NET array of the same rank in C order (bool, sbyte, byte, short, ushort, int, uint,
/// long, ulong, Half, float, double, Complex; complex64 is widened; big-endian and Fortran-ordered data are
/// converted); unicode arrays → string arrays; 0-d arrays and numpy scalars → the bare .NET value. A 1-D uint8
/// array therefore reads as byte[], exactly like bytes.</para>
/// <para>Python 2 byte strings (BINSTRING) read as Latin-1 text; protocol 0's quoted STRING is refused.</para>
/// <para>Safety: globals are matched against a fixed allow-list (<see cref="PickleGlobals"/>: the numpy entry points,
/// <c>_codecs.encode</c>, and the builtins bytes/bytearray/set/frozenset that protocol 2 needs) and turned into inert
/// markers; nothing is ever imported, reflected on, instantiated or executed. Anything else is refused with
/// <see cref="ZarrErrorKind.UnsafePickle"/>; malformed input raises <see cref="ZarrErrorKind.CorruptChunk"/>.
/// The machine is iterative, so deep nesting cannot overflow the call stack.</para>
/// </remarks>
public static class PickleReader
{
    [ThreadStatic] private static bool _objectArrays;

    /// <summary>True while <see cref="ReadObjectArray"/> runs: numpy object arrays are accepted then (their items are still allow-listed).</summary>
    internal static bool ObjectArraysAllowed => _objectArrays;

    /// <summary>
    /// Reads a pickled numpy object array (numcodecs' Pickle object codec): the same allow-list and limits as
    /// <see cref="Read"/>, plus <c>dtype('O')</c> arrays whose items are themselves plain allow-listed values.
    /// </summary>
    public static NumpyObjectArray ReadObjectArray(ReadOnlySpan<byte> data)
    {
        var previous = _objectArrays;
        _objectArrays = true;
        try
        {
            return Read(data) as NumpyObjectArray ?? throw CorruptValue("the pickle does not hold a numpy object array");
        }
        finally
        {
            _objectArrays = previous;
        }
    }

    public static object? Read(ReadOnlySpan<byte> data)
    {
        var root = new PickleMachine(data).Run();
        return Finalizer.Complete(root);
    }

    internal static ZarrException CorruptValue(string detail) =>
        new(ZarrErrorKind.CorruptChunk, $"Corrupt pickle: {detail}");

    internal static byte[] Latin1Bytes(string text) =>
        PickleText.Latin1(text) ?? throw CorruptValue("a Latin-1 byte string holds a character above U+00FF");

    /// <summary>
    /// Replaces the machine's working objects by final values once the whole pickle is read: lists become
    /// object?[], numpy placeholders their arrays. Iterative, and shared or cyclic references stay shared.
    /// </summary>
    private static class Finalizer
    {
        public static object? Complete(object? root)
        {
            var done = new Dictionary<object, object?>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<object>();
            var result = Resolve(root, done, pending);
            while (pending.Count > 0)
            {
                switch (pending.Pop())
                {
                    case object?[] items:
                        for (var i = 0; i < items.Length; i++) items[i] = Resolve(items[i], done, pending);
                        break;
                    case OrderedDictionary dict:
                        for (var i = 0; i < dict.Count; i++) dict[i] = Resolve(dict[i], done, pending);
                        foreach (var key in dict.Keys) Resolve(key, done, pending);
                        break;
                    case HashSet<object?> set:
                        foreach (var item in set) Resolve(item, done, pending);
                        break;
                }
            }
            return result;
        }

        private static object? Resolve(object? value, Dictionary<object, object?> done, Stack<object> pending)
        {
            switch (value)
            {
                case null:
                    return null;
                case PickleList list:
                    if (done.TryGetValue(list, out var mapped)) return mapped;
                    var items = list.ToArray();
                    done[list] = items;
                    done[items] = items;
                    pending.Push(items);
                    return items;
                case PendingArray { Built: true, ObjectArray: { } objects }:
                    objects.RawItems = Resolve(objects.RawItems, done, pending);
                    return objects;
                case PendingArray array:
                    return array.Built ? array.Result : throw CorruptValue("a numpy array was never given its state (missing BUILD)");
                case NumpyDtype dtype:
                    throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                        $"a bare numpy dtype ('{dtype.Descr}') is not a supported value; {PickleGlobals.AllowedSummary}");
                case GlobalRef global:
                    throw PickleGlobals.Refuse(global.QualifiedName);
                case object?[] tuple when tuple.GetType() == typeof(object[]):
                case OrderedDictionary or HashSet<object?>:
                    if (done.TryAdd(value, value)) pending.Push(value);
                    return value;
                default:
                    return value;
            }
        }
    }
}
