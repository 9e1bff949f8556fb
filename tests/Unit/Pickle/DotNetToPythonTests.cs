using System.Collections;
using System.Collections.Specialized;
using System.Numerics;
using SciTex.Zarr.Engine.Values.Pickle;

namespace SciTex.Zarr.Tests.Pickle;

/// <summary>PickleWriter output is loaded by Python's own pickle.loads and compared with the expected Python value.</summary>
public sealed class DotNetToPythonTests
{
    private static IEnumerable<(string Name, object? Value, string Python)> Cases()
    {
        yield return ("null", null, "None");
        yield return ("dbnull", DBNull.Value, "None");
        yield return ("true", true, "True");
        yield return ("false", false, "False");
        yield return ("int_zero", 0, "0");
        yield return ("int_minus_one", -1, "-1");
        yield return ("byte", (byte)200, "200");
        yield return ("sbyte", (sbyte)-5, "-5");
        yield return ("short", (short)-300, "-300");
        yield return ("ushort", (ushort)65535, "65535");
        yield return ("uint", uint.MaxValue, "2**32-1");
        yield return ("long_min", long.MinValue, "-2**63");
        yield return ("long_max", long.MaxValue, "2**63-1");
        yield return ("ulong_max", ulong.MaxValue, "2**64-1");
        yield return ("bigint", -BigInteger.Pow(2, 70), "-(2**70)");
        yield return ("bigint_huge", BigInteger.Pow(3, 1500), "3**1500");
        yield return ("double", 1.5, "1.5");
        yield return ("double_neg_zero", -0.0, "-0.0");
        yield return ("nan", double.NaN, "math.nan");
        yield return ("inf", double.PositiveInfinity, "math.inf");
        yield return ("ninf", double.NegativeInfinity, "-math.inf");
        yield return ("float32", 1.5f, "1.5");
        yield return ("half", (Half)0.5, "0.5");
        yield return ("decimal", 0.1m, "0.1");
        yield return ("complex", new Complex(1, -2), "np.complex128(1-2j)");
        yield return ("empty_string", "", "''");
        yield return ("string", "héllo ✓", "'héllo ✓'");
        yield return ("astral", "a😀b", "'a😀b'");
        yield return ("lone_surrogate", "x\ud800y", "'x\\ud800y'");
        yield return ("long_string", new string('x', 300), "'x' * 300");
        yield return ("char", 'é', "'é'");
        yield return ("bytes", new byte[] { 0, 255 }, "b'\\x00\\xff'");
        yield return ("empty_bytes", Array.Empty<byte>(), "b''");
        yield return ("long_bytes", Enumerable.Range(0, 512).Select(i => (byte)i).ToArray(), "bytes(range(256)) * 2");
        yield return ("object_array", new object?[] { 1L, "a", null }, "[1, 'a', None]");
        yield return ("empty_list", new List<object>(), "[]");
        yield return ("list_int", new List<int> { 1, 2 }, "[1, 2]");
        yield return ("string_array", new[] { "a", "b" }, "['a', 'b']");
        yield return ("many_items", Enumerable.Range(0, 2500).ToList(), "list(range(2500))");
        yield return ("tuple", (1, "a"), "(1, 'a')");
        yield return ("tuple_ref", Tuple.Create(1.5, 2, 3, 4), "(1.5, 2, 3, 4)");
        yield return ("hashtable", new Hashtable { ["k"] = 1 }, "{'k': 1}");
        var nested = new OrderedDictionary { ["x"] = 1, ["y"] = new[] { 1, 2 }.ToList(), ["z"] = new OrderedDictionary { ["n"] = null } };
        yield return ("ordered_dict", nested, "{'x': 1, 'y': [1, 2], 'z': {'n': None}}");
        yield return ("dictionary", new Dictionary<string, double> { ["b"] = 2, ["a"] = 1 }, "{'b': 2.0, 'a': 1.0}");
        yield return ("many_keys", Enumerable.Range(0, 1200).ToDictionary(i => i.ToString(), i => i), "{str(i): i for i in range(1200)}");
        yield return ("scalar_keys", new OrderedDictionary { { 1, "one" }, { DBNull.Value, "none" }, { (3, 4), "t" }, { true, 0 } },
            "{1: 'one', None: 'none', (3, 4): 't', True: 0}");
        yield return ("set", new HashSet<int> { 1, 2 }, "{1, 2}");
        yield return ("set_strings", new SortedSet<string> { "a", "b" }, "{'a', 'b'}");
        object nestedList = 1;
        for (var i = 0; i < 50; i++) nestedList = new object?[] { nestedList };
        yield return ("nested50", nestedList, "eval('[' * 50 + '1' + ']' * 50)");

        yield return ("double_1d", new[] { 1.0, 2.5 }, "np.array([1.0, 2.5], dtype='f8')");
        yield return ("int_2d", Grid(i => i), "np.arange(12, dtype='i4').reshape(3, 4)");
        yield return ("bool_2d", Grid(i => i % 3 == 0), "(np.arange(12) % 3 == 0).reshape(3, 4)");
        yield return ("sbyte_2d", Grid(i => (sbyte)(i - 5)), "(np.arange(12) - 5).astype('i1').reshape(3, 4)");
        yield return ("byte_2d", Grid(i => (byte)(i * 20)), "(np.arange(12) * 20).astype('u1').reshape(3, 4)");
        yield return ("short_2d", Grid(i => (short)(i - 5)), "(np.arange(12) - 5).astype('i2').reshape(3, 4)");
        yield return ("ushort_2d", Grid(i => (ushort)(i * 1000)), "(np.arange(12) * 1000).astype('u2').reshape(3, 4)");
        yield return ("uint_2d", Grid(i => (uint)i * 300000000u), "(np.arange(12) * 300000000).astype('u4').reshape(3, 4)");
        yield return ("long_2d", Grid(i => (long)i - 5), "(np.arange(12) - 5).astype('i8').reshape(3, 4)");
        yield return ("ulong_2d", Grid(i => (ulong)i << 60), "(np.arange(12, dtype='u8') << np.uint64(60)).reshape(3, 4)");
        yield return ("half_2d", Grid(i => (Half)(i * 0.5)), "(np.arange(12) * 0.5).astype('f2').reshape(3, 4)");
        yield return ("float_2d", Grid(i => i * 1.25f), "(np.arange(12) * 1.25).astype('f4').reshape(3, 4)");
        yield return ("double_2d", Grid(i => i * 0.1), "(np.arange(12) * 0.1).reshape(3, 4)");
        yield return ("complex_2d", Grid(i => new Complex(i, -i)), "(np.arange(12) - 1j * np.arange(12)).reshape(3, 4)");
        var cube = new double[2, 3, 4];
        for (var i = 0; i < 24; i++) cube[i / 12, i / 4 % 3, i % 4] = i;
        yield return ("double_3d", cube, "np.arange(24.0).reshape(2, 3, 4)");
        yield return ("empty_double", Array.Empty<double>(), "np.array([], dtype='f8')");
        yield return ("int_3x0", new int[3, 0], "np.zeros((3, 0), dtype='i4')");
        yield return ("ulong_1d", new[] { ulong.MaxValue }, "np.array([2**64 - 1], dtype='u8')");
        yield return ("dict_with_arrays", new Dictionary<string, object> { ["a"] = new[] { 1.0, 2.0 }, ["b"] = new List<object> { new[] { 1, 2 } } },
            "{'a': np.array([1.0, 2.0]), 'b': [np.array([1, 2], dtype='i4')]}");
    }

    private static T[,] Grid<T>(Func<int, T> at)
    {
        var grid = new T[3, 4];
        for (var i = 0; i < 12; i++) grid[i / 4, i % 4] = at(i);
        return grid;
    }

    [SkippableFact]
    public void Python_loads_every_case_as_the_expected_value()
    {
        var dir = PythonPeer.NewWorkDir();
        var cases = Cases().ToList();
        File.WriteAllLines(Path.Combine(dir, "cases.tsv"), cases.Select(c => $"{c.Name}\t{c.Python}"));
        foreach (var (name, value, _) in cases) File.WriteAllBytes(Path.Combine(dir, name + ".pkl"), PickleWriter.Write(value));

        var (code, stdout, stderr) = RunChecker(dir);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var failures = lines.Where(l => !l.StartsWith("OK ", StringComparison.Ordinal)).ToList();
        Assert.True(code == 0 && failures.Count == 0, $"{failures.Count} of {cases.Count} cases differ in Python:\n{string.Join("\n", failures)}\n{stderr}");
        Assert.Equal(cases.Count, lines.Count(l => l.StartsWith("OK ", StringComparison.Ordinal)));
    }

    /// <summary>The checker exits 1 when cases fail; that is reported per case above, not as a crash.</summary>
    private static (int, string, string) RunChecker(string dir)
    {
        PythonPeer.RequireNumpy();
        return PythonPeer.Execute(Path.Combine(PythonPeer.ScriptsDir, "pickle_check.py"), dir);
    }

    /// <summary>After one trip through writer and reader a value is in reader form; a second trip must not change it.</summary>
    [SkippableFact]
    public void Every_case_is_stable_through_our_own_reader()
    {
        foreach (var (name, value, _) in Cases())
        {
            var once = PickleReader.Read(PickleWriter.Write(value));
            var twice = PickleReader.Read(PickleWriter.Write(once));
            Assert.True(PickleDescriber.Describe(once) == PickleDescriber.Describe(twice), name);
        }
    }
}
