using System.Collections;
using System.Collections.Specialized;
using System.Numerics;
using SciTex.Zarr.Engine.Values.Pickle;

namespace SciTex.Zarr.Tests.Pickle;

/// <summary>Small hand-made pickles for the mapping rules; the full matrix runs against Python in PythonToDotNetTests.</summary>
public sealed class PickleReaderTests
{
    [Fact]
    public void None_as_SciTeX_stores_it() => Assert.Null(PickleReader.Read(new byte[] { 0x80, 0x04, 0x4E, 0x2E }));

    [Fact]
    public void Protocol_0_text_opcodes()
    {
        // pickle.dumps([1, True, 2**70, 1.5, 'é', float('nan')], protocol=0)
        var text = "(lp0\nI1\naI01\naL1180591620717411303424L\naF1.5\naV\\u00e9\np1\naFnan\na.";
        var items = (object?[])PickleReader.Read(System.Text.Encoding.Latin1.GetBytes(text))!;
        Assert.Equal(1L, items[0]);
        Assert.Equal(true, items[1]);
        Assert.Equal(BigInteger.Pow(2, 70), items[2]);
        Assert.Equal(1.5, items[3]);
        Assert.Equal("é", items[4]);
        Assert.True(double.IsNaN((double)items[5]!));
    }

    [Fact]
    public void Ints_narrow_to_long_and_widen_to_BigInteger()
    {
        Assert.Equal(long.MaxValue, PickleReader.Read(PickleWriter.Write(long.MaxValue)));
        Assert.Equal(long.MinValue, PickleReader.Read(PickleWriter.Write(long.MinValue)));
        Assert.Equal(new BigInteger(ulong.MaxValue), PickleReader.Read(PickleWriter.Write(ulong.MaxValue)));
        Assert.IsType<long>(PickleReader.Read(PickleWriter.Write((byte)7)));
    }

    [Fact]
    public void Dicts_keep_insertion_order_and_map_a_None_key_to_DBNull()
    {
        // {'b': 1, None: 2, 'a': 3}
        var dict = (OrderedDictionary)PickleReader.Read(new TestPickle().Op('}', '(').Str("b").Int(1).Op('N').Int(2).Str("a").Int(3).Op('u').Stop())!;
        Assert.Equal(new object[] { "b", DBNull.Value, "a" }, dict.Keys.Cast<object>());
        Assert.Equal(2L, dict[DBNull.Value]);
    }

    [Fact]
    public void Tuples_come_back_as_arrays_and_sets_as_HashSets()
    {
        Assert.Equal(new object?[] { 1L, "a" }, PickleReader.Read(PickleWriter.Write((1, "a"))));
        var set = Assert.IsType<HashSet<object?>>(PickleReader.Read(PickleWriter.Write(new HashSet<string> { "x", "y" })));
        Assert.True(set.SetEquals(new object?[] { "x", "y" }));
    }

    [Fact]
    public void Numpy_arrays_keep_rank_and_element_type()
    {
        var grid = new int[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        Assert.Equal(grid, PickleReader.Read(PickleWriter.Write(grid)));
        var complexes = new[] { new Complex(1, -1) };
        Assert.Equal(complexes, PickleReader.Read(PickleWriter.Write(complexes)));
        Assert.Equal(new Complex(3, 4), PickleReader.Read(PickleWriter.Write(new Complex(3, 4))));
        Assert.Equal(new[] { true, false }, PickleReader.Read(PickleWriter.Write(new[] { true, false })));
        Assert.IsType<Half[,]>(PickleReader.Read(PickleWriter.Write(new Half[2, 2])));
    }

    [Fact]
    public void Lone_surrogates_survive_like_Pythons_surrogatepass()
    {
        Assert.Equal("a\ud800b", PickleReader.Read(PickleWriter.Write("a\ud800b")));
        Assert.Equal("\udfff", PickleReader.Read(PickleWriter.Write("\udfff")));
    }

    [Fact]
    public void Large_containers_round_trip_in_batches()
    {
        var list = (object?[])PickleReader.Read(PickleWriter.Write(Enumerable.Range(0, 2345).ToArray().Cast<object>().ToList()))!;
        Assert.Equal(2345, list.Length);
        var dict = (IDictionary)PickleReader.Read(PickleWriter.Write(Enumerable.Range(0, 2345).ToDictionary(i => i, i => -i)))!;
        Assert.Equal(-2344L, dict[2344L]);
    }
}
