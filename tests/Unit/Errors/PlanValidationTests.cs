using System.Numerics;
using SciTex.Zarr.Tests.Cmdlets;

namespace SciTex.Zarr.Tests.Errors;

/// <summary>Names, keys and sizes that used to pass planning and fail half-way through a save, and the tree's counts for huge shapes.</summary>
public sealed class PlanValidationTests
{
    private static string Snapshot(string dir) => string.Join("\n",
        Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => f + (File.Exists(f) ? ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) : "/")));

    [Theory]
    [InlineData("'a\\b'", "ZarrInvalidKey")]
    [InlineData("\"nul`0x\"", "ZarrInvalidKey")]
    [InlineData("\"line`nbreak\"", "ZarrInvalidKey")]
    [InlineData("\"tab`tx\"", "ZarrInvalidKey")]
    [InlineData("('n' * 256)", "ZarrInvalidKey")]
    [InlineData("('é' * 128)", "ZarrInvalidKey")] // 256 UTF-8 bytes in 128 characters
    [InlineData("'zarr.json'", "ZarrInvalidKey")]
    [InlineData("'.zattrs'", "ZarrInvalidKey")]
    [InlineData("'__private'", "ZarrInvalidKey")]
    [InlineData("'..'", "ZarrInvalidKey")]
    public void ABadNameAfterGoodSiblingsWritesNothing(string name, string id)
    {
        using var s = new PsSession();
        s.Ok("Save-Zarr \"$T/s\" -InputObject @{ keep = [int[]](1,2) }");
        var before = Snapshot(s.P("s"));
        // Good siblings come first, and one nested deeper, so a write-time failure would leave them behind.
        var r = s.Run($"Save-Zarr \"$T/s\" -InputObject ([ordered]@{{ a1 = [int[]](1); g = [ordered]@{{ b = 2; {name} = 3 }} }})");
        Assert.Equal([id], r.ErrorIds);
        Assert.NotEqual(System.Management.Automation.ErrorCategory.NotSpecified, r.Errors[0].CategoryInfo.Category);
        Assert.Equal(before, Snapshot(s.P("s")));
    }

    [Fact]
    public void NamesUpTo255BytesAreFine()
    {
        using var s = new PsSession();
        Assert.Equal(7, s.One<int>("Save-Zarr \"$T/s\" -InputObject @{ ('n' * 255) = 7 }; Import-Zarr \"$T/s\" -Key ('n' * 255)"));
    }

    [Fact]
    public void ColonsAreValidZarrNamesWhereTheStoreCanHoldThem()
    {
        if (OperatingSystem.IsWindows()) return; // Windows directory stores refuse ':' in the plan (see docs/limits.md)
        using var s = new PsSession();
        s.Ok("""
            Save-Zarr "$T/s" -InputObject ([ordered]@{ 'x:y' = [int[]](1, 2); 'C:x' = 3 })
            Save-Zarr "$T/z.zarr.zip" -InputObject ([ordered]@{ 'x:y' = [int[]](4, 5) })
            """);
        Assert.True(File.Exists(s.P("s", "x:y", "zarr.json")));
        Assert.Equal([1, 2], s.One<int[]>(",(Import-Zarr \"$T/s\" -Key 'x:y')"));
        Assert.Equal(3, s.One<int>("Import-Zarr \"$T/s\" -Key 'C:x'"));
        Assert.Equal([4, 5], s.One<int[]>(",(Import-Zarr \"$T/z.zarr.zip\" -Key 'x:y')"));
        Assert.Equal(["/", "C:x", "x:y"], s.Ok("Get-ZarrTree \"$T/s\" | ForEach-Object Key").Select(o => o.BaseObject.ToString()));
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("a/../b")]
    [InlineData("a\\b")]
    public void BadKeysAreNamedInvalidKeyErrors(string key)
    {
        using var s = new PsSession();
        var r = s.Run($"Save-Zarr \"$T/s\" -Key '{key}' -InputObject @{{ a = 1 }}");
        Assert.Equal(["ZarrInvalidKey"], r.ErrorIds);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, r.Errors[0].CategoryInfo.Category);
        Assert.False(Directory.Exists(s.P("s")));
    }

    [Fact]
    public void ATreeTooDeepForThePathLimitFailsInThePlan()
    {
        if (OperatingSystem.IsWindows()) return;
        using var s = new PsSession();
        // 600 levels of 8-byte names: well inside the depth limit, far beyond PATH_MAX (4096 bytes).
        var r = s.Run("""
            $deep = @{}; $cur = $deep; for ($i = 0; $i -lt 600; $i++) { $next = @{}; $cur.abcdefgh = $next; $cur = $next }; $cur.v = 1
            Save-Zarr "$T/s" -InputObject $deep
            """);
        Assert.Equal(["ZarrInvalidKey"], r.ErrorIds);
        Assert.Contains("byte limit", r.Errors[0].Exception.Message);
        Assert.False(Directory.Exists(s.P("s")));
    }

    [Fact]
    public void TooManyChunksFailInThePlanNotWithOutOfMemory()
    {
        using var s = new PsSession();
        var r = s.Run("Save-Zarr \"$T/s\" -InputObject @{ a = [byte[]]::new(5000000) } -ChunkShape @(1)");
        Assert.Equal(["ZarrInvalidSelection"], r.ErrorIds); // ZarrConfig.MaxChunksPerOperation
        Assert.False(Directory.Exists(s.P("s")));
    }

    private static void CraftArray(string root, string shape, string chunks, string dtype = "float64")
    {
        Directory.CreateDirectory(Path.Combine(root, "a"));
        File.WriteAllText(Path.Combine(root, "zarr.json"), """{"zarr_format":3,"node_type":"group","attributes":{}}""");
        File.WriteAllText(Path.Combine(root, "a", "zarr.json"),
            $$$"""{"zarr_format":3,"node_type":"array","shape":{{{shape}}},"data_type":"{{{dtype}}}","chunk_grid":{"name":"regular","configuration":{"chunk_shape":{{{chunks}}}}},"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":0,"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"attributes":{}}""");
    }

    [Fact]
    public void TreeCountsAreExactAndHugeShapesNeverWrap()
    {
        using var s = new PsSession();
        CraftArray(s.P("wide"), "[1099511627776, 1099511627776]", "[1048576, 1048576]", "float64");
        CraftArray(s.P("long"), "[9223372036854775807]", "[1000]", "float64");
        CraftArray(s.P("bytes"), "[9223372036854775807]", "[1000]", "uint8");
        CraftArray(s.P("big"), "[4611686018427387904]", "[1000]", "uint8");
        // Arrays of more than 2^63 bytes are refused by name when parsed (docs/limits.md), never shown as 0 elements or −8 bytes.
        foreach (var refused in new[] { "wide", "long" })
        {
            var r = s.Run($"Get-ZarrTree \"$T/{refused}\" -Key a");
            Assert.Equal(["ZarrInvalidMetadata"], r.ErrorIds);
        }
        var bytes = s.Ok("Get-ZarrTree \"$T/bytes\" -Key a")[0];
        Assert.Equal(new BigInteger(long.MaxValue), (BigInteger)bytes.Properties["ElementCount"].Value);
        Assert.Equal(new BigInteger(long.MaxValue), (BigInteger)bytes.Properties["LogicalBytes"].Value);
        var big = s.Ok("Get-ZarrTree \"$T/big\" -Key a")[0];
        Assert.Equal(BigInteger.Pow(2, 62), (BigInteger)big.Properties["LogicalBytes"].Value);
    }

    [Fact]
    public void ReadingOneElementChunksBeyondTheCapIsANamedErrorWithinSeconds()
    {
        using var s = new PsSession();
        CraftArray(s.P("many"), "[100000000]", "[1]");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = s.Run("Import-Zarr \"$T/many\" -Key a");
        Assert.Equal(["ZarrInvalidSelection"], r.ErrorIds); // ZarrConfig.MaxChunksPerOperation
        Assert.Contains("100000000 chunks", r.Errors[0].Exception.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        // A window within the cap still reads (all fill).
        Assert.Equal(new double[10], s.One<double[]>(",(Get-ZarrSlice \"$T/many\" -Key a '0:10')"));
    }
}
