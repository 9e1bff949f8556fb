using System.Management.Automation;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>Import-Zarr, Get-ZarrTree, Get-ZarrSlice, Set-ZarrAttribute and Test-Zarr against one small store.</summary>
public class ReadCmdletTests
{
    private const string Setup = """
        $m = [double[,]]::new(20, 30); for($i=0;$i -lt 20;$i++){for($j=0;$j -lt 30;$j++){$m[$i,$j]=$i*100+$j}}
        Save-Zarr -Path "$T/s" -InputObject ([ordered]@{ g = [ordered]@{ a = [int[]](1,2,3) }; m = $m; sensors = @{ temp = [double[]](1.5) } }) -ChunkShape @{ m = @(8, 10) } -Attributes @{ title = 'T1' }
        """;

    private static PsSession Store()
    {
        var s = new PsSession();
        s.Ok(Setup);
        return s;
    }

    [Fact]
    public void MissingStoreAndKeyHaveStableIds()
    {
        using var s = Store();
        Assert.Contains("ZarrStoreNotFound", s.Run("Import-Zarr -Path \"$T/nope\"").ErrorIds);
        Assert.Contains("ZarrKeyNotFound", s.Run("Import-Zarr -Path \"$T/s\" -Key g/zz").ErrorIds);
    }

    [Fact]
    public void SloppyKeyIsTolerated() => Assert.Equal([1, 2, 3], Store().One<int[]>(",(Import-Zarr -Path \"$T/s\" -Key '/g//a/')"));

    [Fact]
    public void GroupAttributesAreANoteProperty() =>
        Assert.Equal("T1", Store().One<string>("(Import-Zarr -Path \"$T/s\").ZarrAttributes.title"));

    [Fact]
    public void TreePipesIntoImportByPropertyName()
    {
        using var s = Store();
        var o = s.Ok("Get-ZarrTree \"$T/s\" | Where-Object NodeType -eq Array | Import-Zarr");
        Assert.Equal(3, o.Count);
        Assert.Contains(o, x => x.BaseObject is double[,]);
        Assert.Contains(o, x => x.BaseObject is int[]);
    }

    [Fact]
    public void LargeArrayIsOneObject()
    {
        using var s = new PsSession();
        var o = s.Ok("Save-Zarr -Path \"$T/s\" -InputObject @{ big = [double[,]]::new(64, 3000) }; Import-Zarr -Path \"$T/s\" -Key big");
        var a = Assert.IsType<double[,]>(Assert.Single(o).BaseObject);
        Assert.Equal(3000, a.GetLength(1));
    }

    [Fact]
    public void TreeDescribesNodes()
    {
        using var s = Store();
        var o = s.Ok("Get-ZarrTree \"$T/s\"");
        var m = o.Single(x => (string)x.Properties["Key"].Value == "m");
        Assert.Equal([20L, 30L], (long[])m.Properties["Shape"].Value);
        Assert.Equal([8, 10], (int[])m.Properties["ChunkShape"].Value);
        Assert.Equal("Array", m.Properties["NodeType"].Value);
        Assert.Equal(3, m.Properties["ZarrFormat"].Value);
        Assert.True((long)m.Properties["StoredBytes"].Value > 0);
        Assert.NotEmpty((string[])m.Properties["Codecs"].Value);
        Assert.Equal(2, s.Ok("Get-ZarrTree \"$T/s\" -Key g").Count);
        Assert.Equal(4, s.Ok("Get-ZarrTree \"$T/s\" -Depth 1").Count);
        Assert.Equal(["temp"], s.Ok("Get-ZarrTree \"$T/s\" -Include 't*'").Select(x => x.Properties["Name"].Value));
        Assert.DoesNotContain(s.Ok("Get-ZarrTree \"$T/s\" -Exclude 'sens*'"), x => ((string)x.Properties["Key"].Value).StartsWith("sensors"));
    }

    [Fact]
    public void TreeViewRenders()
    {
        using var s = Store();
        var r = s.Run("Get-ZarrTree \"$T/s\" | Out-Default");
        Assert.Empty(r.Errors);
        Assert.Contains("Hierarchy", r.HostText);
        Assert.Contains("[g]", r.HostText);
        Assert.Contains("(20, 30)", r.HostText);
    }

    [Fact]
    public void SliceWindowAndOrigin()
    {
        using var s = Store();
        var w = s.Ok("Get-ZarrSlice \"$T/s\" -Key m -Selection '0:10, 5:15'").Single();
        var a = Assert.IsType<double[,]>(w.BaseObject);
        Assert.Equal(10, a.GetLength(0));
        Assert.Equal(905.0, a[9, 0]);
        Assert.Equal([0L, 5L], (long[])w.Properties["ZarrOrigin"].Value);
        var step = s.One<double[,]>("Get-ZarrSlice \"$T/s\" -Key m -Selection ':, ::2'");
        Assert.Equal(15, step.GetLength(1));
        Assert.Equal(104.0, step[1, 2]);
        var row = s.One<double[]>("Get-ZarrSlice \"$T/s\" -Key m -Selection '-1'");
        Assert.Equal(1929.0, row[29]);
        Assert.Equal(305.0, s.One<double>("Get-ZarrSlice \"$T/s\" -Key m -Selection '3, 5'"));
        var b = s.One<double[,]>("Get-ZarrSlice \"$T/s\" -Key m -Start 2,4 -End 4,10 -Step 1,3");
        Assert.Equal(307.0, b[1, 1]);
    }

    [Fact]
    public void SliceErrors()
    {
        using var s = Store();
        Assert.Contains("ZarrInvalidSelection", s.Run("Get-ZarrSlice \"$T/s\" -Key m -Selection 'x:y'").ErrorIds);
        Assert.Contains("ZarrInvalidSelection", s.Run("Get-ZarrSlice \"$T/s\" -Key m -Selection '0:1' -Start 0,0").ErrorIds);
    }

    [Fact]
    public void StreamBlocksConcatenateToTheWindow()
    {
        using var s = Store();
        var o = s.Ok("Get-ZarrSlice \"$T/s\" -Key m -Selection '1:20, 0:3' -Stream -BlockSize 5");
        Assert.Equal(4, o.Count); // ceil(19 / 5)
        var rows = o.SelectMany(x => { var a = (double[,])x.BaseObject; return Enumerable.Range(0, a.GetLength(0)).Select(i => a[i, 2]); });
        Assert.Equal(Enumerable.Range(1, 19).Select(i => i * 100 + 2.0), rows);
    }

    [Fact]
    public void StreamDefaultBlocksAreWholeChunksOfAboutSixteenMiB()
    {
        using var s = new PsSession();
        // 1-D, 1 000-element chunks of float64: 2 048 chunks (8 KiB each) fit in one 16 MiB block, so 5 000 rows are one block.
        var small = s.Ok("""
            Save-Zarr "$T/b" -InputObject @{ v = [double[]](0..4999); w = [double[,]]::new(40, 65536) } -ChunkShape @{ v = , 1000; w = 4, 65536 }
            $blocks = @(Get-ZarrSlice "$T/b" -Key v -Stream); $blocks.Count; $blocks[0].Length
            # 2-D rows of 512 KiB in chunks of 4 rows (2 MiB): 8 chunks = 32 rows per block, so 40 rows are blocks of 32 and 8.
            $rows = @(Get-ZarrSlice "$T/b" -Key w -Stream | ForEach-Object { $_.GetLength(0) }); $rows
            (Get-ZarrSlice "$T/b" -Key w -Stream | Select-Object -Last 1).ZarrOrigin[0]
            """);
        Assert.Equal([1, 5000, 32, 8, 32L], small.Select(x => Convert.ToInt64(x.BaseObject)));
    }

    [Fact]
    public void AStreamStopsWhenTheConsumerHasEnough()
    {
        using var s = new PsSession();
        var o = s.Ok("""
            Save-Zarr "$T/f" -InputObject @{ v = [double[]](0..9999) } -ChunkShape @{ v = , 100 }
            $blocks = @(Get-ZarrSlice "$T/f" -Key v -Stream -BlockSize 100 | Select-Object -First 2)
            $blocks.Count; $blocks[1][0]; $blocks[1][99]
            """);
        Assert.Equal([2, 100.0, 199.0], o.Select(x => Convert.ToDouble(x.BaseObject)));
    }

    [Fact]
    public void AStreamWhoseArrayIsReplacedStopsAndNeverMixesGenerations()
    {
        using var s = new PsSession();
        // The consumer replaces the array (same shape, new values) while it handles the first block; the stream reads
        // ahead, so it may still hand on one block read before the replacement, then must stop.
        var r = s.Run("""
            Save-Zarr "$T/g" -InputObject @{ v = [double[]](0..999) } -ChunkShape @{ v = , 100 }
            $script:seen = [Collections.Generic.List[double[]]]::new()
            Get-ZarrSlice "$T/g" -Key v -Stream -BlockSize 100 -ErrorAction SilentlyContinue -ErrorVariable failed | ForEach-Object {
                $script:seen.Add($_)
                if ($script:seen.Count -eq 1) { Save-Zarr "$T/g" -InputObject @{ v = [double[]](1000..1999) } -ChunkShape @{ v = , 100 } -Force }
            }
            $script:seen.Count
            [bool]($script:seen | Where-Object { $_[0] -ge 1000 })
            for ($i = 0; $i -lt $script:seen.Count; $i++) { if ($script:seen[$i][0] -ne $i * 100 -or $script:seen[$i][99] -ne $i * 100 + 99) { "torn block $i" } }
            $failed.FullyQualifiedErrorId
            """);
        var values = r.Output.Select(x => x.BaseObject).ToList();
        var blocks = Convert.ToInt32(values[0]);
        Assert.InRange(blocks, 1, 2);
        Assert.Equal(false, values[1]);
        Assert.DoesNotContain(values, v => v is string text && text.StartsWith("torn", StringComparison.Ordinal));
        Assert.Contains(values, v => v is string id && id.StartsWith("ZarrConcurrentModification", StringComparison.Ordinal));
    }

    [Fact]
    public void SetAttributeMergesRemovesAndHonoursWhatIf()
    {
        using var s = Store();
        var o = s.Ok("""
            Set-ZarrAttribute "$T/s" -Key m -Attributes @{ unit = 'uV'; k = 1 }
            Set-ZarrAttribute "$T/s" -Key m -Remove k
            Set-ZarrAttribute "$T/s" -Key m -Attributes @{ unit = 'mV' } -WhatIf
            $a = (Import-Zarr "$T/s" -Key m).ZarrAttributes; $a.unit; $null -eq $a.k
            """);
        Assert.Equal(["uV", true], o.Select(x => x.BaseObject));
    }

    [Theory]
    [InlineData("Test-Zarr \"$T/s\"", true)]
    [InlineData("Test-Zarr \"$T/nope\"", false)]
    [InlineData("Test-Zarr \"$T/s\" -Key g/a", true)]
    [InlineData("Test-Zarr \"$T/s\" -Key g/zz", false)]
    [InlineData("Test-Zarr \"$T/s\" -Key g -NodeType Group", true)]
    [InlineData("Test-Zarr \"$T/s\" -Key g -NodeType Array", false)]
    public void TestZarr(string script, bool expected)
    {
        using var s = Store();
        Assert.Equal(expected, s.One<bool>(script));
    }

    [Fact]
    public void KeyAndCompressorCompletion()
    {
        using var s = Store();
        string Complete(string line) => string.Join(",", s.Ok($"$l = \"{line}\"; [System.Management.Automation.CommandCompletion]::CompleteInput($l, $l.Length, $null).CompletionMatches | ForEach-Object CompletionText"));
        Assert.Equal("sensors", Complete("Import-Zarr -Path '$T/s' -Key s"));
        Assert.Equal("sensors/temp", Complete("Import-Zarr -Path '$T/s' -Key sensors/"));
        Assert.Equal("lz4", Complete("Save-Zarr -Path x -InputObject 1 -Compressor l"));
    }

    [Fact]
    public void ManifestIsValid() => Assert.Empty(new PsSession().Run("$null = Test-ModuleManifest \"" + PsSession.ModuleManifest + "\"").Errors);
}
