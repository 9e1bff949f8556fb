using System.Management.Automation;
using System.Text.Json.Nodes;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>Dimension names end to end: Save-Zarr -DimensionNames, automatic names, Get-ZarrTree, Import-Zarr, Get-ZarrSlice (docs/xarray.md).</summary>
public class DimensionTests
{
    private static JsonObject Json(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    private static string[] Names(object? value) => ((object?[])value!).Select(v => (string)v!).ToArray();

    [Fact]
    public void V3WritesDimensionNamesAndV2WritesArrayDimensions()
    {
        using var s = new PsSession();
        s.Ok("""
            $d = @{ temperature = [double[,]]::new(3, 4); time = [double[]](0, 1, 2) }
            Save-Zarr "$T/v3" -InputObject $d -DimensionNames @{ temperature = 'time', 'channel' }
            Save-Zarr "$T/v2" -InputObject $d -DimensionNames @{ temperature = 'time', 'channel' } -ZarrFormat 2
            """);
        var v3 = Json(s.P("v3", "temperature", "zarr.json"));
        Assert.Equal(["time", "channel"], Strings(v3["dimension_names"]));
        Assert.False(v3["attributes"]!.AsObject().ContainsKey("_ARRAY_DIMENSIONS"));
        Assert.Equal(["time"], Strings(Json(s.P("v3", "time", "zarr.json"))["dimension_names"]));
        Assert.Equal(["time", "channel"], Strings(Json(s.P("v2", "temperature", ".zattrs"))["_ARRAY_DIMENSIONS"]));
        // The 1-D array named like a dimension of its length is that dimension's coordinate.
        Assert.Equal(["time"], Strings(Json(s.P("v2", "time", ".zattrs"))["_ARRAY_DIMENSIONS"]));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void ReadersShowDimensionsAndHideTheReservedAttribute(int format)
    {
        using var s = new PsSession();
        var output = s.Ok($$"""
            Save-Zarr "$T/s" -InputObject @{ temperature = [double[,]]::new(3, 4); time = [double[]](0, 1, 2) } -DimensionNames @{ temperature = 'time', 'channel' } -ZarrFormat {{format}}
            $node = Get-ZarrTree "$T/s" -Key temperature
            $imported = Import-Zarr "$T/s" -Key temperature
            $group = Import-Zarr "$T/s"
            [pscustomobject]@{
                Tree = $node.Dimensions; Text = $node.DimensionText; Attributes = @($node.Attributes.Keys)
                Imported = $imported.ZarrDimensions; ImportedAttributes = @($imported.ZarrAttributes.Keys)
                Member = $group.temperature.ZarrDimensions
                Row = (Get-ZarrSlice "$T/s" -Key temperature '1, :').ZarrDimensions
                Column = (Get-ZarrSlice "$T/s" -Key temperature ':, 2').ZarrDimensions
                Window = (Get-ZarrSlice "$T/s" -Key temperature '0:2, 1:3').ZarrDimensions
                Point = (Get-ZarrSlice "$T/s" -Key temperature '0, 0').ZarrDimensions
            }
            """);
        var r = Assert.Single(output);
        Assert.Equal(["time", "channel"], Names(r.Properties["Tree"].Value));
        Assert.Equal("(time, channel)", r.Properties["Text"].Value);
        Assert.Empty((object[])r.Properties["Attributes"].Value);
        Assert.Equal(["time", "channel"], Names(r.Properties["Imported"].Value));
        Assert.Empty((object[])r.Properties["ImportedAttributes"].Value);
        Assert.Equal(["time", "channel"], Names(r.Properties["Member"].Value));
        Assert.Equal(["channel"], Names(r.Properties["Row"].Value));
        Assert.Equal(["time"], Names(r.Properties["Column"].Value));
        Assert.Equal(["time", "channel"], Names(r.Properties["Window"].Value));
        Assert.Empty((object?[])r.Properties["Point"].Value);
    }

    [Fact]
    public void TreeViewsShowDimensionsInEightyColumns()
    {
        // The default tree view is full at 79 columns: the names are in the Dimensions table view and the list view.
        using var s = new PsSession();
        var text = string.Join("\n", s.Ok("""
            Save-Zarr "$T/s" -InputObject @{ signal = [double[,]]::new(2, 5) } -DimensionNames 'time', 'channel'
            Get-ZarrTree "$T/s" | Format-Table -View Dimensions | Out-String -Width 80
            """).Select(o => o.ToString()));
        Assert.Contains("Dimensions", text);
        Assert.Contains("(time, channel)", text);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, line));
        var list = string.Join("\n", s.Ok("""Get-ZarrTree "$T/s" -Key signal | Format-List | Out-String -Width 80""").Select(o => o.ToString()));
        Assert.Matches(@"Dimensions\s*:\s*\{time, channel\}", list);
    }

    [Fact]
    public void AutomaticNamesShareByLengthAndNeverRepeatInOneArray()
    {
        using var s = new PsSession();
        var output = s.Ok("""
            Save-Zarr "$T/s" -InputObject @{ a = [double[,]]::new(3, 4); b = [int[]](1, 2, 3); c = [double[,]]::new(4, 4); n = 5; t = @{ x = [int[]](1, 2) } } -ZarrFormat 2
            Get-ZarrTree "$T/s" | Where-Object NodeType -eq Array | ForEach-Object { [pscustomobject]@{ Key = $_.Key; Dims = $_.DimensionText } }
            """);
        var dims = output.ToDictionary(o => (string)o.Properties["Key"].Value, o => (string)o.Properties["Dims"].Value);
        Assert.Equal("(dim_0, dim_1)", dims["a"]);
        Assert.Equal("(dim_0,)", dims["b"]);          // length 3, like a's first axis
        Assert.Equal("(dim_1, dim_2)", dims["c"]);    // two axes of length 4: dim_1 and a new one
        Assert.Equal("()", dims["n"]);
        Assert.Equal("(dim_0,)", dims["t/x"]);        // every group numbers its own
    }

    [Fact]
    public void CommonNamesApplyToArraysOfThatRank()
    {
        using var s = new PsSession();
        var output = s.Ok("""
            Save-Zarr "$T/s" -InputObject @{ a = [double[,]]::new(2, 3); b = [double[,]]::new(2, 3); v = [int[]](1, 2) } -DimensionNames 'row', 'col'
            Get-ZarrTree "$T/s" | Where-Object NodeType -eq Array | ForEach-Object { $_.DimensionText }
            """);
        Assert.Equal(["(row, col)", "(row, col)", "(dim_0,)"], output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void SavingIntoTheGroupAgainKeepsOneLengthPerName()
    {
        using var s = new PsSession();
        var output = s.Ok("""
            Save-Zarr "$T/s" -InputObject @{ a = [double[]](1, 2, 3) } -ZarrFormat 2
            Save-Zarr "$T/s" -InputObject @{ b = [double[]](1, 2, 3, 4, 5); c = [double[]](7, 8, 9) }
            Get-ZarrTree "$T/s" | Where-Object NodeType -eq Array | ForEach-Object { $_.DimensionText }
            """);
        Assert.Equal(["(dim_0,)", "(dim_1,)", "(dim_0,)"], output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void ANameWithTwoLengthsFailsBeforeWriting()
    {
        using var s = new PsSession();
        var r = s.Run("""Save-Zarr "$T/s" -InputObject @{ a = [double[]](1, 2, 3); b = [double[]](1, 2) } -DimensionNames @{ a = ,'time'; b = ,'time' }""");
        Assert.Contains("ZarrInvalidArgument", r.ErrorIds);
        Assert.Contains("'time'", r.Errors[0].ToString());
        Assert.False(Directory.Exists(s.P("s", "a")));
    }

    [Theory]
    [InlineData("@{ a = 'x', 'y', 'z' }", "3 dimensions but the array has 2")]
    [InlineData("@{ a = 'x', 'x' }", "repeat a name")]
    [InlineData("@{ a = 'x', '' }", "non-empty")]
    [InlineData("@{ a = 1, 2 }", "list of strings")]
    public void BadNamesAreNamedErrors(string names, string message)
    {
        using var s = new PsSession();
        var r = s.Run($$"""Save-Zarr "$T/s" -InputObject @{ a = [double[,]]::new(2, 2) } -DimensionNames {{names}}""");
        Assert.Contains("ZarrInvalidArgument", r.ErrorIds);
        Assert.Contains(message, r.Errors[0].ToString());
        Assert.False(Directory.Exists(s.P("s", "a")));
    }

    [Fact]
    public void V2FillValuesAreTheOnesXarrayReadsAsWritten()
    {
        using var s = new PsSession();
        var output = s.Ok("""
            Save-Zarr "$T/s" -InputObject @{ f = [double[]](0, 0); i = [int[]](0, 0); b = [bool[]]($false, $false); s = [string[]]('', '') } -ZarrFormat 2 -ChunkShape 1
            ,(Import-Zarr "$T/s" -Key i)
            """);
        // xarray masks elements equal to a v2 fill_value: floats get NaN, the rest none, so zeros stay zeros.
        Assert.Equal("NaN", Json(s.P("s", "f", ".zarray"))["fill_value"]!.GetValue<string>());
        foreach (var key in new[] { "i", "b", "s" }) Assert.Null(Json(s.P("s", key, ".zarray"))["fill_value"]);
        // Without a fill value every chunk is stored, even all-zero ones (missing chunks would be undefined).
        Assert.True(File.Exists(s.P("s", "i", "0")) && File.Exists(s.P("s", "i", "1")));
        Assert.True(File.Exists(s.P("s", "f", "0")) && File.Exists(s.P("s", "f", "1")));
        Assert.Equal([0, 0], Assert.IsType<int[]>(Assert.Single(output).BaseObject));
    }
}
