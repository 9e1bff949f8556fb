using System.Text.Json.Nodes;
using SciTex.Zarr.Tests.Cmdlets;

namespace SciTex.Zarr.Tests.Regions;

/// <summary>Add-ZarrSlice, Resize-ZarrArray, Remove-ZarrNode, Copy-ZarrNode, Move-ZarrNode and Save-Zarr's key semantics.</summary>
public sealed class NodeCmdletTests
{
    [Theory]
    [InlineData(3, "s.zarr")]
    [InlineData(2, "s.zarr")]
    [InlineData(3, "s.zarr.zip")]
    public void AddZarrSliceAppendsBlocksRowsAndPipedValues(int format, string name)
    {
        using var s = new PsSession();
        s.Ok($"New-ZarrArray \"$T/{name}\" -Key sensors/temperature -Shape 0,2 -DataType float64 -ChunkShape 3,2 -ZarrFormat {format}");
        s.Ok($"Add-ZarrSlice \"$T/{name}\" -Key sensors/temperature -Value ([double[,]]::new(0, 2)); Add-ZarrSlice \"$T/{name}\" -Key sensors/temperature -Value @(1.5, 2.5)");
        s.Ok($"@(@(3, 4), @(5, 6)) | ForEach-Object {{ ,$_ }} | Add-ZarrSlice \"$T/{name}\" -Key sensors/temperature");
        var info = s.Ok($"Add-ZarrSlice \"$T/{name}\" -Key sensors/temperature -Value @(@(7, 8), @(9, 10)) -PassThru").Single();
        Assert.Equal(new long[] { 5, 2 }, (long[])info.Properties["Shape"].Value);
        var all = s.One<double[,]>($",(Get-ZarrSlice \"$T/{name}\" -Key sensors/temperature)");
        Assert.Equal(new double[,] { { 1.5, 2.5 }, { 3, 4 }, { 5, 6 }, { 7, 8 }, { 9, 10 } }, all);
        s.Ok($"Add-ZarrSlice \"$T/{name}\" -Key sensors/temperature -Value @(0, 0, 0, 0, 0) -Axis 1");
        Assert.Equal(new long[] { 5, 3 }, (long[])s.Ok($"Get-ZarrTree \"$T/{name}\" -Key sensors/temperature -Depth 0").Single().Properties["Shape"].Value);
        Assert.Contains("ZarrInvalidSelection", s.Run($"Add-ZarrSlice \"$T/{name}\" -Key sensors/temperature -Value @(1, 2)").ErrorIds);
        Assert.Contains("ZarrUnsupportedValueType", s.Run($"Add-ZarrSlice \"$T/{name}\" -Key sensors/temperature -Value @('a', 'b', 'c')").ErrorIds);
        Assert.Contains("ZarrInvalidArgument", s.Run($"Add-ZarrSlice \"$T/{name}\" -Key sensors/temperature -Value @(1, 2, 3) -Axis 2").ErrorIds);
        s.Ok($"Add-ZarrSlice \"$T/{name}\" -Key sensors/temperature -Value @(1, 2, 3) -WhatIf");
        Assert.Equal(new long[] { 5, 3 }, (long[])s.Ok($"Get-ZarrTree \"$T/{name}\" -Key sensors/temperature -Depth 0").Single().Properties["Shape"].Value);
    }

    [Fact]
    public void ResizeZarrArrayShrinksWithConfirmationAndGrows()
    {
        using var s = new PsSession();
        s.Ok("New-ZarrArray \"$T/s.zarr\" -Key x -Shape 10 -DataType int32 -ChunkShape 2; Set-ZarrSlice \"$T/s.zarr\" -Key x -Value @(1..10)");
        s.Ok("Resize-ZarrArray \"$T/s.zarr\" -Key x -Shape 4 -WhatIf");
        Assert.Equal(10, s.One<int[]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key x)").Length);
        Assert.Equal("High", s.Ok("(Get-Command Resize-ZarrArray).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact.ToString()").Single().BaseObject);
        var info = s.Ok("Resize-ZarrArray \"$T/s.zarr\" -Key x -Shape 3 -Confirm:$false -PassThru").Single();
        Assert.Equal(new long[] { 3 }, (long[])info.Properties["Shape"].Value);
        Assert.Equal(["0", "1"], Directory.GetFiles(Path.Combine(s.Temp, "s.zarr", "x", "c")).Select(Path.GetFileName).Order());
        s.Ok("Resize-ZarrArray \"$T/s.zarr\" -Key x -Shape 6 -Confirm:$false");
        Assert.Equal(new[] { 1, 2, 3, 0, 0, 0 }, s.One<int[]>(",(Get-ZarrSlice \"$T/s.zarr\" -Key x)"));
        Assert.Contains("ZarrInvalidArgument", s.Run("Resize-ZarrArray \"$T/s.zarr\" -Key x -Shape 2,2 -Confirm:$false").ErrorIds);
        Assert.Contains("ZarrKeyNotFound", s.Run("Resize-ZarrArray \"$T/s.zarr\" -Key nope -Shape 2 -Confirm:$false").ErrorIds);
    }

    [Theory]
    [InlineData("s.zarr")]
    [InlineData("s.zarr.zip")]
    public void RemoveZarrNodeNeedsRecurseForGroupsAndRefreshesConsolidated(string name)
    {
        using var s = new PsSession();
        s.Ok($"Save-Zarr \"$T/{name}\" -InputObject @{{ g = @{{ a = [int[]](1, 2); b = 3 }}; keep = 1.5 }} -Consolidate");
        var before = s.Ok($"Get-ZarrTree \"$T/{name}\" | ForEach-Object Key").Select(o => o.ToString()).ToList();
        s.Ok($"Remove-ZarrNode \"$T/{name}\" -Key g -Recurse -WhatIf");
        Assert.Equal(before, s.Ok($"Get-ZarrTree \"$T/{name}\" | ForEach-Object Key").Select(o => o.ToString()).ToList());
        Assert.Contains("ZarrInvalidArgument", s.Run($"Remove-ZarrNode \"$T/{name}\" -Key g -Confirm:$false").ErrorIds);
        Assert.Contains("ZarrInvalidArgument", s.Run($"Remove-ZarrNode \"$T/{name}\" -Key / -Confirm:$false").ErrorIds);
        Assert.Contains("ZarrKeyNotFound", s.Run($"Remove-ZarrNode \"$T/{name}\" -Key nope -Confirm:$false").ErrorIds);
        s.Ok($"Remove-ZarrNode \"$T/{name}\" -Key g/a -Confirm:$false");
        s.Ok($"Get-ZarrTree \"$T/{name}\" -Key g/b | Remove-ZarrNode -Confirm:$false");
        s.Ok($"Remove-ZarrNode \"$T/{name}\" -Key g -Confirm:$false"); // empty now: no -Recurse needed
        Assert.Equal(["/", "keep"], s.Ok($"Get-ZarrTree \"$T/{name}\" | ForEach-Object Key").Select(o => o.ToString()).ToList());
        Assert.Equal(1.5, s.One<double>($"Import-Zarr \"$T/{name}\" -Key keep"));
        if (name == "s.zarr")
        {
            var consolidated = File.ReadAllText(Path.Combine(s.Temp, name, "zarr.json"));
            Assert.Contains("keep", consolidated);
            Assert.DoesNotContain("\"g/", consolidated);
            Assert.False(Directory.Exists(Path.Combine(s.Temp, name, "g")));
            Assert.Empty(Directory.GetDirectories(Path.Combine(s.Temp, name, ".zarr-txn")));
        }
    }

    [Fact]
    public void CopyZarrNodeUpgradesV2ToV3CopyingChunkBytesAndCrossesStores()
    {
        using var s = new PsSession();
        s.Ok("""
            $m = [double[,]]::new(6, 4); for ($i = 0; $i -lt 24; $i++) { $m[[math]::Floor($i / 4), ($i % 4)] = $i }
            Save-Zarr "$T/old.zarr" -InputObject @{ run = @{ m = $m; n = [int[]](1..5) } } -ZarrFormat 2 -ChunkShape 4,4 -Attributes @{ lab = 'x' }
            """);
        s.Ok("Copy-ZarrNode \"$T/old.zarr\" -Key run -Destination \"$T/new.zarr\" -ZarrFormat 3");
        var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(s.Temp, "new.zarr", "run", "m", "zarr.json")))!;
        Assert.Equal(3, meta["zarr_format"]!.GetValue<int>());
        // Chunk bytes are the v2 chunk's bytes, moved to the v3 key.
        Assert.Equal(File.ReadAllBytes(Path.Combine(s.Temp, "old.zarr", "run", "m", "1.0")), File.ReadAllBytes(Path.Combine(s.Temp, "new.zarr", "run", "m", "c", "1", "0")));
        var m = s.One<double[,]>(",(Import-Zarr \"$T/new.zarr\" -Key run/m)");
        Assert.Equal(23.0, m[5, 3]);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, s.One<int[]>(",(Import-Zarr \"$T/new.zarr\" -Key run/n)"));
        // Directory → zip and back, within a store, and -Force.
        s.Ok("Copy-ZarrNode \"$T/new.zarr\" -Key run -Destination \"$T/z.zarr.zip\" -DestinationKey archive/run");
        s.Ok("Copy-ZarrNode \"$T/z.zarr.zip\" -Key archive/run/m -Destination \"$T/new.zarr\" -DestinationKey m2");
        Assert.Equal(m, s.One<double[,]>(",(Import-Zarr \"$T/new.zarr\" -Key m2)"));
        Assert.Contains("ZarrNodeExists", s.Run("Copy-ZarrNode \"$T/new.zarr\" -Key run/n -Destination \"$T/new.zarr\" -DestinationKey m2").ErrorIds);
        s.Ok("Copy-ZarrNode \"$T/new.zarr\" -Key run/n -Destination \"$T/new.zarr\" -DestinationKey m2 -Force");
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, s.One<int[]>(",(Import-Zarr \"$T/new.zarr\" -Key m2)"));
        Assert.Contains("ZarrInvalidArgument", s.Run("Copy-ZarrNode \"$T/new.zarr\" -Key run -Destination \"$T/new.zarr\" -DestinationKey run/inner").ErrorIds);
        Assert.Contains("ZarrInvalidArgument", s.Run("Copy-ZarrNode \"$T/new.zarr\" -Key run -Destination \"$T/old.zarr\" -DestinationKey x").ErrorIds
            .Concat(s.Run("Copy-ZarrNode \"$T/new.zarr\" -Key run -Destination \"$T/old.zarr\" -DestinationKey x -ZarrFormat 3").ErrorIds));
        s.Ok("Copy-ZarrNode \"$T/new.zarr\" -Key run -Destination \"$T/w.zarr\" -WhatIf");
        Assert.False(Directory.Exists(Path.Combine(s.Temp, "w.zarr")));
        // v3 → v2 works, sharded arrays cannot be v2.
        s.Ok("Copy-ZarrNode \"$T/new.zarr\" -Key run/m -Destination \"$T/back2.zarr\" -ZarrFormat 2");
        Assert.Equal(m, s.One<double[,]>(",(Import-Zarr \"$T/back2.zarr\" -Key run/m)"));
        s.Ok("New-ZarrArray \"$T/new.zarr\" -Key sh -Shape 8 -DataType uint8 -ChunkShape 2 -ShardShape 4");
        Assert.Contains("ZarrUnsupportedCodec", s.Run("Copy-ZarrNode \"$T/new.zarr\" -Key sh -Destination \"$T/back2.zarr\" -ZarrFormat 2").ErrorIds);
    }

    [Fact]
    public void MoveZarrNodeRenamesWithinAStoreAndMovesAcrossStores()
    {
        using var s = new PsSession();
        s.Ok("Save-Zarr \"$T/s.zarr\" -InputObject @{ a = [int[]](1, 2, 3); g = @{ b = 'text' } } -Consolidate");
        s.Ok("Move-ZarrNode \"$T/s.zarr\" -Key a -DestinationKey archive/a");
        Assert.Equal(new[] { 1, 2, 3 }, s.One<int[]>(",(Import-Zarr \"$T/s.zarr\" -Key archive/a)"));
        Assert.Contains("ZarrKeyNotFound", s.Run("Import-Zarr \"$T/s.zarr\" -Key a").ErrorIds);
        Assert.Contains("archive/a", File.ReadAllText(Path.Combine(s.Temp, "s.zarr", "zarr.json")));
        s.Ok("Move-ZarrNode \"$T/s.zarr\" -Key g -Destination \"$T/other.zarr.zip\"");
        Assert.Equal("text", s.One<string>("Import-Zarr \"$T/other.zarr.zip\" -Key g/b"));
        Assert.Contains("ZarrKeyNotFound", s.Run("Import-Zarr \"$T/s.zarr\" -Key g").ErrorIds);
        Assert.Contains("ZarrInvalidArgument", s.Run("Move-ZarrNode \"$T/s.zarr\" -Key archive").ErrorIds);
        s.Ok("Move-ZarrNode \"$T/s.zarr\" -Key archive -DestinationKey moved -WhatIf");
        Assert.True(Directory.Exists(Path.Combine(s.Temp, "s.zarr", "archive")));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void SaveZarrWritesASingleValueAtTheKey(int format)
    {
        using var s = new PsSession();
        s.Ok($"Save-Zarr \"$T/s.zarr\" -Key analysis/spike_rate -InputObject 3.5 -ZarrFormat {format}");
        Assert.Equal(3.5, s.One<double>("Import-Zarr \"$T/s.zarr\" -Key analysis/spike_rate"));
        Assert.Equal("Array", s.Ok("Get-ZarrTree \"$T/s.zarr\" -Key analysis/spike_rate -Depth 0").Single().Properties["NodeType"].Value);
        s.Ok(",[double[]](1, 2) | Save-Zarr \"$T/s.zarr\" -Key analysis/piped");
        Assert.Equal(new double[] { 1, 2 }, s.One<double[]>(",(Import-Zarr \"$T/s.zarr\" -Key analysis/piped)"));
        s.Ok("$records = @([pscustomobject]@{ a = 1 }, [pscustomobject]@{ a = 2 }); Save-Zarr \"$T/s.zarr\" -Key analysis/trials -InputObject $records");
        Assert.Equal(2, s.Ok("Import-Zarr \"$T/s.zarr\" -Key analysis/trials").Count);
        s.Ok("Save-Zarr \"$T/s.zarr\" -InputObject 7");
        Assert.Equal(7, s.One<int>("Import-Zarr \"$T/s.zarr\" -Key data"));
        s.Ok("Save-Zarr \"$T/s.zarr\" -Key analysis -InputObject @{ extra = 1 }");
        Assert.Equal(1, s.One<int>("Import-Zarr \"$T/s.zarr\" -Key analysis/extra"));
        Assert.Contains("ZarrNodeExists", s.Run("Save-Zarr \"$T/s.zarr\" -Key analysis/spike_rate -InputObject 4.5").ErrorIds);
        s.Ok("Save-Zarr \"$T/s.zarr\" -Key analysis/spike_rate -InputObject 4.5 -Force");
        Assert.Equal(4.5, s.One<double>("Import-Zarr \"$T/s.zarr\" -Key analysis/spike_rate"));
    }
}
