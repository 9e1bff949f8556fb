using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>Save-Zarr then Import-Zarr gives back the same .NET type, rank, shape and values (docs/type-mapping.md).</summary>
public class RoundTripTests
{
    public static readonly Dictionary<string, string> Values = new()
    {
        ["double2d"] = "$v = [double[,]]::new(3,4); for($i=0;$i -lt 3;$i++){for($j=0;$j -lt 4;$j++){$v[$i,$j]=$i*10+$j+0.5}}",
        ["float2d"] = "$v = [float[,]]::new(2,5); for($i=0;$i -lt 2;$i++){for($j=0;$j -lt 5;$j++){$v[$i,$j]=$i-$j/4}}",
        ["int3d"] = "$v = [int[,,]]::new(2,3,4); for($i=0;$i -lt 24;$i++){ $v[[int][Math]::Floor($i/12), ([int][Math]::Floor($i/4) % 3), ($i % 4)] = $i * 7 - 50 }",
        ["int1d"] = "$v = [int[]](1, 2, 3, -4)",
        ["long"] = "$v = [long]1234567890123",
        ["int"] = "$v = [int]42",
        ["double"] = "$v = [double]3.25",
        ["bool"] = "$v = $true",
        ["string"] = "$v = 'héllo wörld'",
        ["stringArray"] = "$v = [string[]]('a', 'bc', '', 'ünï')",
        ["byteArray"] = "$v = [byte[]](0, 1, 255)",
        ["half"] = "$v = [Half]1.5",
        ["complexArray"] = "$v = [System.Numerics.Complex[]]@([System.Numerics.Complex]::new(1,2), [System.Numerics.Complex]::new(-3,0.5))",
        ["sbyteArray"] = "$v = [sbyte[]](-128, 0, 127)",
        ["uint16Array"] = "$v = [uint16[]](0, 65535)",
        ["uint64Array"] = "$v = [uint64[]](0, [uint64]::MaxValue)",
        ["objectInts"] = "$v = @(1, 2, 3)",
        ["mixed"] = "$v = @(1, 'a', $null)",
        ["mixedWidths"] = "$v = @([int16]-2, [float]1.5, [uint64]::MaxValue, [long]7, 2.25, [char]'x', $true, 'text')",
        ["null"] = "$v = $null",
        ["dateTime"] = "$v = [datetime]::new(2024, 5, 6, 7, 8, 9, [DateTimeKind]::Utc).AddTicks(1234567)",
        ["dateTimeArray"] = "$v = [datetime[]]@([datetime]::new(1, 1, 1), [datetime]::new(1970, 1, 1).AddTicks(-1), [datetime]::new(9999, 12, 31, 23, 59, 59))",
        ["timeSpanArray"] = "$v = [timespan[]]@([timespan]::FromTicks(7), [timespan]::FromDays(-3.5), [timespan]::Zero)",
    };

    public static IEnumerable<object[]> Cases() =>
        from name in Values.Keys from format in new[] { 3, 2 } select new object[] { name, format };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValueRoundTrips(string name, int format)
    {
        using var s = new PsSession();
        var output = s.Ok(Values[name] + $$"""

            Save-Zarr -Path "$T/s" -InputObject @{ v = $v } -ZarrFormat {{format}}
            $r = Import-Zarr -Path "$T/s" -Key v
            [pscustomobject]@{ In = $v; Out = $r }
            """);
        var pair = Assert.Single(output);
        var expected = Unwrap(pair.Properties["In"].Value);
        var actual = Unwrap(pair.Properties["Out"].Value);
        AssertSame(expected, actual);
    }

    [Fact]
    public void ObjectArrayOfIntsStaysObjectArrayOfInt32()
    {
        using var s = new PsSession();
        var r = s.One<object[]>("Save-Zarr -Path \"$T/s\" -InputObject @{ v = @(1,2,3) }; ,(Import-Zarr -Path \"$T/s\" -Key v)");
        Assert.Equal(new object[] { 1, 2, 3 }, r.Select(Unwrap));
        Assert.All(r, x => Assert.IsType<int>(Unwrap(x)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void NestedHashtablesBecomeGroupsWithSortedKeys(int format)
    {
        using var s = new PsSession();
        var root = s.Ok($$"""
            $d = @{ zeta = @{ b = 1; a = 'x' }; alpha = [double[]](1.5, 2.5); mid = @{ deep = @{ n = [int[]](7) } } }
            Save-Zarr -Path "$T/s" -InputObject $d -ZarrFormat {{format}}
            Import-Zarr -Path "$T/s"
            """).Single();
        // A Hashtable's order is arbitrary, so none is recorded: members come back sorted by name, as zarr-python lists them
        // ([ordered] input keeps its order: AsHashtableReturnsOrderedDictionaries).
        Assert.Equal(["alpha", "mid", "zeta"], root.Properties.Where(p => p is PSNoteProperty && p.Name != "ZarrAttributes" && p.Name != "ZarrKey").Select(p => p.Name));
        var zeta = (PSObject)root.Properties["zeta"].Value;
        Assert.Equal(["a", "b"], zeta.Properties.Select(p => p.Name));
        Assert.Equal(1, Unwrap(zeta.Properties["b"].Value));
        Assert.Equal("x", Unwrap(zeta.Properties["a"].Value));
        Assert.Equal(new[] { 1.5, 2.5 }, Unwrap(root.Properties["alpha"].Value));
        var deep = (PSObject)((PSObject)root.Properties["mid"].Value).Properties["deep"].Value;
        Assert.Equal(new[] { 7 }, Unwrap(deep.Properties["n"].Value));
        Assert.True(Directory.Exists(s.P("s", "mid", "deep")));
    }

    [Fact]
    public void NullGroupMemberComesBackNull()
    {
        using var s = new PsSession();
        var o = s.Ok("Save-Zarr -Path \"$T/s\" -InputObject @{ n = $null; k = 1 }; $x = Import-Zarr -Path \"$T/s\"; $null -eq $x.n; $x.k");
        Assert.Equal([true, 1], o.Select(x => x.BaseObject));
    }

    [Fact]
    public void PSCustomObjectInputBecomesGroup()
    {
        using var s = new PsSession();
        var o = s.Ok("""
            Save-Zarr -Path "$T/s" -InputObject ([pscustomobject]@{ name = 'probe'; gain = 2.5; ch = [int[]](1,2) })
            $x = Import-Zarr -Path "$T/s"
            $x.name; $x.gain; ,$x.ch
            """);
        Assert.Equal("probe", o[0].BaseObject);
        Assert.Equal(2.5, o[1].BaseObject);
        Assert.Equal(new[] { 1, 2 }, o[2].BaseObject);
    }

    [Fact]
    public void AsHashtableReturnsOrderedDictionaries()
    {
        using var s = new PsSession();
        var r = s.One<OrderedDictionary>("""
            Save-Zarr -Path "$T/s" -InputObject ([ordered]@{ b = [ordered]@{ y = 1; x = 2 }; a = 'z' })
            Import-Zarr -Path "$T/s" -AsHashtable
            """);
        // [ordered] input comes back in its saved order (recorded in _member_order).
        Assert.Equal(["b", "a"], r.Keys.Cast<string>());
        var b = Assert.IsType<OrderedDictionary>(Unwrap(r["b"]));
        Assert.Equal(["y", "x"], b.Keys.Cast<string>());
        Assert.Equal("z", Unwrap(r["a"]));
    }

    internal static object? Unwrap(object? o) => o is PSObject ps ? ps.BaseObject : o;

    internal static void AssertSame(object? expected, object? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual!.GetType());
        if (expected is Array e)
        {
            var a = (Array)actual;
            Assert.Equal(e.Rank, a.Rank);
            for (var d = 0; d < e.Rank; d++) Assert.Equal(e.GetLength(d), a.GetLength(d));
            // Items compare with their types: a pickled (mixed) list keeps Int32 items Int32.
            Assert.Equal(e.Cast<object?>().Select(x => (Unwrap(x), Unwrap(x)?.GetType())), a.Cast<object?>().Select(x => (Unwrap(x), Unwrap(x)?.GetType())));
        }
        else Assert.Equal(expected, actual);
    }
}
