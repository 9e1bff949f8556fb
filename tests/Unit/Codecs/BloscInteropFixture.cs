using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs.Blosc;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>One Blosc interop case: compressor, level, shuffle, typesize and an input.</summary>
public sealed record BloscCase(string Cname, int Clevel, int Shuffle, int TypeSize, string Kind, int Length)
{
    public string Id => $"{Cname}-c{Clevel}-s{Shuffle}-t{TypeSize}-{Kind}-{Length}";

    public JsonObject V2Json => new() { ["id"] = "blosc", ["cname"] = Cname, ["clevel"] = Clevel, ["shuffle"] = Shuffle, ["blocksize"] = 0 };

    public static IReadOnlyList<BloscCase> All { get; } = Build();

    private static List<BloscCase> Build()
    {
        var cases = new List<BloscCase>();
        string[] cnames = ["blosclz", "lz4", "lz4hc", "zlib", "zstd", "snappy"];
        (string Kind, int Length)[] inputs =
            [("walk", 0), ("walk", 1), ("walk", 7), ("walk", 1000), ("random", 1000), ("walk", 300 * 1024), ("random", 300 * 1024), ("walk", 300 * 1024 + 13)];
        foreach (var cname in cnames)
        foreach (var shuffle in new[] { 0, 1, 2 })
        foreach (var typesize in new[] { 1, 2, 4, 8 })
        foreach (var (kind, length) in inputs)
            cases.Add(new BloscCase(cname, 5, shuffle, typesize, kind, length));
        // Levels change block sizes and (for lz4) acceleration; also a wide type and an odd typesize.
        foreach (var cname in cnames)
        foreach (var clevel in new[] { 0, 1, 3, 9 })
        {
            cases.Add(new BloscCase(cname, clevel, 1, 4, "walk", 300 * 1024));
            cases.Add(new BloscCase(cname, clevel, 2, 8, "walk", 2 * 1024 * 1024 + 24));
        }
        foreach (var cname in cnames)
        {
            cases.Add(new BloscCase(cname, 5, 1, 16, "walk", 64 * 1024));
            cases.Add(new BloscCase(cname, 5, 1, 3, "walk", 30000));
            cases.Add(new BloscCase(cname, 5, 2, 24, "walk", 48 * 1000));
        }
        return cases;
    }
}

/// <summary>Runs every <see cref="BloscCase"/> through numcodecs in two batches (python encodes; python decodes ours).</summary>
public sealed class BloscInteropFixture : PeerBatch
{
    public BloscInteropFixture()
    {
        if (Unavailable is not null) return;
        foreach (var c in BloscCase.All)
            Add(c.Id, c.V2Json, TestData.Create(c.Kind, c.Length, c.TypeSize), new BloscCodec(c.Cname, c.Clevel, (BloscShuffle)c.Shuffle, c.TypeSize), c.TypeSize);
        RunPeer();
    }
}
