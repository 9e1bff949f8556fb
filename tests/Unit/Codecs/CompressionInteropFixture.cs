using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Compression;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>A gzip / zlib / lz4 interop case.</summary>
public sealed record CompressionCase(string Id, JsonObject V2Json, string Kind, int Length)
{
    public IBytesToBytesCodec Create()
    {
        var level = V2Json["level"]?.GetValue<int>() ?? 1;
        return (string)V2Json["id"]! switch
        {
            "gzip" => new GzipCodec(level),
            "zlib" => new ZlibCodec(level),
            _ => new Lz4Codec(V2Json["acceleration"]!.GetValue<int>()),
        };
    }

    public static IReadOnlyList<CompressionCase> All { get; } = Build();

    private static List<CompressionCase> Build()
    {
        var cases = new List<CompressionCase>();
        (string Kind, int Length)[] inputs = [("walk", 0), ("walk", 1), ("walk", 7), ("walk", 1000), ("walk", 300 * 1024), ("random", 300 * 1024)];
        foreach (var (kind, length) in inputs)
        {
            foreach (var id in new[] { "gzip", "zlib" })
            foreach (var level in new[] { 0, 1, 5, 9 })
                cases.Add(new($"{id}-l{level}-{kind}-{length}", new JsonObject { ["id"] = id, ["level"] = level }, kind, length));
            foreach (var acceleration in new[] { 1, 5 })
                cases.Add(new($"lz4-a{acceleration}-{kind}-{length}", new JsonObject { ["id"] = "lz4", ["acceleration"] = acceleration }, kind, length));
        }
        return cases;
    }
}

/// <summary>Runs every <see cref="CompressionCase"/> through numcodecs in two batches.</summary>
public sealed class CompressionInteropFixture : PeerBatch
{
    public CompressionInteropFixture()
    {
        if (Unavailable is not null) return;
        foreach (var c in CompressionCase.All)
            Add(c.Id, c.V2Json, TestData.Create(c.Kind, c.Length, 8), c.Create());
        RunPeer();
    }
}
