using System.Text.Json.Nodes;
using SciTex.Zarr.Tests.Cmdlets;

namespace SciTex.Zarr.Tests.Regions;

/// <summary>New-ZarrArray and Set-ZarrSlice through the hosted PowerShell session.</summary>
public sealed class RegionCmdletTests
{
    private static string[] Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.Contains(".zarr-txn")).Select(f => Path.GetRelativePath(root, f)).Order().ToArray();

    private static Dictionary<string, string> Snapshot(string root) =>
        Files(root).ToDictionary(f => f, f => Convert.ToBase64String(File.ReadAllBytes(Path.Combine(root, f))));

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void NewZarrArrayWritesMetadataOnlyForAHugeArray(int format)
    {
        using var s = new PsSession();
        var started = DateTime.UtcNow;
        var info = s.Ok($"New-ZarrArray \"$T/s.zarr\" -Key big/cube -Shape 1000,2000,3000 -DataType float64 -ZarrFormat {format} -PassThru").Single();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        Assert.Equal(new long[] { 1000, 2000, 3000 }, (long[])info.Properties["Shape"].Value);
        Assert.Equal("float64", info.Properties["DataType"].Value);
        var files = Files(s.P("s.zarr"));
        Assert.Equal(format == 3 ? ["big/cube/zarr.json", "big/zarr.json", "zarr.json"] : new[] { ".zgroup", "big/.zgroup", "big/cube/.zarray" }.Order().ToArray(), files);
        // Unwritten regions read as the fill value; Get-ZarrTree lists it.
        var window = s.One<double[,,]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key big/cube '999, 0:3, 2998:3000' ) | ForEach-Object { ,[double[,,]]::new(1,1,1) }");
        Assert.NotNull(window);
        var corner = s.One<double[,]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key big/cube '999, 1998:2000, 2998:3000')");
        Assert.All(corner.Cast<double>(), v => Assert.Equal(0.0, v));
        Assert.Contains("big/cube", s.Ok("Get-ZarrTree \"$T/s.zarr\" | ForEach-Object Key").Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void NewZarrArrayHonoursChunksFillCompressorAttributesAndSharding()
    {
        using var s = new PsSession();
        s.Ok("New-ZarrArray \"$T/s.zarr\" -Key a -Shape 10,6 -DataType int16 -ChunkShape 4,3 -FillValue -5 -Compressor gzip -Attributes @{ unit = 'mV' }");
        var json = JsonNode.Parse(File.ReadAllText(s.P("s.zarr", "a", "zarr.json")))!;
        Assert.Equal("int16", json["data_type"]!.GetValue<string>());
        Assert.Equal(-5, json["fill_value"]!.GetValue<int>());
        Assert.Equal("[4,3]", json["chunk_grid"]!["configuration"]!["chunk_shape"]!.ToJsonString());
        Assert.Contains("gzip", json["codecs"]!.ToJsonString());
        Assert.Equal("mV", json["attributes"]!["unit"]!.GetValue<string>());
        var back = s.One<short[,]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key a)");
        Assert.All(back.Cast<short>(), v => Assert.Equal(-5, v));

        s.Ok("New-ZarrArray \"$T/s.zarr\" -Key sh -Shape 16,16 -DataType uint8 -ChunkShape 4,4 -ShardShape 8,8; Set-ZarrSlice \"$T/s.zarr\" -Key sh '0:4, 0:4' -Value 3");
        Assert.Contains("sharding_indexed", File.ReadAllText(s.P("s.zarr", "sh", "zarr.json")));
        Assert.Equal(["c/0/0"], Directory.EnumerateFiles(s.P("s.zarr", "sh"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(s.P("s.zarr", "sh"), f)).Where(f => f != "zarr.json").ToArray());
        var sharded = s.One<byte[,]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key sh '0:8, 0:8')");
        Assert.Equal(3, sharded[3, 3]);
        Assert.Equal(0, sharded[4, 4]);
    }

    [Fact]
    public void NewZarrArrayErrorsAreNamedAndWriteNothing()
    {
        using var s = new PsSession();
        s.Ok("New-ZarrArray \"$T/s.zarr\" -Key a -Shape 4 -DataType float32");
        var before = Snapshot(s.P("s.zarr"));
        Assert.Contains("ZarrNodeExists", s.Run("New-ZarrArray \"$T/s.zarr\" -Key a -Shape 4 -DataType float32").ErrorIds);
        Assert.Contains("ZarrUnsupportedDataType", s.Run("New-ZarrArray \"$T/s.zarr\" -Key b -Shape 4 -DataType float128").ErrorIds);
        Assert.Contains("ZarrInvalidArgument", s.Run("New-ZarrArray \"$T/s.zarr\" -Key b -Shape 4 -DataType uint8 -FillValue 300").ErrorIds);
        Assert.Contains("ZarrInvalidArgument", s.Run("New-ZarrArray \"$T/s.zarr\" -Key b -Shape 4,4 -DataType uint8 -ChunkShape 2").ErrorIds);
        Assert.Contains("ZarrNodeExists", s.Run("New-ZarrArray \"$T/s.zarr\" -Key a/inner -Shape 4 -DataType uint8").ErrorIds);
        Assert.Contains("ZarrInvalidKey", s.Run("New-ZarrArray \"$T/s.zarr\" -Key '/' -Shape 4 -DataType uint8").ErrorIds);
        s.Ok("New-ZarrArray \"$T/s.zarr\" -Key b -Shape 4 -DataType uint8 -WhatIf");
        Assert.Equal(before, Snapshot(s.P("s.zarr")));
        // -Force replaces the node (through the staged write) and the old chunks are gone.
        s.Ok("Set-ZarrSlice \"$T/s.zarr\" -Key a -Value 1.5; New-ZarrArray \"$T/s.zarr\" -Key a -Shape 2 -DataType int8 -Force");
        var replaced = s.One<sbyte[]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key a)");
        Assert.Equal(new sbyte[] { 0, 0 }, replaced);
    }

    [Fact]
    public void DataTypeCompletesWithZarrNames()
    {
        using var s = new PsSession();
        var completions = s.Ok("$in = 'New-ZarrArray x -Key a -Shape 1 -DataType comp'; (TabExpansion2 -inputScript $in -cursorColumn $in.Length).CompletionMatches | ForEach-Object CompletionText")
            .Select(o => o.BaseObject.ToString()).ToList();
        Assert.Equal(["complex128", "complex64"], completions.Order());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void SetZarrSliceWritesRegionsBroadcastsAndStart(int format)
    {
        using var s = new PsSession();
        s.Ok($"New-ZarrArray \"$T/s.zarr\" -Key m -Shape 10,8 -DataType float64 -ChunkShape 4,4 -FillValue -1 -ZarrFormat {format}");
        s.Ok("Set-ZarrSlice \"$T/s.zarr\" -Key m -Selection '1:3, 2:5' -Value ([double[,]]::new(2, 3))");
        s.Ok("Set-ZarrSlice \"$T/s.zarr\" -Key m '8:10, :' -Value 7");
        s.Ok("Set-ZarrSlice \"$T/s.zarr\" -Key m -Start 4,6 -Value @(@(1, 2), @(3, 4))");
        s.Ok("Set-ZarrSlice \"$T/s.zarr\" -Key m '5, 0:3' -Value @(10, 11, 12)");
        var m = s.One<double[,]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key m)");
        for (var i = 0; i < 10; i++)
            for (var j = 0; j < 8; j++)
            {
                double expected = -1;
                if (i is >= 1 and < 3 && j is >= 2 and < 5) expected = 0;
                if (i >= 8) expected = 7;
                if (i == 4 && j == 6) expected = 1;
                if (i == 4 && j == 7) expected = 2;
                if (i == 5 && j == 6) expected = 3;
                if (i == 5 && j == 7) expected = 4;
                if (i == 5 && j < 3) expected = 10 + j;
                Assert.True(expected == m[i, j], $"[{i},{j}] = {m[i, j]}, expected {expected}");
            }
    }

    [Fact]
    public void SetZarrSliceMismatchesAreNamedAndWriteNothing()
    {
        using var s = new PsSession();
        s.Ok("New-ZarrArray \"$T/s.zarr\" -Key m -Shape 8,8 -DataType uint8 -ChunkShape 2,2; Set-ZarrSlice \"$T/s.zarr\" -Key m -Value 1");
        var before = Snapshot(s.P("s.zarr"));
        // The bad element is the last one: nothing may be written before it is found.
        Assert.Contains("ZarrUnsupportedValueType", s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key m '0:8, 0' -Value @(1, 2, 3, 4, 5, 6, 7, 'x')").ErrorIds);
        Assert.Contains("ZarrUnsupportedValueType", s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key m '0:8, 0' -Value @(1, 2, 3, 4, 5, 6, 7, 300)").ErrorIds);
        Assert.Contains("ZarrUnsupportedValueType", s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key m '0, 0' -Value 1.5").ErrorIds);
        Assert.Contains("ZarrUnsupportedValueType", s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key m '0, 0' -Value $null").ErrorIds);
        Assert.Contains("ZarrInvalidSelection", s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key m '0:4, 0:4' -Value ([byte[,]]::new(4, 3))").ErrorIds);
        Assert.Contains("ZarrInvalidSelection", s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key m -Start 6,6 -Value ([byte[,]]::new(4, 4))").ErrorIds);
        Assert.Contains("ZarrInvalidSelection", s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key m '0:2' -Start 1 -Value 1").ErrorIds);
        Assert.Contains("ZarrInvalidSelection", s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key m '0:2, 0:2' -Value @(@(1, 2), @(3))").ErrorIds);
        Assert.Contains("ZarrKeyNotFound", s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key nope -Value 1").ErrorIds);
        s.Ok("Set-ZarrSlice \"$T/s.zarr\" -Key m -Value 9 -WhatIf");
        Assert.Equal(before, Snapshot(s.P("s.zarr")));
        var errors = s.Run("Set-ZarrSlice \"$T/s.zarr\" -Key m '0, 0' -Value 'x'").Errors;
        Assert.Contains("s.zarr", errors[0].Exception.Message);
        Assert.Contains("'m'", errors[0].Exception.Message);
    }

    [Fact]
    public void PipedBlocksFromAStreamAreWrittenInOrder()
    {
        using var s = new PsSession();
        s.Ok("""
            $src = [double[,]]::new(25, 3)
            for ($i = 0; $i -lt 25; $i++) { for ($j = 0; $j -lt 3; $j++) { $src[$i, $j] = $i * 10 + $j } }
            Save-Zarr "$T/s.zarr" -InputObject @{ src = $src } -ChunkShape 4,3
            New-ZarrArray "$T/s.zarr" -Key doubled -Shape 25,3 -DataType float64 -ChunkShape 5,3
            New-ZarrArray "$T/s.zarr" -Key offset -Shape 30,3 -DataType float64 -ChunkShape 5,3
            # Blocks keep Get-ZarrSlice's origin note when passed on as they are …
            Get-ZarrSlice "$T/s.zarr" -Key src -Stream | Set-ZarrSlice "$T/s.zarr" -Key doubled
            # … and a transformed block (no note) goes at a running offset from -Start.
            Get-ZarrSlice "$T/s.zarr" -Key src -Stream -BlockSize 7 | ForEach-Object {
                $b = $_; $out = [double[,]]::new($b.GetLength(0), 3)
                for ($i = 0; $i -lt $b.GetLength(0); $i++) { for ($j = 0; $j -lt 3; $j++) { $out[$i, $j] = 2 * $b[$i, $j] } }
                ,$out
            } | Set-ZarrSlice "$T/s.zarr" -Key offset -Start 5
            """);
        var copy = s.One<double[,]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key doubled)");
        var offset = s.One<double[,]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key offset)");
        for (var i = 0; i < 25; i++)
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(i * 10 + j, copy[i, j]);
                Assert.Equal(2 * (i * 10 + j), offset[i + 5, j]);
            }
        for (var j = 0; j < 3; j++) Assert.Equal(0, offset[0, j]);
        Assert.Contains("ZarrInvalidSelection", s.Run("1..3 | Set-ZarrSlice \"$T/s.zarr\" -Key doubled '0:1, 0:1'").ErrorIds);
        // Rows (one dimension fewer) pipe as one-row blocks.
        s.Ok("@([double[]](1, 2, 3), [double[]](4, 5, 6)) | ForEach-Object { ,$_ } | Set-ZarrSlice \"$T/s.zarr\" -Key doubled -Start 20");
        var rows = s.One<double[,]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key doubled '20:22, :')");
        Assert.Equal(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, rows);
    }

    [Fact]
    public void SetZarrSliceWorksOnZipStores()
    {
        using var s = new PsSession();
        s.Ok("New-ZarrArray \"$T/s.zarr.zip\" -Key z -Shape 6 -DataType int32 -ChunkShape 2; Set-ZarrSlice \"$T/s.zarr.zip\" -Key z '1:5' -Value @(1, 2, 3, 4)");
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 0 }, s.One<int[]>(",(Get-ZarrSlice \"$T/s.zarr.zip\" -Key z)"));
    }
}
