using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Text.Json.Nodes;
using SciTex.Zarr.Tests.Cmdlets;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>
/// xarray (Debian's 2023.01 over zarr-python 2.13, tests/Interop/python/xarray_check.py) opens what Save-Zarr writes
/// with the same values, dims and attributes, and what xarray's to_zarr writes imports here with -DecodeCF as the same
/// DateTimes, scaled doubles and NaNs (docs/xarray.md).
/// </summary>
public class XarrayInteropTests
{
    private static JsonObject Xarray(params string[] args)
    {
        PeerGate.RequireXarray();
        return JsonNode.Parse(Peers.RunPython(["xarray_check.py", .. args]))!.AsObject();
    }

    private static object? Base(object? v) => v is PSObject p ? p.BaseObject : v;

    /// <summary>A .NET value as xarray_check.py prints values: flat (C order), NaN as "NaN", complex [re, im], times in 100 ns ticks.</summary>
    private static List<object?> Flat(object? value)
    {
        value = Base(value);
        var items = value is Array array ? array.Cast<object?>().Select(Base) : [value];
        return items.Select(item => item switch
        {
            DateTime d => (object?)(d.Ticks - DateTime.UnixEpoch.Ticks),
            TimeSpan t => t.Ticks,
            Complex c => new[] { c.Real, c.Imaginary },
            Half h => (double)h,
            float f => (double)f,
            _ => item,
        }).ToList();
    }

    private static void AssertValues(List<object?> expected, JsonArray actual, string name)
    {
        Assert.True(expected.Count == actual.Count, $"{name}: {expected.Count} values here, {actual.Count} in xarray");
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            var where = $"{name}[{i}]: expected {e}, xarray has {a?.ToJsonString()}";
            switch (e)
            {
                case null: Assert.True(a is null, where); break;
                case double d when double.IsNaN(d): Assert.True(a?.GetValue<string>() == "NaN", where); break;
                case double d: Assert.True(a is JsonValue && a.GetValue<double>() == d, where); break;
                case double[] c: Assert.True(a is JsonArray pair && pair[0]!.GetValue<double>() == c[0] && pair[1]!.GetValue<double>() == c[1], where); break;
                case bool b: Assert.True(a is JsonValue && a.GetValue<bool>() == b, where); break;
                case string s: Assert.True(a is JsonValue && a.GetValue<string>() == s, where); break;
                default: Assert.True(a?.ToJsonString() == Convert.ToString(e, CultureInfo.InvariantCulture), where); break;
            }
        }
    }

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    private const string Dataset = """
        $time = [datetime[]]@([datetime]::new(2000, 1, 1, 0, 0, 0, [DateTimeKind]::Utc), [datetime]::new(2000, 1, 1, 6, 0, 0, [DateTimeKind]::Utc),
                              [datetime]::new(2000, 1, 2, 0, 0, 0, [DateTimeKind]::Utc), [datetime]::new(2000, 1, 3, 0, 0, 0, [DateTimeKind]::Utc))
        $temperature = [double[,]]::new(4, 3)
        for ($i = 0; $i -lt 4; $i++) { for ($j = 0; $j -lt 3; $j++) { $temperature[$i, $j] = $i * 10 + $j - 5 } }
        $temperature[1, 2] = [double]::NaN
        $data = [ordered]@{ temperature = $temperature; time = $time; channel = [string[]]('a', 'b', 'c'); height = [double[]](0, 2, 4); counts = [int[]](0, 0, 3, -1) }
        """;

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void XarrayOpensWhatSaveZarrWrites(bool consolidated)
    {
        using var s = new PsSession();
        var store = s.P("s.zarr");
        var cases = string.Join("\n", RoundTripTests.Values.Select(c => $"{c.Value}; $cases['{c.Key}'] = $v"));
        var output = s.Ok(Dataset + $$"""

            Save-Zarr "$T/s.zarr" -InputObject $data -ZarrFormat 2 -CFTime -Attributes @{ title = 'SciTex.Zarr → xarray'; version = 3 } `
                -DimensionNames @{ temperature = 'time', 'channel'; height = ,'channel'; counts = ,'time' } {{(consolidated ? "-Consolidate" : "")}}
            Set-ZarrAttribute "$T/s.zarr" -Key temperature -Attributes @{ units = 'degC'; long_name = 'air temperature' }
            $cases = [ordered]@{}
            {{cases}}
            Save-Zarr "$T/s.zarr" -Key types -InputObject $cases
            ,$data
            ,$cases
            """);
        var data = (IDictionary)output[0].BaseObject;
        var typeValues = (IDictionary)output[1].BaseObject;

        var ds = Xarray("dump", store, consolidated ? "1" : "0");
        Assert.Equal(4, ds["dims"]!["time"]!.GetValue<int>());
        Assert.Equal(3, ds["dims"]!["channel"]!.GetValue<int>());
        Assert.Equal(2, ds["dims"]!.AsObject().Count);
        Assert.Equal(["channel", "time"], Strings(ds["indexes"]));
        Assert.Equal("SciTex.Zarr → xarray", ds["attrs"]!["title"]!.GetValue<string>());
        Assert.Equal(3, ds["attrs"]!["version"]!.GetValue<int>());
        var variables = ds["variables"]!.AsObject();
        Assert.Equal(["channel", "counts", "height", "temperature", "time"], variables.Select(v => v.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["time", "channel"], Strings(variables["temperature"]!["dims"]));
        Assert.Equal(["channel"], Strings(variables["height"]!["dims"]));
        Assert.Equal("degC", variables["temperature"]!["attrs"]!["units"]!.GetValue<string>());
        Assert.Equal("air temperature", variables["temperature"]!["attrs"]!["long_name"]!.GetValue<string>());
        // -CFTime: xarray decodes the int64 counts as datetime64, the same instants.
        Assert.Equal("datetime64[ns]", variables["time"]!["dtype"]!.GetValue<string>());
        Assert.Equal("float64", variables["temperature"]!["dtype"]!.GetValue<string>());
        Assert.Equal("int32", variables["counts"]!["dtype"]!.GetValue<string>());
        foreach (DictionaryEntry entry in data)
            AssertValues(Flat(entry.Value), variables[(string)entry.Key]!["values"]!.AsArray(), (string)entry.Key);

        // Every value of the type-mapping table, in one group: it opens, and each array has the values saved.
        var types = Xarray("dump", store, consolidated ? "1" : "0", "types")["variables"]!.AsObject();
        Assert.Equal(RoundTripTests.Values.Keys.Order(StringComparer.Ordinal), types.Select(v => v.Key).Order(StringComparer.Ordinal));
        foreach (DictionaryEntry entry in typeValues)
        {
            var name = (string)entry.Key;
            var variable = types[name]!;
            if (variable["attrs"]!["_type"]?.GetValue<string>() == "pickled")
            {
                // $null and mixed lists are SciTeX pickles: xarray sees their bytes.
                Assert.Equal("uint8", variable["dtype"]!.GetValue<string>());
                continue;
            }
            var value = Base(entry.Value);
            Assert.Equal(value is Array a ? a.Rank : 0, variable["dims"]!.AsArray().Count);
            AssertValues(Flat(value is object[] objects ? objects.Select(Base).ToArray() : value), variable["values"]!.AsArray(), name);
        }
    }

    [SkippableFact]
    public void XarrayDatasetImportsWithDecodeCF()
    {
        using var s = new PsSession();
        var store = s.P("ref.zarr");
        var reference = Xarray("write", store)["variables"]!.AsObject();
        var output = s.Ok("""
            $ds = Import-Zarr "$T/ref.zarr" -DecodeCF
            $raw = Import-Zarr "$T/ref.zarr" -Key time
            $tree = Get-ZarrTree "$T/ref.zarr" | Where-Object NodeType -eq Array
            ,$ds
            ,$raw
            $tree | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Dims = $_.Dimensions; Attributes = @($_.Attributes.Keys) } }
            """);
        var ds = output[0];
        foreach (var (name, variable) in reference)
        {
            var member = ds.Properties[name].Value;
            AssertValues(Flat(member), variable!["values"]!.AsArray(), name);
            Assert.Equal(Strings(variable["dims"]), ((object[])((PSObject)member).Properties["ZarrDimensions"].Value).Cast<string>());
            var attributes = (System.Collections.Specialized.OrderedDictionary)((PSObject)member).Properties["ZarrAttributes"].Value;
            foreach (var (key, expected) in variable["attrs"]!.AsObject())
                Assert.Equal(expected!.GetValue<string>(), attributes[key]);
        }
        // The CF time coordinate: DateTimes (UTC), the scaled int16: doubles with NaN where _FillValue was stored.
        var time = Assert.IsType<DateTime[]>(Base(ds.Properties["time"].Value));
        Assert.Equal(new DateTime(2000, 1, 1, 6, 0, 0, DateTimeKind.Utc), time[1]);
        var temperature = Assert.IsType<double[,]>(Base(ds.Properties["temperature"].Value));
        Assert.True(double.IsNaN(temperature[0, 2]));
        Assert.Equal(12.75, temperature[2, 2]);
        // Decoding is opt-in: without -DecodeCF the stored counts come back.
        Assert.Equal(new long[] { 0, 6, 24, 10284 }, Assert.IsType<long[]>(output[1].BaseObject));
        var tree = output.Skip(2).ToDictionary(o => (string)o.Properties["Name"].Value, o => o);
        Assert.Equal(["time", "channel"], ((object[])tree["temperature"].Properties["Dims"].Value).Cast<string>());
        Assert.DoesNotContain("_ARRAY_DIMENSIONS", ((object[])tree["temperature"].Properties["Attributes"].Value).Cast<string>());
    }
}

/// <summary>examples/xarray.ps1 with xarray present: both halves run (ExampleScriptTests also runs it, without requiring python).</summary>
public class XarrayExampleTests
{
    [SkippableFact]
    public void XarrayExampleRunsBothDirections()
    {
        PeerGate.RequireXarray();
        using var s = new PsSession();
        var text = string.Join("\n", s.Ok($"""
            $ErrorActionPreference = 'Stop'
            & '{Path.Combine(Peers.RepoRoot, "examples", "xarray.ps1")}' -OutputFolder "$T/ex" -Python '{PeerGate.Python}' *>&1 | Out-String -Width 200
            """).Select(o => o.ToString()));
        Assert.Contains("xarray opens it:", text);
        Assert.Contains("* time         (time) datetime64[ns]", text);
        Assert.Contains("temperature at 2024-01-01T06:00, harbour: 20.5", text);
        Assert.Contains("-DecodeCF: day = 2024-03-01, 2024-03-02; rainfall = 0, 1.25, NaN, 3.5, 0, 2.75 (Double[,])", text);
        Assert.Contains("rainfall dimensions: (day, gauge)", text);
    }
}
