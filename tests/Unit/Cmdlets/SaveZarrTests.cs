using System.Management.Automation;

namespace SciTex.Zarr.Tests.Cmdlets;

public class SaveZarrTests
{
    private static string Snapshot(string dir) => string.Join("\n",
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order()
            .Select(f => f + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))));

    [Fact]
    public void KeyCreatesParentsAndMergeKeepsSiblings()
    {
        using var s = new PsSession();
        s.Ok("""
            Save-Zarr -Path "$T/s" -Key 'sensors/environmental' -InputObject @{ temp = [double[]](20.5, 21) }
            Save-Zarr -Path "$T/s" -Key 'sensors' -InputObject @{ motion = [int[]](1, 0) }
            """);
        Assert.True(File.Exists(s.P("s", "zarr.json")));
        Assert.True(File.Exists(s.P("s", "sensors", "zarr.json")));
        Assert.True(File.Exists(s.P("s", "sensors", "environmental", "temp", "zarr.json")));
        Assert.True(File.Exists(s.P("s", "sensors", "motion", "zarr.json")));
        var t = s.One<double[]>("Import-Zarr -Path \"$T/s\" -Key sensors/environmental/temp");
        Assert.Equal([20.5, 21.0], t);
    }

    [Fact]
    public void ExistingNameWithoutForceFailsAndWritesNothing()
    {
        using var s = new PsSession();
        s.Ok("Save-Zarr -Path \"$T/s\" -InputObject @{ a = [int[]](1,2,3) }");
        var before = Snapshot(s.P("s"));
        var r = s.Run("Save-Zarr -Path \"$T/s\" -InputObject @{ a = [int[]](9,9); b = 'new' }");
        Assert.Contains("ZarrNodeExists", r.ErrorIds);
        Assert.Equal(before, Snapshot(s.P("s")));
    }

    [Fact]
    public void ForceReplaces()
    {
        using var s = new PsSession();
        var a = s.One<int[]>("""
            Save-Zarr -Path "$T/s" -InputObject @{ a = [int[]](1,2,3) }
            Save-Zarr -Path "$T/s" -InputObject @{ a = [int[]](9,8) } -Force
            ,(Import-Zarr -Path "$T/s" -Key a)
            """);
        Assert.Equal([9, 8], a);
    }

    [Fact]
    public void WhatIfWritesNothing()
    {
        using var s = new PsSession();
        var r = s.Run("Save-Zarr -Path \"$T/s\" -InputObject @{ a = 1 } -WhatIf");
        Assert.Empty(r.Errors);
        Assert.False(Directory.Exists(s.P("s")));
    }

    [Fact]
    public void PassThruEmitsNodeInfo()
    {
        using var s = new PsSession();
        var o = s.Ok("Save-Zarr -Path \"$T/s\" -InputObject @{ a = [double[,]]::new(4, 6) } -PassThru");
        var info = Assert.Single(o);
        Assert.Equal("SciTex.Zarr.PowerShell.Output.ZarrNodeInfo", info.BaseObject.GetType().FullName);
        Assert.Equal("a", info.Properties["Key"].Value);
        Assert.Equal([4L, 6L], (long[])info.Properties["Shape"].Value);
        Assert.Equal("Array", info.Properties["NodeType"].Value);
    }

    [Theory]
    [InlineData("'zstd'", "\"zstd\"")]
    [InlineData("'gzip'", "\"gzip\"")]
    [InlineData("@{ name = 'zstd'; level = 9 }", "\"level\": 9")]
    public void CompressorIsWrittenToMetadata(string spec, string expected)
    {
        using var s = new PsSession();
        s.Ok($"Save-Zarr -Path \"$T/s\" -InputObject @{{ a = [double[]](1..100) }} -Compressor {spec}");
        var json = File.ReadAllText(s.P("s", "a", "zarr.json"));
        Assert.Contains(expected, json.Replace("\":", "\": ").Replace(":  ", ": "));
    }

    // v3 has no core lz4 codec: plain 'lz4' becomes Blosc-LZ4 (readable everywhere), an explicit acceleration numcodecs.lz4.
    [Theory]
    [InlineData("'lz4'", "\"cname\": \"lz4\"")]
    [InlineData("@{ name = 'lz4'; acceleration = 10 }", "\"numcodecs.lz4\"")]
    public void Lz4IsWrittenToV3MetadataAndReadsBack(string spec, string expected)
    {
        using var s = new PsSession();
        var back = s.One<double[]>($"Save-Zarr -Path \"$T/s\" -InputObject @{{ a = [double[]](1..100) }} -Compressor {spec}; Import-Zarr -Path \"$T/s\" -Key a");
        var json = File.ReadAllText(s.P("s", "a", "zarr.json"));
        Assert.Contains(expected, json.Replace("\":", "\": ").Replace(":  ", ": "));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (double)i), back);
    }

    [Theory]
    [InlineData("'lz4'", "\"id\": \"lz4\"")]
    [InlineData("@{ name = 'lz4'; acceleration = 10 }", "\"acceleration\": 10")]
    public void Lz4IsWrittenToV2Metadata(string spec, string expected)
    {
        using var s = new PsSession();
        s.Ok($"Save-Zarr -Path \"$T/s\" -InputObject @{{ a = [double[]](1..100) }} -Compressor {spec} -ZarrFormat 2");
        var json = File.ReadAllText(s.P("s", "a", ".zarray"));
        Assert.Contains(expected, json.Replace("\":", "\": ").Replace(":  ", ": "));
    }

    [Fact]
    public void CompressorNoneWritesNoCompressionCodec()
    {
        using var s = new PsSession();
        s.Ok("Save-Zarr -Path \"$T/s\" -InputObject @{ a = [double[]](1..100) } -Compressor none -ZarrFormat 2");
        var json = File.ReadAllText(s.P("s", "a", ".zarray"));
        Assert.Matches("\"compressor\"\\s*:\\s*null", json);
    }

    [Fact]
    public void ChunkShapeCommonAndPerKey()
    {
        using var s = new PsSession();
        s.Ok("""
            Save-Zarr -Path "$T/c" -InputObject @{ a = [double[,]]::new(30, 30) } -ChunkShape @(10, 10)
            Save-Zarr -Path "$T/k" -InputObject @{ a = [double[,]]::new(30, 30); b = [double[,]]::new(30, 30) } -ChunkShape @{ b = @(5, 15) }
            """);
        Assert.Matches("\"chunk_shape\"\\s*:\\s*\\[\\s*10,\\s*10\\s*\\]", File.ReadAllText(s.P("c", "a", "zarr.json")));
        Assert.Matches("\"chunk_shape\"\\s*:\\s*\\[\\s*5,\\s*15\\s*\\]", File.ReadAllText(s.P("k", "b", "zarr.json")));
        Assert.DoesNotMatch("\\[\\s*5,\\s*15\\s*\\]", File.ReadAllText(s.P("k", "a", "zarr.json")));
    }

    [Fact]
    public void ZarrFormat2WritesV2Metadata()
    {
        using var s = new PsSession();
        s.Ok("Save-Zarr -Path \"$T/s\" -InputObject @{ g = @{ a = [int[]](1,2) } } -ZarrFormat 2");
        Assert.True(File.Exists(s.P("s", ".zgroup")));
        Assert.True(File.Exists(s.P("s", "g", ".zgroup")));
        Assert.True(File.Exists(s.P("s", "g", "a", ".zarray")));
        Assert.False(File.Exists(s.P("s", "zarr.json")));
    }

    [Fact]
    public void AttributesGoOnTheGroup()
    {
        using var s = new PsSession();
        var o = s.Ok("""
            Save-Zarr -Path "$T/s" -InputObject @{ a = 1 } -Attributes @{ title = 'Run 7'; n = 3 }
            $x = Import-Zarr -Path "$T/s"; $x.ZarrAttributes.title; $x.ZarrAttributes.n
            """);
        Assert.Equal("Run 7", o[0].BaseObject);
        Assert.Equal(3L, Convert.ToInt64(o[1].BaseObject));
        Assert.Contains("Run 7", File.ReadAllText(s.P("s", "zarr.json")));
    }

    [Fact]
    public void PipedRecordsBecomeATable()
    {
        using var s = new PsSession();
        var o = s.Ok("""
            @([pscustomobject]@{ a = 1; b = 'x' }, [pscustomobject]@{ a = 2; b = 'y' }) | Save-Zarr -Path "$T/s" -Key table
            Import-Zarr -Path "$T/s" -Key table
            """);
        Assert.Equal(2, o.Count);
        Assert.Equal([1, 2], o.Select(r => r.Properties["a"].Value));
        Assert.Equal(["x", "y"], o.Select(r => r.Properties["b"].Value));
        Assert.Equal(["a", "b"], o[0].Properties.Select(p => p.Name));
    }

    [Fact]
    public void PipedNumbersBecomeOneArray()
    {
        using var s = new PsSession();
        var o = s.Ok("1..5 | Save-Zarr -Path \"$T/s\" -Key nums; Get-ZarrTree \"$T/s\" | Where-Object NodeType -eq Array");
        var info = Assert.Single(o);
        Assert.Equal("nums", info.Properties["Key"].Value);
        Assert.Equal([5L], (long[])info.Properties["Shape"].Value);
        var back = s.One<object[]>(",(Import-Zarr \"$T/s\" -Key nums)");
        Assert.Equal([1, 2, 3, 4, 5], back.Select(x => (int)RoundTripTests.Unwrap(x)!));
    }

    [Fact]
    public void UnsupportedValueTypeNamesTheType()
    {
        using var s = new PsSession();
        var r = s.Run("Save-Zarr -Path \"$T/s\" -InputObject @{ f = [System.IO.FileInfo]::new('/tmp/x') }");
        Assert.Contains("ZarrUnsupportedValueType", r.ErrorIds);
        Assert.Contains("FileInfo", r.Errors[0].ToString());
        Assert.False(File.Exists(s.P("s", "f", "zarr.json")));
    }

    [Fact]
    public void LiteralPathWithBrackets()
    {
        using var s = new PsSession();
        var a = s.One<int[]>("""
            $p = [System.IO.Path]::Combine($T, 'run [1]', 's.zarr')
            Save-Zarr -LiteralPath $p -InputObject @{ a = [int[]](4,5) }
            ,(Import-Zarr -LiteralPath $p -Key a)
            """);
        Assert.Equal([4, 5], a);
        Assert.True(File.Exists(s.P("run [1]", "s.zarr", "a", "zarr.json")));
    }

    [Fact]
    public void RelativePathResolvesAgainstPwd()
    {
        using var s = new PsSession();
        s.Ok("$null = $ExecutionContext.SessionState.Path.SetLocation($T); Save-Zarr -Path rel.zarr -InputObject @{ a = 1 }");
        Assert.True(File.Exists(s.P("rel.zarr", "zarr.json")));
    }
}
