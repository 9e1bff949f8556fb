using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>
/// Opens every array and group a peer listed in its manifest.json with the engine and compares shape, chunks,
/// attributes and every element. Arrays whose codec the engine does not have yet must fail with a named
/// UnsupportedCodec error (they are counted, so the report shows the coverage gap).
/// </summary>
/// <param name="open">Reads the store somewhere else (an object store the files were uploaded to); the manifest stays in <paramref name="storeDir"/>.</param>
internal sealed class ManifestReader(string storeDir, Func<IZarrStore>? open = null)
{
    public int Checked { get; private set; }
    public List<string> Unsupported { get; } = [];
    public List<string> Failures { get; } = [];

    public JsonObject Manifest { get; } = (JsonObject)JsonNode.Parse(File.ReadAllBytes(Path.Combine(storeDir, "manifest.json")))!;

    /// <param name="missingCodec">The codec name the case needs that the engine lacks, or null when all are available.</param>
    public void CheckAll(Func<JsonObject, string?> missingCodec, Action<ArrayMetadata, JsonObject>? checkMetadata = null)
    {
        using var store = open?.Invoke() ?? new DirectoryStore(storeDir, readOnly: true);
        foreach (var entry in Manifest["arrays"]!.AsArray().Cast<JsonObject>())
        {
            var path = entry["path"]!.GetValue<string>();
            try
            {
                if (missingCodec(entry) is { } codec)
                {
                    ExpectUnsupported(store, path, codec);
                    continue;
                }
                CheckArray(store, path, entry, checkMetadata);
                Checked++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Failures.Add($"{path}: {e.GetType().Name}: {e.Message}");
            }
        }
        foreach (var group in Manifest["groups"]!.AsArray().Cast<JsonObject>())
        {
            var path = group["path"]!.GetValue<string>();
            if (NodeStore.Read(store, path) is not GroupMetadata meta) { Failures.Add($"group '{path}' is not a group"); continue; }
            if (!JsonNode.DeepEquals(meta.Attributes, group["attrs"])) Failures.Add($"group '{path}' attributes {meta.Attributes.ToJsonString()} != {group["attrs"]!.ToJsonString()}");
        }
    }

    private void ExpectUnsupported(IZarrStore store, string path, string codec)
    {
        var e = Assert.Throws<ZarrException>(() => ZarrArray.Open(store, path));
        if (e.Kind != ZarrErrorKind.UnsupportedCodec || !e.Message.Contains(codec) || !e.Message.Contains(path) || !e.Message.Contains(store.Name))
            Failures.Add($"{path}: expected an UnsupportedCodec error naming '{codec}', the array and the store, got {e.Kind}: {e.Message}");
        else Unsupported.Add(path);
    }

    private void CheckArray(IZarrStore store, string path, JsonObject entry, Action<ArrayMetadata, JsonObject>? checkMetadata)
    {
        var array = ZarrArray.Open(store, path);
        var meta = array.Metadata;
        var shape = entry["shape"]!.AsArray().Select(n => n!.GetValue<long>()).ToArray();
        var chunks = entry["chunks"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        if (!meta.Shape.SequenceEqual(shape)) { Failures.Add($"{path}: shape [{string.Join(",", meta.Shape)}] != [{string.Join(",", shape)}]"); return; }
        if (!meta.ChunkShape.SequenceEqual(chunks)) Failures.Add($"{path}: chunks [{string.Join(",", meta.ChunkShape)}] != [{string.Join(",", chunks)}]");
        if (!JsonNode.DeepEquals(meta.Attributes, entry["attrs"] ?? new JsonObject())) Failures.Add($"{path}: attributes {meta.Attributes.ToJsonString()} != {entry["attrs"]!.ToJsonString()}");
        checkMetadata?.Invoke(meta, entry);

        var actual = ValueJson.Flat(array.Read());
        var expected = entry["values"]!.AsArray().Select(n => ValueJson.Decode(n!, meta.DataType)).ToList();
        if (actual.Count != expected.Count) { Failures.Add($"{path}: {actual.Count} elements, expected {expected.Count}"); return; }
        var bad = Enumerable.Range(0, actual.Count).Where(i => !ValueJson.Same(actual[i], expected[i])).ToList();
        if (bad.Count > 0)
            Failures.Add($"{path} ({meta.DataType}): {bad.Count} of {actual.Count} elements differ, e.g. [{bad[0]}] got {ValueJson.Show(actual[bad[0]])}, expected {ValueJson.Show(expected[bad[0]])}");
    }

    /// <summary>Fails the test with every problem at once, and guards against a vacuous pass.</summary>
    public void AssertClean(int minimumChecked)
    {
        Assert.True(Failures.Count == 0, $"{Failures.Count} interop failures ({Manifest["peer"]}):\n" + string.Join("\n", Failures.Take(60)));
        Assert.True(Checked >= minimumChecked, $"Only {Checked} arrays were compared (expected at least {minimumChecked}); unsupported: {Unsupported.Count}");
    }
}
