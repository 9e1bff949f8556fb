using System.IO.Compression;
using System.Management.Automation;
using System.Text;
using SciTex.Zarr.Tests.Cmdlets;

namespace SciTex.Zarr.Tests.Errors;

/// <summary>
/// The sweep: a table of crafted stores (odd or malformed metadata, huge shapes, zero and negative chunks, wrong JSON
/// types, unknown data types and codecs, truncated chunks, broken zips) and bad cmdlet inputs, run through the real
/// cmdlets in the hosted session. Every failure must be an ErrorRecord whose id starts with 'Zarr' and that has a
/// category (not NotSpecified); a raw .NET exception, a bare 'ZarrException' id or a crash fails the sweep.
/// </summary>
public sealed class ErrorSweepTests
{
    private const string Group = """{"zarr_format":3,"node_type":"group","attributes":{}}""";

    private static string V3(string shape = "[10]", string dtype = "\"float64\"", string chunks = "[5]", string codecs = """[{"name":"bytes","configuration":{"endian":"little"}}]""",
        string fill = "0", string grid = "\"regular\"", string encoding = """{"name":"default","configuration":{"separator":"/"}}""", string extra = "") =>
        $$$"""{"zarr_format":3,"node_type":"array","shape":{{{shape}}},"data_type":{{{dtype}}},"chunk_grid":{"name":{{{grid}}},"configuration":{"chunk_shape":{{{chunks}}}}},"chunk_key_encoding":{{{encoding}}},"fill_value":{{{fill}}},"codecs":{{{codecs}}},"attributes":{}{{{extra}}}}""";

    private static string V2(string shape = "[10]", string dtype = "\"<f8\"", string chunks = "[5]", string compressor = "null", string fill = "0", string order = "\"C\"", string filters = "null") =>
        $$$"""{"zarr_format":2,"shape":{{{shape}}},"chunks":{{{chunks}}},"dtype":{{{dtype}}},"compressor":{{{compressor}}},"fill_value":{{{fill}}},"order":{{{order}}},"filters":{{{filters}}}}""";

    /// <summary>Each case: a store name and its files (relative path → content; byte[] or string).</summary>
    private static readonly (string Name, (string Path, object Content)[] Files)[] Stores =
    [
        ("huge-1d", [("zarr.json", Group), ("a/zarr.json", V3(shape: "[9223372036854775807]", chunks: "[1000]"))]),
        ("huge-2d", [("zarr.json", Group), ("a/zarr.json", V3(shape: "[1099511627776, 1099511627776]", chunks: "[1048576, 1048576]"))]),
        ("many-chunks", [("zarr.json", Group), ("a/zarr.json", V3(shape: "[100000000]", chunks: "[1]"))]),
        ("negative-shape", [("zarr.json", Group), ("a/zarr.json", V3(shape: "[-5]"))]),
        ("zero-chunk", [("zarr.json", Group), ("a/zarr.json", V3(chunks: "[0]"))]),
        ("negative-chunk", [("zarr.json", Group), ("a/zarr.json", V3(chunks: "[-1]"))]),
        ("huge-chunk", [("zarr.json", Group), ("a/zarr.json", V3(shape: "[10]", chunks: "[4294967296]"))]),
        ("chunk-rank", [("zarr.json", Group), ("a/zarr.json", V3(chunks: "[5, 5]"))]),
        ("shape-string", [("zarr.json", Group), ("a/zarr.json", V3(shape: "\"10\""))]),
        ("shape-float", [("zarr.json", Group), ("a/zarr.json", V3(shape: "[1.5]"))]),
        ("shape-null", [("zarr.json", Group), ("a/zarr.json", V3(shape: "null"))]),
        ("shape-overflow", [("zarr.json", Group), ("a/zarr.json", V3(shape: "[99999999999999999999999]"))]),
        ("dtype-unknown", [("zarr.json", Group), ("a/zarr.json", V3(dtype: "\"float128x\""))]),
        ("dtype-number", [("zarr.json", Group), ("a/zarr.json", V3(dtype: "5"))]),
        ("dtype-object", [("zarr.json", Group), ("a/zarr.json", V3(dtype: """{"name":"nope"}"""))]),
        ("codec-unknown", [("zarr.json", Group), ("a/zarr.json", V3(codecs: """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"nope"}]"""))]),
        ("codecs-object", [("zarr.json", Group), ("a/zarr.json", V3(codecs: """{"name":"bytes"}"""))]),
        ("codecs-empty", [("zarr.json", Group), ("a/zarr.json", V3(codecs: "[]"))]),
        ("codec-bad-level", [("zarr.json", Group), ("a/zarr.json", V3(codecs: """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":"high"}}]"""))]),
        ("codec-bad-endian", [("zarr.json", Group), ("a/zarr.json", V3(codecs: """[{"name":"bytes","configuration":{"endian":7}}]"""))]),
        ("transpose-bad", [("zarr.json", Group), ("a/zarr.json", V3(codecs: """[{"name":"transpose","configuration":{"order":[5]}},{"name":"bytes","configuration":{"endian":"little"}}]"""))]),
        ("sharding-bad", [("zarr.json", Group), ("a/zarr.json", V3(codecs: """[{"name":"sharding_indexed","configuration":{"chunk_shape":[0],"codecs":[],"index_codecs":[]}}]"""))]),
        ("fill-string", [("zarr.json", Group), ("a/zarr.json", V3(fill: "\"abc\""))]),
        ("fill-int-float", [("zarr.json", Group), ("a/zarr.json", V3(dtype: "\"int8\"", fill: "1000"))]),
        ("fill-object", [("zarr.json", Group), ("a/zarr.json", V3(fill: "{}"))]),
        ("grid-unknown", [("zarr.json", Group), ("a/zarr.json", V3(grid: "\"irregular\""))]),
        ("encoding-unknown", [("zarr.json", Group), ("a/zarr.json", V3(encoding: """{"name":"fancy"}"""))]),
        ("dimension-names", [("zarr.json", Group), ("a/zarr.json", V3(extra: ""","dimension_names":["x","y"]"""))]),
        ("truncated-chunk", [("zarr.json", Group), ("a/zarr.json", V3()), ("a/c/0", new byte[] { 1, 2, 3 })]),
        ("truncated-zstd", [("zarr.json", Group), ("a/zarr.json", V3(codecs: """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":3}}]""")), ("a/c/0", new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x28, 1 })]),
        ("truncated-gzip", [("zarr.json", Group), ("a/zarr.json", V3(codecs: """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"gzip","configuration":{"level":5}}]""")), ("a/c/0", new byte[] { 0x1f, 0x8b, 8, 0, 0 })]),
        ("chunk-is-folder", [("zarr.json", Group), ("a/zarr.json", V3()), ("a/c/0/x", "y")]),
        ("not-json", [("zarr.json", "{")]),
        ("json-array", [("zarr.json", "[]")]),
        ("json-empty", [("zarr.json", "")]),
        ("json-binary", [("zarr.json", new byte[] { 0xff, 0xfe, 0, 1, 2 })]),
        ("format-4", [("zarr.json", """{"zarr_format":4,"node_type":"group"}""")]),
        ("format-string", [("zarr.json", """{"zarr_format":"3","node_type":"group"}""")]),
        ("node-type-odd", [("zarr.json", """{"zarr_format":3,"node_type":"blob"}""")]),
        ("attributes-array", [("zarr.json", """{"zarr_format":3,"node_type":"group","attributes":[1,2]}""")]),
        ("deep-attributes", [("zarr.json", """{"zarr_format":3,"node_type":"group","attributes":{"x":""" + new string('[', 5000) + new string(']', 5000) + "}}")]),
        ("child-broken", [("zarr.json", Group), ("a/zarr.json", "{ nope")]),
        ("v2-shape-null", [(".zgroup", """{"zarr_format":2}"""), ("a/.zarray", V2(shape: "null"))]),
        ("v2-dtype-odd", [(".zgroup", """{"zarr_format":2}"""), ("a/.zarray", V2(dtype: "\"<q9\""))]),
        ("v2-dtype-struct", [(".zgroup", """{"zarr_format":2}"""), ("a/.zarray", V2(dtype: """[["a","<f8"]]"""))]),
        ("v2-compressor-unknown", [(".zgroup", """{"zarr_format":2}"""), ("a/.zarray", V2(compressor: """{"id":"nope"}"""))]),
        ("v2-compressor-string", [(".zgroup", """{"zarr_format":2}"""), ("a/.zarray", V2(compressor: "\"zstd\""))]),
        ("v2-blosc-bad", [(".zgroup", """{"zarr_format":2}"""), ("a/.zarray", V2(compressor: """{"id":"blosc","cname":"nope","clevel":99,"shuffle":9}"""))]),
        ("v2-order-odd", [(".zgroup", """{"zarr_format":2}"""), ("a/.zarray", V2(order: "\"X\""))]),
        ("v2-filters-odd", [(".zgroup", """{"zarr_format":2}"""), ("a/.zarray", V2(filters: "\"x\""))]),
        ("v2-fill-odd", [(".zgroup", """{"zarr_format":2}"""), ("a/.zarray", V2(fill: "\"NaNx\""))]),
        ("v2-zattrs-array", [(".zgroup", """{"zarr_format":2}"""), (".zattrs", "[1]")]),
        ("v2-zmetadata-broken", [(".zgroup", """{"zarr_format":2}"""), (".zmetadata", """{"metadata":5,"zarr_consolidated_format":1}""")]),
        ("v3-consolidated-broken", [("zarr.json", """{"zarr_format":3,"node_type":"group","attributes":{},"consolidated_metadata":{"kind":"inline","metadata":{"a":5}}}""")]),
        ("pickled-float", [("zarr.json", Group), ("a/zarr.json", V3().Replace("\"attributes\":{}", "\"attributes\":{\"_type\":\"pickled\"}"))]),
        ("pickled-garbage", [("zarr.json", Group), ("a/zarr.json", HostileInputTests.Array1D(4, 4, attributes: """{"_type":"pickled"}""")), ("a/c/0", new byte[] { 0x80, 4, 0xEE, 0x2E })]),
        ("pickled-bigint", [("zarr.json", Group), ("a/zarr.json", HostileInputTests.Array1D(100_005, 100_005, attributes: """{"_type":"pickled"}""")), ("a/c/0", BigIntPickle(100_000))]),
        ("pickled-global", [("zarr.json", Group), ("a/zarr.json", HostileInputTests.Array1D(17, 17, attributes: """{"_type":"pickled"}""")), ("a/c/0", "\u0080\u0002cos\nsystem\n)R."u8.ToArray().Concat(new byte[3]).ToArray()[..17])]),
        ("table-marker-odd", [("zarr.json", """{"zarr_format":3,"node_type":"group","attributes":{"_scitex_table":5}}""")]),
        ("clr-type-odd", [("zarr.json", Group), ("a/zarr.json", V3().Replace("\"attributes\":{}", "\"attributes\":{\"_clr_item_types\":5,\"_clr_type\":7}"))]),
    ];

    private static byte[] BigIntPickle(int digits) => [0x80, 2, (byte)'I', .. Enumerable.Repeat((byte)'7', digits), (byte)'\n', (byte)'.'];

    /// <summary>Commands run against every crafted store (the store as $S).</summary>
    private static readonly string[] StoreCommands =
    [
        "Get-ZarrTree $S | Out-Default",
        "Import-Zarr $S | Out-Default",
        "Import-Zarr $S -Key a -AsHashtable | Out-Null",
        "Get-ZarrSlice $S -Key a '0:2' | Out-Null",
        "Get-ZarrSlice $S -Key a '-1' | Out-Null",
        "Test-Zarr $S -Key a | Out-Null",
        "Set-ZarrAttribute $S -Key a -Attributes @{ swept = 1 } | Out-Null",
        "Save-Zarr $S -Key a -InputObject @{ b = 1 } -Force | Out-Null",
        "Save-Zarr $S -InputObject @{ new = [int[]](1,2) } -Consolidate | Out-Null",
        "Get-ZarrTree $S | Import-Zarr | Out-Null",
    ];

    /// <summary>Bad inputs against a good store ($G).</summary>
    private static readonly string[] BadInputs =
    [
        "Save-Zarr $G -Key ../../x -InputObject @{ a = 1 }",
        "Save-Zarr $G -Key 'a\\b' -InputObject @{ a = 1 }",
        "Save-Zarr $G -Key 'ok' -InputObject @{ 'a\\b' = 1 }",
        "Save-Zarr $G -InputObject @{ \"nul`0name\" = 1 }",
        "Save-Zarr $G -InputObject @{ ('n' * 300) = 1 }",
        "Save-Zarr $G -InputObject @{ 'zarr.json' = 1 }",
        "Save-Zarr $G -InputObject @{ '' = 1 }",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -ChunkShape @(0)",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -ChunkShape 'abc'",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -ChunkShape @(1e20)",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -ChunkShape @{ a = @(1, 2, 3) }",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -Compressor 'nope'",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -Compressor @{ name = 'zstd'; level = 'high' }",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -Compressor @{ name = 'zstd'; level = 1e30 }",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -Compressor @{ name = 'blosc'; cname = 'nope' }",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -Compressor @{ level = 3 }",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -Compressor 5",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -ShardShape @(-1)",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -ShardShape @(4) -ZarrFormat 2",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -ZarrFormat 2",
        "Save-Zarr $G -InputObject @{ a = [System.IO.FileInfo]::new('/x') }",
        "Save-Zarr $G -InputObject @{ a = [object[]]@([System.Text.StringBuilder]::new(), 1) }",
        "Save-Zarr $G -InputObject @{ a = [int[]](1,2) } -Attributes @{ x = [double]::NaN; y = [System.IO.FileInfo]::new('/x') }",
        "Save-Zarr $G -InputObject ([byte[]]::new(10000000)) -Key big -ChunkShape @(1)",
        "Save-Zarr \"$G/a/c/0\" -InputObject @{ a = 1 }",
        "Get-ZarrSlice $G -Key arr '0:10:0'",
        "Get-ZarrSlice $G -Key arr 'abc'",
        "Get-ZarrSlice $G -Key arr '99999999999999999999'",
        "Get-ZarrSlice $G -Key arr '1,2,3,4'",
        "Get-ZarrSlice $G -Key arr '-9223372036854775808'",
        "Get-ZarrSlice $G -Key arr '9223372036854775807:'",
        "Get-ZarrSlice $G -Key arr '::-1'",
        "Get-ZarrSlice $G -Key arr -Start @(5) -End @(2)",
        "Get-ZarrSlice $G -Key arr -Start @(0) -End @(3) -Step @(0)",
        "Get-ZarrSlice $G -Key arr -Start @(-1000000000000000000) -End @(9223372036854775807)",
        "Get-ZarrSlice $G -Key arr -Start @(0, 1)",
        "Get-ZarrSlice $G -Key arr '0:3' -Stream -BlockSize 9223372036854775807",
        "Get-ZarrSlice $G -Key '' '0'",
        "Import-Zarr $G -Key '../x'",
        "Import-Zarr $G -Key 'a\\b'",
        "Import-Zarr $G -Key \"a`0b\"",
        "Get-ZarrTree $G -Key nope",
        "Set-ZarrAttribute $G -Key nope -Attributes @{ a = 1 }",
        "Set-ZarrAttribute $G -Key '../x' -Attributes @{ a = 1 }",
        "ConvertTo-Zarr -Path \"$T/garbage.h5\" -Destination \"$T/conv1\"",
        "ConvertTo-Zarr -Path \"$T/garbage.npy\" -Destination \"$T/conv2\"",
        "ConvertTo-Zarr -Path \"$T/huge.npy\" -Destination \"$T/conv3\"",
        "ConvertTo-Zarr -Path \"$T/garbage.npz\" -Destination \"$T/conv4\"",
        "ConvertTo-Zarr -Path \"$T/garbage.h5\" -Destination \"$T/garbage.npy\"",
        "Get-ZarrTree \"$T/garbage.zip\"",
        "Import-Zarr \"$T/empty-dir\"",
        "Save-Zarr \"$T/garbage.zip\" -InputObject @{ a = 1 }",
    ];

    private static void Write(string root, (string Path, object Content)[] files)
    {
        Directory.CreateDirectory(root);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (content is byte[] bytes) File.WriteAllBytes(full, bytes);
            else File.WriteAllText(full, (string)content);
        }
    }

    private static void Fixtures(string temp)
    {
        File.WriteAllBytes(Path.Combine(temp, "garbage.h5"), [0x89, (byte)'H', (byte)'D', (byte)'F', 13, 10, 26, 10, 0, 0, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(temp, "garbage.npy"), [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 5, 0, (byte)'{', (byte)'x']);
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 9223372036854775807), }";
        header = header.PadRight(118) + "\n";
        File.WriteAllBytes(Path.Combine(temp, "huge.npy"), [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0, .. Encoding.ASCII.GetBytes(header)]);
        File.WriteAllBytes(Path.Combine(temp, "garbage.npz"), [(byte)'P', (byte)'K', 3, 4, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(temp, "garbage.zip"), [(byte)'P', (byte)'K', 5, 6, 0, 0, 0]);
        Directory.CreateDirectory(Path.Combine(temp, "empty-dir"));
    }

    /// <summary>What is wrong with an error record, or null when it is a proper named Zarr error.</summary>
    private static string? Problem(ErrorRecord e)
    {
        var id = e.FullyQualifiedErrorId.Split(',')[0];
        // Parameter binding and validation are PowerShell's own (the cmdlet never ran).
        if (e.Exception is ParameterBindingException || id is "ParameterArgumentValidationError" or "ParameterArgumentTransformationError") return null;
        if (!id.StartsWith("Zarr", StringComparison.Ordinal) || id == "ZarrException" || id == "ZarrUnexpectedError")
            return $"id '{id}' ({e.Exception.GetType().Name}: {e.Exception.Message.Split('\n')[0]})";
        if (e.CategoryInfo.Category == ErrorCategory.NotSpecified) return $"id '{id}' has no category ({e.Exception.Message})";
        return null;
    }

    [Fact]
    public void EveryFailureOnCraftedStoresIsANamedZarrError()
    {
        using var s = new PsSession();
        var problems = new List<string>();
        var ids = new SortedSet<string>();
        foreach (var (name, files) in Stores)
        {
            foreach (var zip in new[] { false, true })
            {
                var root = s.P(name);
                var store = zip ? root + ".zip" : root;
                if (Directory.Exists(root)) Directory.Delete(root, true);
                Write(root, files);
                if (zip)
                {
                    if (File.Exists(store)) File.Delete(store);
                    ZipFile.CreateFromDirectory(root, store);
                }
                foreach (var command in StoreCommands)
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var r = s.Run($"$S = '{store}'; {command}");
                    if (clock.Elapsed > TimeSpan.FromSeconds(10)) problems.Add($"{name}{(zip ? ".zip" : "")}: '{command}' took {clock.Elapsed.TotalSeconds:0.0} s");
                    foreach (var e in r.Errors)
                    {
                        ids.Add(e.FullyQualifiedErrorId.Split(',')[0]);
                        if (Problem(e) is { } p) problems.Add($"{name}{(zip ? ".zip" : "")}: '{command}': {p}");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // The sweep really exercises failures: the common kinds all show up.
        Assert.Superset(new SortedSet<string> { "ZarrInvalidMetadata", "ZarrCorruptChunk", "ZarrUnsupportedCodec", "ZarrUnsupportedDataType", "ZarrLimitExceeded", "ZarrInvalidSelection" }, ids);
    }

    [Fact]
    public void EveryFailureOnBadCmdletInputIsANamedZarrError()
    {
        using var s = new PsSession();
        Fixtures(s.Temp);
        s.Ok("""Save-Zarr "$T/good" -InputObject ([ordered]@{ arr = [double[]](1..20); g = @{ x = 1 } })""");
        var problems = new List<string>();
        var failures = 0;
        foreach (var command in BadInputs)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var r = s.Run($"$G = \"$T/good\"; {command}");
            if (clock.Elapsed > TimeSpan.FromSeconds(10)) problems.Add($"'{command}' took {clock.Elapsed.TotalSeconds:0.0} s");
            if (r.Errors.Count > 0) failures++;
            foreach (var e in r.Errors)
                if (Problem(e) is { } p) problems.Add($"'{command}': {p}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(failures >= BadInputs.Length - 8, $"only {failures} of {BadInputs.Length} bad inputs failed");
    }
}
