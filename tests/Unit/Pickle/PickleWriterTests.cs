using System.Collections;
using System.Numerics;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Values.Pickle;

namespace SciTex.Zarr.Tests.Pickle;

public sealed class PickleWriterTests
{
    [Theory]
    [InlineData(null, "80044e2e")]
    [InlineData(true, "8004882e")]
    [InlineData(255, "80044bff2e")]
    [InlineData(65535, "80044dffff2e")]
    [InlineData(-1, "80044affffffff2e")]
    [InlineData(2147483648L, "80048a0500000080002e")]
    [InlineData(1.5, "800447" + "3ff8000000000000" + "2e")]
    [InlineData("ab", "80048c0261622e")]
    public void Scalars_use_CPythons_opcodes(object? value, string hex) =>
        Assert.Equal(hex, Convert.ToHexString(PickleWriter.Write(value)).ToLowerInvariant());

    [Fact]
    public void Bytes_and_long_strings_switch_to_the_long_forms()
    {
        var bytes = PickleWriter.Write(new byte[300]);
        Assert.Equal((byte)'B', bytes[2]);
        Assert.Equal(0x58, PickleWriter.Write(new string('x', 256))[2]); // BINUNICODE
    }

    public static IEnumerable<object[]> Unsupported() =>
    [
        [DateTime.UnixEpoch, "System.DateTime"],
        [TimeSpan.Zero, "System.TimeSpan"],
        [Guid.Empty, "System.Guid"],
        [new object(), "System.Object"],
        [DayOfWeek.Monday, "System.DayOfWeek"],
        [new string[2, 2], "System.String[,]"],
    ];

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Unsupported_types_are_named(object value, string typeName)
    {
        var e = Assert.Throws<ZarrException>(() => PickleWriter.Write(value));
        Assert.Equal(ZarrErrorKind.UnsupportedValue, e.Kind);
        Assert.Contains(typeName, e.Message);
        Assert.Contains("supported:", e.Message);
    }

    [Fact]
    public void Cycles_unhashable_keys_and_excessive_depth_are_refused()
    {
        var cycle = new List<object?>();
        cycle.Add(cycle);
        Assert.Contains("reference cycle", Assert.Throws<ZarrException>(() => PickleWriter.Write(cycle)).Message);

        var listKey = new Hashtable { [new List<int> { 1 }] = 1 };
        Assert.Contains("unhashable", Assert.Throws<ZarrException>(() => PickleWriter.Write(listKey)).Message);

        object deep = 1;
        for (var i = 0; i < 1001; i++) deep = new object?[] { deep };
        Assert.Equal(ZarrErrorKind.UnsupportedValue, Assert.Throws<ZarrException>(() => PickleWriter.Write(deep)).Kind);
    }

    [Fact]
    public void Shared_references_are_written_twice_not_refused()
    {
        var shared = new object?[] { 1 };
        var back = (object?[])PickleReader.Read(PickleWriter.Write(new object?[] { shared, shared }))!;
        Assert.Equal(back[0], back[1]);
    }

    [Fact]
    public void Decimal_and_Half_become_Python_floats()
    {
        Assert.Equal(0.1, PickleReader.Read(PickleWriter.Write(0.1m)));
        Assert.Equal(0.5, PickleReader.Read(PickleWriter.Write((Half)0.5)));
        Assert.Equal(BigInteger.Pow(2, 100), PickleReader.Read(PickleWriter.Write(BigInteger.Pow(2, 100))));
    }
}
