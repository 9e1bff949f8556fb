using System.Text.Json.Nodes;
using SciTex.Zarr.Tests.Cmdlets;
using SciTex.Zarr.Tests.Interop;

namespace SciTex.Zarr.Tests.Regions;

/// <summary>An array created by zarr-python 2.13, written into by region and appended to here, read back exactly by zarr-python.</summary>
public sealed class RegionInteropTests
{
    [Fact]
    public void ZarrPythonReadsRegionWritesAndAppendsExactly()
    {
        using var s = new PsSession();
        var root = s.P("py.zarr");
        Peers.RunPython("region_interop.py", "make", root);
        s.Ok("Set-ZarrSlice \"$T/py.zarr\" -Key a '2:6, 1:3' -Value -1");
        s.Ok("Set-ZarrSlice \"$T/py.zarr\" -Key a -Start 9 -Value @(,@(100, 101, 102, 103))");
        s.Ok("Add-ZarrSlice \"$T/py.zarr\" -Key a -Value @(@(7, 7, 7, 7), @(8, 8, 8, 8), @(9, 9, 9, 9))");
        var expected = new int[13, 4];
        for (var i = 0; i < 10; i++)
            for (var j = 0; j < 4; j++) expected[i, j] = i * 4 + j;
        for (var i = 2; i < 6; i++)
            for (var j = 1; j < 3; j++) expected[i, j] = -1;
        for (var j = 0; j < 4; j++)
        {
            expected[9, j] = 100 + j;
            expected[10, j] = 7;
            expected[11, j] = 8;
            expected[12, j] = 9;
        }
        var report = JsonNode.Parse(Peers.RunPython("region_interop.py", "read", root).Trim().Split('\n')[^1])!;
        Assert.Equal("[13,4]", report["shape"]!.ToJsonString());
        var values = report["values"]!.AsArray();
        for (var i = 0; i < 13; i++)
            for (var j = 0; j < 4; j++) Assert.True(expected[i, j] == values[i]![j]!.GetValue<int>(), $"[{i},{j}]");
        // The .zarray kept zarr-python's own fields; only the shape changed.
        var zarray = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "a", ".zarray")))!;
        Assert.Equal("zlib", zarray["compressor"]!["id"]!.GetValue<string>());
        Assert.Equal("[13,4]", zarray["shape"]!.ToJsonString());
    }
}
