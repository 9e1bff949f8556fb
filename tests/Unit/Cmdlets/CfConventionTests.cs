using System.Text.Json.Nodes;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>Import-Zarr/Get-ZarrSlice -DecodeCF and Save-Zarr -CFTime (docs/xarray.md, "CF conventions").</summary>
public class CfConventionTests
{
    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void ScaledIntegersWithFillValueDecodeToDoublesAndNaN(int format)
    {
        using var s = new PsSession();
        var output = s.Ok($$"""
            Save-Zarr "$T/s" -InputObject @{ t = [int16[]](0, 4, -32768, -8) } -ZarrFormat {{format}}
            Set-ZarrAttribute "$T/s" -Key t -Attributes @{ scale_factor = 0.25; add_offset = 10; _FillValue = -32768; long_name = 'temp' }
            $raw = Import-Zarr "$T/s" -Key t
            $cf = Import-Zarr "$T/s" -Key t -DecodeCF
            $slice = Get-ZarrSlice "$T/s" -Key t '1:3' -DecodeCF
            [pscustomobject]@{ Raw = $raw; Cf = $cf; Attributes = @($cf.ZarrAttributes.Keys); Slice = $slice }
            """);
        var r = Assert.Single(output);
        Assert.Equal(new short[] { 0, 4, -32768, -8 }, Assert.IsType<short[]>(r.Properties["Raw"].Value is System.Management.Automation.PSObject p ? p.BaseObject : r.Properties["Raw"].Value));
        var cf = Assert.IsType<double[]>(((System.Management.Automation.PSObject)r.Properties["Cf"].Value).BaseObject);
        Assert.Equal([10.0, 11.0, double.NaN, 8.0], cf);
        Assert.Equal(["long_name"], ((object[])r.Properties["Attributes"].Value).Cast<string>());
        Assert.Equal([11.0, double.NaN], Assert.IsType<double[]>(((System.Management.Automation.PSObject)r.Properties["Slice"].Value).BaseObject));
    }

    [Fact]
    public void MissingValueMasksFloatsKeepingTheirType()
    {
        using var s = new PsSession();
        var cf = s.One<float[]>("""
            Save-Zarr "$T/s" -InputObject @{ f = [float[]](1.5, -999, 2) }
            Set-ZarrAttribute "$T/s" -Key f -Attributes @{ missing_value = -999 }
            ,(Import-Zarr "$T/s" -Key f -DecodeCF)
            """);
        Assert.Equal([1.5f, float.NaN, 2f], cf);
    }

    [Theory]
    [InlineData("days since 2000-01-01", null, "[int[]](0, 1, 31)", "2000-01-01,2000-01-02,2000-02-01")]
    [InlineData("hours since 2000-01-01 06:00:00", "gregorian", "[double[]](0, 1.5, 24)", "2000-01-01T06:00,2000-01-01T07:30,2000-01-02T06:00")]
    [InlineData("seconds since 1970-01-01T00:00:00Z", "proleptic_gregorian", "[long[]](0, 86400)", "1970-01-01,1970-01-02")]
    [InlineData("minutes since 2010-06-01 00:00:00 UTC", "standard", "[int[]](90)", "2010-06-01T01:30")]
    public void TimeUnitsDecodeToUtcDateTimes(string units, string? calendar, string values, string expected)
    {
        using var s = new PsSession();
        var output = s.Ok($$"""
            Save-Zarr "$T/s" -InputObject @{ t = {{values}} }
            $a = @{ units = '{{units}}' }{{(calendar is null ? "" : $"; $a.calendar = '{calendar}'")}}
            Set-ZarrAttribute "$T/s" -Key t -Attributes $a
            $t = Import-Zarr "$T/s" -Key t -DecodeCF
            [pscustomobject]@{ T = $t; Attributes = @($t.ZarrAttributes.Keys) }
            """);
        var r = Assert.Single(output);
        var times = Assert.IsType<DateTime[]>(((System.Management.Automation.PSObject)r.Properties["T"].Value).BaseObject);
        Assert.Equal(expected.Split(',').Select(e => DateTime.SpecifyKind(DateTime.Parse(e, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)), times);
        Assert.All(times, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        Assert.Empty((object[])r.Properties["Attributes"].Value);
    }

    [Theory]
    [InlineData("days since 2000-01-01", "noleap")]
    [InlineData("days since 1500-01-01", "standard")]
    [InlineData("fortnights since 2000-01-01", null)]
    [InlineData("degC", null)]
    public void UnitsThatAreNotDecodedKeepTheNumbers(string units, string? calendar)
    {
        using var s = new PsSession();
        var raw = s.One<int[]>($$"""
            Save-Zarr "$T/s" -InputObject @{ t = [int[]](0, 1) }
            $a = @{ units = '{{units}}' }{{(calendar is null ? "" : $"; $a.calendar = '{calendar}'")}}
            Set-ZarrAttribute "$T/s" -Key t -Attributes $a
            ,(Import-Zarr "$T/s" -Key t -DecodeCF)
            """);
        Assert.Equal([0, 1], raw);
    }

    [Fact]
    public void WithoutDecodeCFValuesStayRaw()
    {
        using var s = new PsSession();
        var raw = s.One<int[]>("""
            Save-Zarr "$T/s" -InputObject @{ t = [int[]](0, 1) }
            Set-ZarrAttribute "$T/s" -Key t -Attributes @{ units = 'days since 2000-01-01'; scale_factor = 2 }
            ,(Import-Zarr "$T/s" -Key t)
            """);
        Assert.Equal([0, 1], raw);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void CFTimeStoresCountsAndDecodesBackExactly(int format)
    {
        using var s = new PsSession();
        var output = s.Ok($$"""
            $days = [datetime[]]@([datetime]::new(2000, 1, 1, 0, 0, 0, [DateTimeKind]::Utc), [datetime]::new(2000, 1, 3, 0, 0, 0, [DateTimeKind]::Utc))
            $fine = [datetime[]]@([datetime]::new(2024, 5, 6, 7, 8, 9, [DateTimeKind]::Utc).AddTicks(1234567), [datetime]::new(1970, 1, 1, 0, 0, 0, [DateTimeKind]::Utc))
            $gaps = [Nullable[datetime][]]@([datetime]::new(2001, 1, 1, 0, 0, 0, [DateTimeKind]::Utc), $null)
            Save-Zarr "$T/s" -InputObject @{ days = $days; fine = $fine; gaps = $gaps } -CFTime -ZarrFormat {{format}}
            [pscustomobject]@{
                Raw = Import-Zarr "$T/s" -Key days; Days = Import-Zarr "$T/s" -Key days -DecodeCF
                Fine = Import-Zarr "$T/s" -Key fine -DecodeCF; Gaps = Import-Zarr "$T/s" -Key gaps -DecodeCF
                Units = (Get-ZarrTree "$T/s" -Key fine).Attributes.units
            }
            """);
        var r = Assert.Single(output);
        object Base(string name) => ((System.Management.Automation.PSObject)r.Properties[name].Value).BaseObject;
        Assert.Equal(new long[] { 10957, 10959 }, Assert.IsType<long[]>(Base("Raw")));
        Assert.Equal([Utc(2000, 1, 1), Utc(2000, 1, 3)], Assert.IsType<DateTime[]>(Base("Days")));
        Assert.Equal([Utc(2024, 5, 6, 7, 8, 9).AddTicks(1234567), Utc(1970, 1, 1)], Assert.IsType<DateTime[]>(Base("Fine")));
        Assert.Equal("nanoseconds since 1970-01-01", r.Properties["Units"].Value);
        Assert.Equal(new DateTime?[] { Utc(2001, 1, 1), null }, Assert.IsType<DateTime?[]>(Base("Gaps")));
        var meta = format == 3 ? "zarr.json" : ".zattrs";
        var attributes = JsonNode.Parse(File.ReadAllText(s.P("s", "days", meta)))!.AsObject();
        if (format == 3) attributes = attributes["attributes"]!.AsObject();
        Assert.Equal("days since 1970-01-01", attributes["units"]!.GetValue<string>());
        Assert.Equal("proleptic_gregorian", attributes["calendar"]!.GetValue<string>());
    }
}
