using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>The engine writes v2 stores over the dtype × compressor × order × separator matrix; zarr-python 2.13 reads every element.</summary>
public class EngineToPythonTests(ITestOutputHelper output)
{
    private static readonly string[] DTypes =
    [
        "|b1", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8", "<f2", "<f4", "<f8",
        "<c8", "<c16", "|O", "<U6", "|S5", "<M8[ns]", "<m8[s]",
    ];

    private static readonly string[] BigEndian = [">i2", ">i4", ">i8", ">u2", ">u4", ">u8", ">f2", ">f4", ">f8", ">c8", ">c16", ">U6", ">M8[ns]", ">m8[s]"];

    /// <summary>Compressors to try, as numcodecs JSON; those the engine has not registered yet are reported, not written.</summary>
    private static readonly (string Label, string Json)[] Compressors =
    [
        ("none", ""),
        ("zstd", """{"id":"zstd","level":3}"""),
        ("lz4", """{"id":"lz4","acceleration":1}"""),
        ("gzip", """{"id":"gzip","level":5}"""),
        ("zlib", """{"id":"zlib","level":5}"""),
        ("blosc-lz4", """{"id":"blosc","cname":"lz4","clevel":5,"shuffle":1,"blocksize":0}"""),
        ("blosc-zstd", """{"id":"blosc","cname":"zstd","clevel":3,"shuffle":2,"blocksize":0}"""),
    ];

    private static CodecChain Chain(ZarrDataType type, bool bigEndian, int[] chunks, string order, string compressorJson)
    {
        IArrayToBytesCodec serializer = type.IsVariableLength ? VlenCodec.Utf8 : new BytesCodec(bigEndian);
        IArrayToArrayCodec[] transpose = order == "F" && chunks.Length > 1 ? [new TransposeCodec(TransposeCodec.Reversed(chunks.Length))] : [];
        IBytesToBytesCodec[] compressor = compressorJson.Length == 0 ? [] : [CodecRegistry.FromV2(JsonNode.Parse(compressorJson)!.AsObject(), new CodecContext(type, chunks))];
        return new CodecChain(transpose, serializer, compressor);
    }

    private static void Write(ManifestWriter writer, string path, string dtype, long[] shape, int[] chunks, string order, char separator,
        string compressorJson, Func<long[], bool>? isFill = null, JsonObject? attributes = null)
    {
        var (type, big) = ZarrDataType.FromV2(dtype);
        var fields = new JsonObject
        {
            ["dtype"] = dtype, ["order"] = order, ["separator"] = separator.ToString(),
            ["compressor"] = compressorJson.Length == 0 ? null : JsonNode.Parse(compressorJson)!["id"]!.GetValue<string>(),
        };
        writer.Array(path, type, shape, chunks, Chain(type, big, chunks, order, compressorJson), new ChunkKeyEncoding(false, separator),
            Samples.FillJson(type, v2: true), fields, isFill, attributes);
    }

    [SkippableFact]
    public void ZarrPythonReadsEveryArrayTheEngineWrote()
    {
        using var dir = new Peers.ScratchDir();
        var available = Compressors.Where(c => c.Json.Length == 0 || CodecRegistry.V2Ids.Contains(JsonNode.Parse(c.Json)!["id"]!.GetValue<string>())).ToArray();
        using (var writer = new ManifestWriter(dir.Path, 2))
        {
            writer.Group("", new JsonObject { ["title"] = "SciTex.Zarr interop", ["nested"] = new JsonObject { ["n"] = new JsonArray(1, 2.5, null, "ü") } });
            foreach (var (label, json) in available)
            {
                writer.Group(label, new JsonObject { ["compressor"] = label });
                foreach (var dtype in DTypes)
                foreach (var order in new[] { "C", "F" })
                foreach (var sep in new[] { '.', '/' })
                {
                    // 7×5 in 3×2 chunks: edge chunks; row 5 is fill inside a stored chunk, row 6 makes chunk row 2 all fill (not stored).
                    var path = $"{label}/{Safe(dtype)}_{order}{(sep == '.' ? "dot" : "slash")}";
                    Write(writer, path, dtype, [7, 5], [3, 2], order, sep, json, c => c[0] >= 5);
                    var missing = $"{path}/{(sep == '.' ? "2.0" : "2/0")}";
                    Assert.False(File.Exists(Path.Combine(dir.Path, missing)), $"all-fill chunk {missing} should not be stored");
                }
            }
            writer.Group("shapes", []);
            var zstd = available.FirstOrDefault(c => c.Label == "zstd").Json ?? "";
            foreach (var dtype in DTypes)
            {
                var s = Safe(dtype);
                Write(writer, $"shapes/{s}_0d", dtype, [], [], "C", '.', zstd);
                Write(writer, $"shapes/{s}_one", dtype, [1], [1], "C", '/', "");
                Write(writer, $"shapes/{s}_empty", dtype, [0, 4], [2, 2], "C", '.', zstd);
                Write(writer, $"shapes/{s}_3d", dtype, [4, 3, 5], [3, 2, 2], "F", '/', zstd, attributes: new JsonObject { ["dtype"] = dtype });
                Write(writer, $"shapes/{s}_allfill", dtype, [5], [2], "C", '.', zstd, _ => true);
            }
            writer.Group("bigendian", []);
            foreach (var dtype in BigEndian)
            foreach (var (order, json) in new[] { ("C", ""), ("F", zstd) })
                Write(writer, $"bigendian/{Safe(dtype)}_{order}", dtype, [7, 5], [3, 2], order, '/', json, c => c[0] >= 5);
            writer.Save("SciTex.Zarr engine");
            output.WriteLine($"wrote {writer.Count} arrays; compressors: {string.Join(", ", available.Select(c => c.Label))}; " +
                             $"not yet in the engine: {string.Join(", ", Compressors.Except(available).Select(c => c.Label))}");
        }
        var report = JsonNode.Parse(Peers.RunPython("read_v2.py", dir.Path).Trim().Split('\n')[^1])!;
        output.WriteLine($"{report["peer"]}: checked {report["checked"]}");
        var failures = report["failures"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} arrays zarr-python read differently:\n{string.Join("\n", failures.Take(60))}");
        Assert.True(report["checked"]!.GetValue<int>() >= 600, "zarr-python checked too few arrays (a compressor missing from the engine?)");
    }

    private static string Safe(string dtype) => dtype.Replace("|", "").Replace("<", "le_").Replace(">", "be_").Replace("[", "_").Replace("]", "");
}
