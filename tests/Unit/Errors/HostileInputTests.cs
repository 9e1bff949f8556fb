using System.IO.Compression;
using System.Text;
using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests.Errors;

/// <summary>
/// Inputs that crashed the process (.NET stack overflow, exit 134) before: zip entries named '/x' or 'a//b', pickled
/// dicts that contain themselves or nest 100 000 deep (shown through a group), and cyclic or very deep PowerShell
/// input. Each runs in a child host process, so a regression is a failed test rather than a dead test run.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scitex-hostile-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private const string Group = """{"zarr_format":3,"node_type":"group","attributes":{}}""";

    internal static string Array1D(long length, int chunk, string dtype = "uint8", string attributes = "{}") =>
        $$$"""{"zarr_format":3,"node_type":"array","shape":[{{{length}}}],"data_type":"{{{dtype}}}","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[{{{chunk}}}]}},"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":0,"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"attributes":{{{attributes}}}}""";

    private HostRun Host(string script) => HostProcess.Run(["-NoProfile", "-Command", script], workingDirectory: _dir);

    private static void NoCrash(HostRun run)
    {
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");
        Assert.DoesNotContain("Stack overflow", run.StdErr);
        Assert.DoesNotContain("   at ", run.StdErr);
    }

    private string Zip(string name, params (string Entry, string Text)[] entries)
    {
        var path = Path.Combine(_dir, name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, text) in entries)
        {
            using var stream = archive.CreateEntry(entry).Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }
        return path;
    }

    [Fact]
    public void OddZipEntryNamesAreNormalisedLikeZipToolsExtractThem()
    {
        Zip("slash.zip", ("zarr.json", Group), ("/x/zarr.json", Group));
        Zip("double.zip", ("zarr.json", Group), ("a/zarr.json", Group), ("a//b/zarr.json", Group));
        Zip("dot.zip", ("./zarr.json", Group), ("./x/zarr.json", Group));
        Zip("backslash.zip", ("zarr.json", Group), ("a\\zarr.json", Group), ("a\\b\\zarr.json", Group));
        Zip("dup.zip", ("zarr.json", Group), ("x/zarr.json", Group), ("/x/zarr.json", """{"zarr_format":3,"node_type":"group","attributes":{"last":1}}"""));
        var run = Host("""
            foreach ($z in 'slash', 'double', 'dot', 'backslash', 'dup') { "$z=" + ((Get-ZarrTree "./$z.zip" | ForEach-Object Key) -join ',') }
            "dup-attr=" + (Get-ZarrTree ./dup.zip -Key x).Attributes['last']
            """);
        NoCrash(run);
        Assert.Contains("slash=/,x", run.StdOut);
        Assert.Contains("double=/,a,a/b", run.StdOut);
        Assert.Contains("dot=/,x", run.StdOut);
        Assert.Contains("backslash=/,a,a/b", run.StdOut);
        Assert.Contains("dup=/,x", run.StdOut);
        Assert.Contains("dup-attr=1", run.StdOut); // the last of two entries naming the same key wins
        Assert.Empty(run.StdErr.Trim());
    }

    [Fact]
    public void ZipEntriesPointingOutsideTheStoreAreRefusedByName()
    {
        Zip("dotdot.zip", ("zarr.json", Group), ("a/../b/zarr.json", Group));
        Zip("up.zip", ("zarr.json", Group), ("../evil/zarr.json", Group));
        var run = Host("""
            foreach ($z in 'dotdot', 'up') {
                try { Get-ZarrTree "./$z.zip" -ErrorAction Stop | Out-Null; "$z=ok" } catch { "$z=" + $_.FullyQualifiedErrorId.Split(',')[0] + '|' + $_.CategoryInfo.Category }
            }
            """);
        NoCrash(run);
        Assert.Contains("dotdot=ZarrCorruptSource|InvalidData", run.StdOut);
        Assert.Contains("up=ZarrCorruptSource|InvalidData", run.StdOut);
    }

    private void PickledStore(string name, byte[] pickle)
    {
        var root = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.Combine(root, "v", "c"));
        File.WriteAllText(Path.Combine(root, "zarr.json"), Group);
        File.WriteAllText(Path.Combine(root, "v", "zarr.json"), Array1D(pickle.Length, pickle.Length, attributes: """{"_type":"pickled"}"""));
        File.WriteAllBytes(Path.Combine(root, "v", "c", "0"), pickle);
    }

    /// <summary>Protocol 4: d = {}; d['self'] = d.</summary>
    internal static readonly byte[] SelfDict = [0x80, 4, (byte)'}', 0x94, 0x8c, 4, .. "self"u8, 0x94, (byte)'h', 0, (byte)'s', (byte)'.'];
    /// <summary>Protocol 4: l = []; l.append(l).</summary>
    internal static readonly byte[] SelfList = [0x80, 4, (byte)']', 0x94, (byte)'h', 0, (byte)'a', (byte)'.'];

    /// <summary>{'k': {'k': … }} nested <paramref name="depth"/> levels.</summary>
    internal static byte[] DeepDict(int depth)
    {
        var ops = new List<byte> { 0x80, 4, (byte)'}' };
        for (var i = 0; i < depth; i++) ops.AddRange([0x8c, 1, (byte)'k', (byte)'}']);
        for (var i = 0; i < depth; i++) ops.Add((byte)'s');
        ops.Add((byte)'.');
        return ops.ToArray();
    }

    [Fact]
    public void PickledCyclesAndDeepNestingLoadThroughAGroupAsPythonGivesThem()
    {
        PickledStore("selfdict", SelfDict);
        PickledStore("selflist", SelfList);
        PickledStore("deep", DeepDict(100_000));
        var run = Host("""
            $d = Import-Zarr ./selfdict
            "selfdict=" + [object]::ReferenceEquals($d.v, $d.v.self)
            $l = Import-Zarr ./selflist -AsHashtable
            "selflist=" + [object]::ReferenceEquals($l.v, $l.v[0])
            $deep = Import-Zarr ./deep
            $n = $deep.v; $levels = 0; while ($null -ne $n.k) { $n = $n.k; $levels++ }
            "deep=$levels"
            try { Save-Zarr ./again -InputObject $d -ErrorAction Stop } catch { "resave=" + $_.FullyQualifiedErrorId.Split(',')[0] }
            "written=" + [System.IO.Directory]::Exists("$PWD/again")
            """);
        NoCrash(run);
        Assert.Contains("selfdict=True", run.StdOut);
        Assert.Contains("selflist=True", run.StdOut);
        Assert.Contains("deep=100000", run.StdOut);
        Assert.Contains("resave=ZarrUnsupportedValueType", run.StdOut);
        Assert.Contains("written=False", run.StdOut);
    }

    [Fact]
    public void CyclicPowerShellInputIsRefusedInThePlanNamingThePath()
    {
        var run = Host("""
            function Try-Save([scriptblock] $save) {
                try { & $save; 'saved' } catch { $_.FullyQualifiedErrorId.Split(',')[0] + '|' + $_.CategoryInfo.Category + '|' + $_.Exception.Message }
            }
            $a = @{}; $a.self = $a
            "hashtable=" + (Try-Save { Save-Zarr ./s1 -InputObject @{ top = $a } -ErrorAction Stop })
            $list = [System.Collections.ArrayList]::new(); [void]$list.Add(1); [void]$list.Add($list)
            "arraylist=" + (Try-Save { Save-Zarr ./s2 -InputObject @{ items = $list } -ErrorAction Stop })
            $o = [pscustomobject]@{ name = 'x' }; $o.psobject.Properties.Add([psnoteproperty]::new('me', $o))
            "pscustomobject=" + (Try-Save { Save-Zarr ./s3 -InputObject @{ o = $o } -ErrorAction Stop })
            $attr = @{ a = 1 }; $attr.loop = @{ back = $attr }
            "attributes=" + (Try-Save { Save-Zarr ./s4 -InputObject @{ x = 1 } -Attributes $attr -ErrorAction Stop })
            Save-Zarr ./s5 -InputObject @{ x = 1 }
            "setattribute=" + (Try-Save { Set-ZarrAttribute ./s5 -Attributes @{ loop = $attr } -ErrorAction Stop })
            $deep = @{}; $cur = $deep; for ($i = 0; $i -lt 10000; $i++) { $next = @{}; $cur.n = $next; $cur = $next }
            "deep=" + (Try-Save { Save-Zarr ./s6 -InputObject $deep -ErrorAction Stop })
            foreach ($s in 's1', 's2', 's3', 's4', 's6') { "$s=" + [System.IO.Directory]::Exists("$PWD/$s") }
            "s5attrs=" + ((Get-ZarrTree ./s5).Attributes.Keys -join ',')
            """);
        NoCrash(run);
        Assert.Contains("hashtable=ZarrUnsupportedValueType|InvalidType|", run.StdOut);
        Assert.Contains("'top/self'", run.StdOut);
        Assert.Contains("arraylist=ZarrUnsupportedValueType|InvalidType|", run.StdOut);
        Assert.Contains("'items[1]'", run.StdOut);
        Assert.Contains("pscustomobject=ZarrUnsupportedValueType|InvalidType|", run.StdOut);
        Assert.Contains("'o/me'", run.StdOut);
        Assert.Contains("attributes=ZarrUnsupportedValueType|InvalidType|", run.StdOut);
        Assert.Contains("'loop/back'", run.StdOut);
        Assert.Contains("setattribute=ZarrUnsupportedValueType|", run.StdOut);
        Assert.Contains("deep=ZarrLimitExceeded|LimitsExceeded|", run.StdOut);
        Assert.Contains("1000 levels", run.StdOut);
        foreach (var s in new[] { "s1", "s2", "s3", "s4", "s6" }) Assert.Contains($"{s}=False", run.StdOut);
        Assert.Contains("s5attrs=\n", run.StdOut.Replace("\r", "") + "\n");
    }
}
