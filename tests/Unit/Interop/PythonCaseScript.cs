using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>
/// Both directions of a case-script interop test against zarr-python 2.13. The script in tests/Interop/python answers
/// <c>write DIR</c> (writes its cases and a manifest.json of what they hold), <c>list</c> (the cases as JSON, for us to
/// write) and <c>check DIR</c> (reads what we wrote; its last line is <c>{"checked": n, "failures": [...]}</c>).
/// </summary>
internal static class PythonCaseScript
{
    /// <summary>zarr-python writes; <paramref name="check"/> reads each manifest entry and adds what differs to the failures.</summary>
    public static void EngineReadsWhatPythonWrote(ITestOutputHelper output, string script, int caseCount, Action<IZarrStore, JsonNode, List<string>> check)
    {
        using var dir = new Peers.ScratchDir();
        output.WriteLine(Peers.RunPython(script, "write", dir.Path));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "manifest.json")))!;
        using var store = new DirectoryStore(dir.Path, readOnly: true);
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var entry in manifest["arrays"]!.AsArray())
        {
            check(store, entry!, failures);
            checkedCount++;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.Equal(caseCount, checkedCount);
    }

    /// <summary>We write every listed case with <paramref name="write"/> (into a v2 store with a root group); zarr-python checks each.</summary>
    public static void PythonReadsWhatEngineWrote(string script, int caseCount, Action<IZarrStore, JsonObject> write)
    {
        var listing = JsonNode.Parse(Peers.RunPython(script, "list"))!;
        using var dir = new Peers.ScratchDir();
        using (var store = new DirectoryStore(dir.Path))
        {
            NodeStore.Write(store, new GroupMetadata("", 2));
            foreach (var c in listing["cases"]!.AsArray().Cast<JsonObject>()) write(store, c);
        }
        var report = JsonNode.Parse(Peers.RunPython(script, "check", dir.Path).Trim().Split('\n')[^1])!;
        var failures = report["failures"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(caseCount, report["checked"]!.GetValue<int>());
    }
}
