using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>The engine writes v3 arrays in every dtype zarrita reads × codec chains; zarrita reads every element.</summary>
public class EngineToZarritaTests(ITestOutputHelper output)
{
    // zarrita 0.7.5 has no complex, datetime, fixed-width or bytes types, and node 20 has no Float16Array.
    private static readonly ZarrDataType[] DataTypes =
    [
        ZarrDataType.Bool, ZarrDataType.Int8, ZarrDataType.Int16, ZarrDataType.Int32, ZarrDataType.Int64,
        ZarrDataType.UInt8, ZarrDataType.UInt16, ZarrDataType.UInt32, ZarrDataType.UInt64,
        ZarrDataType.Float32, ZarrDataType.Float64, ZarrDataType.String,
    ];

    private const string Le = """{"name":"bytes","configuration":{"endian":"little"}}""";
    private const string Be = """{"name":"bytes","configuration":{"endian":"big"}}""";
    private const string Transpose = """{"name":"transpose","configuration":{"order":[1,0]}}""";

    /// <summary>Codec chains (array side first); the serializer slot "S" becomes vlen-utf8 for strings. Chains with codecs the engine lacks are reported.</summary>
    private static readonly (string Label, string[] Codecs)[] Chains =
    [
        ("bytes", [Le]),
        ("bigendian", [Be]),
        ("transpose", [Transpose, Le]),
        ("zstd", [Le, """{"name":"zstd","configuration":{"level":3,"checksum":false}}"""]),
        ("transpose-be-zstd", [Transpose, Be, """{"name":"zstd","configuration":{"level":1,"checksum":true}}"""]),
        ("gzip", [Le, """{"name":"gzip","configuration":{"level":5}}"""]),
        ("crc32c", [Le, """{"name":"crc32c"}"""]),
        ("blosc", [Le, """{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":4,"blocksize":0}}"""]),
    ];

    private static bool Available(string[] codecs) => codecs.All(c => CodecRegistry.V3Names.Contains(JsonNode.Parse(c)!["name"]!.GetValue<string>()));

    private static CodecChain Chain(ZarrDataType type, int[] chunks, string[] codecs)
    {
        var context = new CodecContext(type, chunks);
        return CodecChain.FromCodecs(codecs.Select(json =>
        {
            var node = JsonNode.Parse(json)!.AsObject();
            var name = node["name"]!.GetValue<string>();
            if (name == "bytes" && type.IsVariableLength) return VlenCodec.Utf8;
            if (name == "transpose" && chunks.Length != 2) node["configuration"] = new JsonObject { ["order"] = new JsonArray(Enumerable.Range(0, chunks.Length).Reverse().Select(i => (JsonNode?)i).ToArray()) };
            return CodecRegistry.FromV3(node, context)!;
        }));
    }

    private static void Write(ManifestWriter writer, string path, ZarrDataType type, long[] shape, int[] chunks, string[] codecs, char separator,
        Func<long[], bool>? isFill = null, string?[]? dimensionNames = null, JsonObject? attributes = null)
    {
        var chain = Chain(type, chunks, codecs);
        var fields = new JsonObject
        {
            ["dtype"] = type.Name,
            ["dimension_names"] = dimensionNames is null ? null : new JsonArray(dimensionNames.Select(n => (JsonNode?)n).ToArray()),
        };
        writer.Array(path, type, shape, chunks, chain, new ChunkKeyEncoding(true, separator), Samples.FillJson(type, v2: false), fields, isFill, attributes, dimensionNames);
    }

    [SkippableFact]
    public void ZarritaReadsEveryArrayTheEngineWrote()
    {
        using var dir = new Peers.ScratchDir();
        WriteInteropStore(dir.Path, output);
        AssertZarritaReads(Peers.RunNode("read_v3.mjs", dir.Path), output);
    }

    /// <summary>Writes the interop matrix (every dtype zarrita reads × codec chains, edge/fill/0-d/empty shapes) with its manifest.</summary>
    internal static void WriteInteropStore(string folder, ITestOutputHelper output)
    {
        var dir = new { Path = folder };
        var available = Chains.Where(c => Available(c.Codecs)).ToArray();
        using (var writer = new ManifestWriter(dir.Path, 3))
        {
            writer.Group("", new JsonObject { ["title"] = "SciTex.Zarr interop", ["nested"] = new JsonObject { ["n"] = new JsonArray(1, 2.5, null, "ü") } });
            foreach (var (label, codecs) in available)
            {
                writer.Group(label, new JsonObject { ["chain"] = label });
                foreach (var type in DataTypes)
                foreach (var sep in new[] { '/', '.' })
                {
                    // 7×5 in 3×2 chunks: edge chunks; row 6 makes chunk row 2 all fill, so it is not stored and must read as fill.
                    var path = $"{label}/{type.Name}_{(sep == '/' ? "slash" : "dot")}";
                    Write(writer, path, type, [7, 5], [3, 2], codecs, sep, c => c[0] >= 5, ["y", "x"], new JsonObject { ["units"] = "m/s", ["dtype"] = type.Name });
                    Assert.False(File.Exists(Path.Combine(dir.Path, path, sep == '/' ? "c/2/0" : "c.2.0")), "all-fill chunk should not be stored");
                }
            }
            writer.Group("shapes", []);
            var zstd = Chains.Single(c => c.Label == "zstd").Codecs;
            var mixed = Chains.Single(c => c.Label == "transpose-be-zstd").Codecs;
            foreach (var type in DataTypes)
            {
                Write(writer, $"shapes/{type.Name}_0d", type, [], [], zstd, '/');
                Write(writer, $"shapes/{type.Name}_one", type, [1], [1], [Le], '/');
                Write(writer, $"shapes/{type.Name}_empty", type, [0, 4], [2, 2], zstd, '/');
                Write(writer, $"shapes/{type.Name}_3d", type, [4, 3, 5], [3, 2, 2], mixed, '.', dimensionNames: ["t", null, "x"]);
                Write(writer, $"shapes/{type.Name}_allfill", type, [5], [2], zstd, '/', _ => true);
            }
            writer.Save("SciTex.Zarr engine");
            output.WriteLine($"wrote {writer.Count} arrays; chains: {string.Join(", ", available.Select(c => c.Label))}; " +
                             $"not yet in the engine: {string.Join(", ", Chains.Except(available).Select(c => c.Label))}");
        }
    }

    /// <summary>Checks read_v3.mjs's report: every array read value by value, and enough of them.</summary>
    internal static void AssertZarritaReads(string stdout, ITestOutputHelper output)
    {
        var report = JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
        output.WriteLine($"{report["peer"]}: checked {report["checked"]}");
        var failures = report["failures"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} arrays zarrita read differently:\n{string.Join("\n", failures.Take(60))}");
        Assert.True(report["checked"]!.GetValue<int>() >= 240, "zarrita checked too few arrays (a codec missing from the engine?)");
    }
}
