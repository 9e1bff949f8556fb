using System.Collections.Specialized;
using System.Numerics;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Values.Pickle;

namespace SciTex.Zarr.Tests.Pickle;

/// <summary>Broken input must end in a ZarrException (CorruptChunk for damage), never another exception or a crash.</summary>
public sealed class PickleRobustnessTests
{
    private static byte[][] Samples() =>
    [
        PickleWriter.Write(new OrderedDictionary
        {
            { "x", 1 }, { "y", new object?[] { 1.5, "héllo", null, new byte[] { 0, 255 } } },
            { "big", BigInteger.Pow(2, 70) }, { "set", new HashSet<int> { 1, 2 } }, { "t", (1, "a") },
        }),
        PickleWriter.Write(new double[,] { { 1, 2 }, { 3, 4 } }),
        PickleWriter.Write(new Complex(1, 2)),
        PickleWriter.Write(Enumerable.Range(0, 1500).ToList()),
    ];

    private static void Corrupt(byte[] pickle, string? fragment = null)
    {
        var e = Assert.Throws<ZarrException>(() => PickleReader.Read(pickle));
        Assert.True(e.Kind == ZarrErrorKind.CorruptChunk, $"expected CorruptChunk, got {e.Kind}: {e.Message}");
        if (fragment is not null) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Every_truncation_is_corrupt()
    {
        foreach (var sample in Samples())
            for (var length = 0; length < sample.Length; length++)
                Corrupt(sample[..length]);
    }

    [Fact]
    public void Random_damage_only_ever_raises_ZarrException()
    {
        var random = new Random(20240611);
        var samples = Samples();
        for (var round = 0; round < 20000; round++)
        {
            var damaged = (byte[])samples[round % samples.Length].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            try
            {
                PickleReader.Read(damaged);
            }
            catch (ZarrException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"round {round}: {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(damaged)}");
            }
        }
    }

    [Fact]
    public void Declared_lengths_beyond_the_input_are_corrupt_before_any_allocation()
    {
        Corrupt(new TestPickle(4).Op(0x8d).UInt64(1UL << 62).Stop(), "runs past the end");   // BINUNICODE8
        Corrupt(new TestPickle(4).Op(0x8e).UInt64(ulong.MaxValue).Stop(), "runs past the end"); // BINBYTES8
        Corrupt(new TestPickle(5).Op(0x96).UInt64(ulong.MaxValue / 2).Stop(), "runs past the end"); // BYTEARRAY8
        Corrupt(new TestPickle(3).Op('B').UInt32(uint.MaxValue).Stop(), "runs past the end");     // BINBYTES
        Corrupt(new TestPickle().Op('X').UInt32(0x7FFFFFFF).Stop(), "runs past the end");         // BINUNICODE
        Corrupt(new TestPickle().Op(0x8b).UInt32(0x7FFFFFFF).Stop(), "runs past the end");        // LONG4
        Corrupt(new TestPickle().Op(0x8b).UInt32(0xFFFFFFFF).Stop(), "negative length");          // LONG4 < 0
        Corrupt(new TestPickle().Op('T').UInt32(0x80000000).Stop(), "negative length");           // BINSTRING < 0
        Corrupt(new TestPickle(4).Op(0x95).UInt64(1UL << 40).Op('N').Stop(), "frame");            // FRAME
    }

    [Fact]
    public void Memo_misses_and_stack_underflows_are_corrupt()
    {
        Corrupt(new TestPickle().Op('h', 5).Stop(), "memo entry 5");
        Corrupt(new TestPickle().Op('j').UInt32(70000).Stop(), "memo entry 70000");
        Corrupt(new TestPickle(0).Op('g').Text("7\n").Stop(), "memo entry 7");
        Corrupt(new TestPickle().Op('q', 0).Stop(), "underflow");       // BINPUT on an empty stack
        Corrupt(new TestPickle().Op(']', 'a').Stop(), "underflow");     // APPEND without an item
        Corrupt(new TestPickle().Op(']', '(', 'a').Stop(), "underflow"); // the list is below the mark
        Corrupt(new TestPickle().Op('N', 0x87).Stop(), "underflow");    // TUPLE3 of one
        Corrupt(new TestPickle().Op('N', 't').Stop(), "MARK");          // TUPLE without MARK
        Corrupt(new TestPickle().Op('}', 'N', 's').Stop(), "underflow");
        Corrupt(new TestPickle().Op('.').Build(), "underflow");          // STOP on nothing
        Corrupt(new TestPickle().Op('R').Stop(), "underflow");
        Corrupt(new TestPickle().Op('N', 'N', 'R').Stop(), "not a tuple");
        Corrupt(new TestPickle().Op('N', 'N', 'a').Stop(), "not a list");
        Corrupt(new TestPickle().Op(0xff).Stop(), "unknown opcode 0xff");
        Corrupt(new TestPickle().Build(), "truncated");
        Corrupt(new TestPickle().Op('}', ']', 'N', 's').Stop(), "unhashable");
        Corrupt(new TestPickle().Op('X').UInt32(2).Op(0xff, 0xfe).Stop(), "UTF-8");
    }

    [Fact]
    public void Deep_nesting_reads_without_recursion()
    {
        const int depth = 200_000;
        var lists = new TestPickle(4);
        for (var i = 0; i < depth; i++) lists.Op(']');
        for (var i = 1; i < depth; i++) lists.Op('a');
        object? value = PickleReader.Read(lists.Stop());
        var seen = 0;
        while (value is object?[] { Length: > 0 } items) { value = items[0]; seen++; }
        Assert.Equal(depth - 1, seen);

        var tuples = new TestPickle(4).Op('N');
        for (var i = 0; i < depth; i++) tuples.Op(0x85);
        value = PickleReader.Read(tuples.Stop());
        seen = 0;
        while (value is object?[] items) { value = items[0]; seen++; }
        Assert.Equal(depth, seen);
    }

    [Fact]
    public void Shared_and_cyclic_references_stay_shared()
    {
        // l = []; l.append(l)
        var cyclic = (object?[])PickleReader.Read(new TestPickle().Op(']', 'q', 0, 'h', 0, 'a').Stop())!;
        Assert.Same(cyclic, cyclic[0]);

        // x = [1]; [x, x]
        var shared = (object?[])PickleReader.Read(new TestPickle().Op(']', '(').Op(']', 'q', 0, 'K', 1, 'a', 'h', 0, 'e').Stop())!;
        Assert.Same(shared[0], shared[1]);
        Assert.Equal(new object?[] { 1L }, (object?[])shared[0]!);
    }
}
