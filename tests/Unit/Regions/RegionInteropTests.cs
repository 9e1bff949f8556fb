using System.Text.Json.Nodes;
using SciTex.Zarr.Tests.Cmdlets;
using SciTex.Zarr.Tests.Interop;

namespace SciTex.Zarr.Tests.Regions;

/// <summary>
/// An array created by zarr-python 2.13, written into by region and appended to here, read back exactly by zarr-python;
/// arrays created here (v2, v3, v3 sharded) and filled by region, broadcast and append, read back exactly by zarrita.
/// </summary>
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

    /// <summary>
    /// What the script in <see cref="ZarritaReadsArraysCreatedAndFilledByRegion"/> leaves in 'grid': fill -9, rows 1..6 ×
    /// columns 2..10 = i·100 + j, row 8 = 1000 + j, row 0 = 5.5, then 3 appended rows 10..12 = −(i·100 + j).
    /// </summary>
    private static double[,] ExpectedGrid()
    {
        var g = new double[13, 12];
        for (var i = 0; i < 13; i++)
            for (var j = 0; j < 12; j++)
                g[i, j] = i >= 10 ? -(i * 100 + j) : i == 0 ? 5.5 : i == 8 ? 1000 + j : i is >= 1 and < 7 && j is >= 2 and < 11 ? i * 100 + j : -9;
        return g;
    }

    private static readonly long[] ExpectedLog = [1L << 53, (1L << 53) + 1, -7, long.MaxValue, long.MinValue, 42, 43, 44, 45, 46, 47];

    [SkippableTheory]
    [InlineData("v2", "-ZarrFormat 2")]
    [InlineData("v3", "-ZarrFormat 3")]
    [InlineData("v3sharded", "-ZarrFormat 3 -ShardShape 8, 10")]
    public void ZarritaReadsArraysCreatedAndFilledByRegion(string name, string format)
    {
        using var s = new PsSession();
        var store = s.P($"{name}.zarr");
        s.Ok($$"""
            $store = "$T/{{name}}.zarr"
            New-ZarrArray $store -Key grid -Shape 10, 12 -DataType float64 -ChunkShape 4, 5 -FillValue -9 {{format}}
            $b = [double[,]]::new(6, 9)
            for ($i = 0; $i -lt 6; $i++) { for ($j = 0; $j -lt 9; $j++) { $b[$i, $j] = ($i + 1) * 100 + $j + 2 } }
            Set-ZarrSlice $store -Key grid -Selection '1:7, 2:11' -Value $b
            Set-ZarrSlice $store -Key grid -Start 8 -Value @(,[double[]](0..11 | ForEach-Object { 1000 + $_ }))
            Set-ZarrSlice $store -Key grid -Selection '0, :' -Value 5.5
            $tail = [double[,]]::new(3, 12)
            for ($i = 0; $i -lt 3; $i++) { for ($j = 0; $j -lt 12; $j++) { $tail[$i, $j] = -(($i + 10) * 100 + $j) } }
            Add-ZarrSlice $store -Key grid -Value $tail
            New-ZarrArray $store -Key log -Shape 0 -DataType int64 -ChunkShape 4 {{format.Replace("8, 10", "8")}}
            Add-ZarrSlice $store -Key log -Value ([long[]] @(9007199254740992, 9007199254740993, -7))
            Add-ZarrSlice $store -Key log -Value ([long[]] @([long]::MaxValue, [long]::MinValue))
            @(42..44 | ForEach-Object { [long] $_ }), @(45..47 | ForEach-Object { [long] $_ }) | ForEach-Object { , [long[]] $_ } | Add-ZarrSlice $store -Key log
            """);
        if (name == "v3sharded") // the arrays really are sharded: 2 × 2 shards of 8 × 10 for 13 × 12
            Assert.Contains("sharding_indexed", File.ReadAllText(Path.Combine(store, "grid", "zarr.json")));
        var arrays = new JsonArray
        {
            new JsonObject
            {
                ["path"] = "grid", ["dtype"] = "float64", ["shape"] = new JsonArray(13, 12), ["chunks"] = new JsonArray(4, 5), // zarrita reports the inner chunks of a sharded array
                ["attrs"] = new JsonObject(), ["fill_value"] = -9.0, ["dimension_names"] = null,
                ["values"] = new JsonArray(ExpectedGrid().Cast<double>().Select(v => (JsonNode?)v).ToArray()),
            },
            new JsonObject
            {
                ["path"] = "log", ["dtype"] = "int64", ["shape"] = new JsonArray(ExpectedLog.Length), ["chunks"] = new JsonArray(4),
                ["attrs"] = new JsonObject(), ["fill_value"] = "0", ["dimension_names"] = null,
                ["values"] = new JsonArray(ExpectedLog.Select(v => (JsonNode?)v.ToString()).ToArray()),
            },
        };
        File.WriteAllText(Path.Combine(store, "manifest.json"),
            new JsonObject { ["writer"] = "SciTex.Zarr region cmdlets", ["arrays"] = arrays, ["groups"] = new JsonArray() }.ToJsonString());
        var report = JsonNode.Parse(Peers.RunNode("read_v3.mjs", store).Trim().Split('\n')[^1])!;
        Assert.True(report["failures"]!.AsArray().Count == 0, $"{report["peer"]}: {string.Join("; ", report["failures"]!.AsArray())}");
        Assert.Equal(2, report["checked"]!.GetValue<int>());
    }
}
