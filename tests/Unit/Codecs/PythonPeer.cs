using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>
/// Debian's numcodecs (run as /usr/bin/python3, never a pyenv python) through tests/Interop/python/codec_roundtrip.py,
/// one process per batch of cases.
/// </summary>
internal static class PythonPeer
{
    public static string Python => PeerGate.Python;
    public const string MissingMessage =
        "The codec interop tests need Debian's numcodecs: install it with `apt-get install -y python3-numcodecs python3-blosc` (CI installs it).";

    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>Null when the peer works, otherwise why not.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    public static string RepoRoot { get; } = FindRepoRoot();

    public sealed record Case(string Id, string Op, JsonObject Codec, string Input, string Output, int ItemSize = 1);

    /// <summary>Runs the cases; returns each case's error text (null = success).</summary>
    public static Dictionary<string, string?> Run(string workDir, IReadOnlyList<Case> cases)
    {
        var manifest = new JsonObject
        {
            ["cases"] = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["op"] = c.Op, ["codec"] = c.Codec.DeepClone(), ["input"] = c.Input, ["output"] = c.Output, ["itemsize"] = c.ItemSize,
            }).ToArray()),
        };
        var path = Path.Combine(workDir, $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, manifest.ToJsonString());
        var (exit, output) = Execute(Path.Combine(RepoRoot, "tests", "Interop", "python", "codec_roundtrip.py"), path);
        if (exit != 0) throw new InvalidOperationException($"codec_roundtrip.py failed ({exit}): {output}");
        var results = JsonNode.Parse(File.ReadAllText(path + ".result.json"))!.AsObject();
        return results.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>());
    }

    private static string? Probe() => PeerGate.ProbePython("numcodecs", "blosc", "numpy");

    /// <summary>Skips (or, with peers required, fails) the running test when numcodecs is missing.</summary>
    public static void Require()
    {
        if (UnavailableReason is { } reason) PeerGate.Missing(reason, "apt-get install -y python3-numcodecs python3-blosc python3-numpy");
    }

    private static (int Exit, string Output) Execute(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SciTex.Zarr.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (SciTex.Zarr.slnx) not found above " + AppContext.BaseDirectory);
    }
}
