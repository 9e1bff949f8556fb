using System.Text.Json;
using SciTex.Zarr.Tests.Interop;

namespace SciTex.Zarr.Tests.Stores;

/// <summary>JSON-speaking wrappers over <see cref="Peers"/> (zarr 2.13, zarrita); a missing peer fails the test with how to install it.</summary>
public static class InteropPeers
{
    public static string RepoRoot => Peers.RepoRoot;

    /// <summary>Runs tests/Interop/python/<paramref name="script"/>; its stdout parsed as JSON, or null when it prints nothing.</summary>
    public static JsonElement? RunPython(string script, params string[] args)
    {
        var output = Peers.RunPython([script, .. args]);
        return output.Trim().Length == 0 ? null : JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>Runs an ES module body with <c>zarr</c> (zarrita) and <c>FileSystemStore</c> imported; returns stdout as JSON.</summary>
    public static JsonElement RunZarrita(string body, params string[] args)
    {
        // The module sits in tests/Interop/node so its bare imports resolve from node_modules there.
        var script = Path.Combine(Peers.NodeDir, $".scitex-test-{Guid.NewGuid():N}.mjs");
        File.WriteAllText(script, "import * as zarr from 'zarrita';\nimport FileSystemStore from '@zarrita/storage/fs';\n" + body);
        try
        {
            return JsonDocument.Parse(Peers.RunNode([script, .. args])).RootElement.Clone();
        }
        finally
        {
            File.Delete(script);
        }
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "scitex-zarr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
