using System.Diagnostics;
using System.Text.Json;

namespace SciTex.Zarr.Tests.Stores;

/// <summary>Runs the peer implementations (Debian's zarr 2.13 under /usr/bin/python3, zarrita under node). A missing peer fails the test with how to install it.</summary>
public static class InteropPeers
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SciTex.Zarr.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No SciTex.Zarr.slnx above {AppContext.BaseDirectory}");
    }

    public static string Python => Environment.GetEnvironmentVariable("SCITEX_ZARR_PYTHON") ?? "/usr/bin/python3";

    /// <summary>Runs tests/Interop/python/<paramref name="script"/> and returns its stdout as JSON (or null when it prints nothing).</summary>
    public static JsonElement? RunPython(string script, params string[] args)
    {
        var (code, _, error) = Run(Python, ["-c", "import zarr; assert zarr.__version__.startswith('2.')"], null);
        if (code != 0)
            Assert.Fail($"Peer missing: zarr 2.x for {Python} (apt-get install -y python3-zarr). {error.Trim()}");
        var path = Path.Combine(RepoRoot, "tests", "Interop", "python", script);
        var (exit, output, stderr) = Run(Python, [path, .. args], null);
        if (exit != 0) Assert.Fail($"{script} failed ({exit}): {stderr}");
        return output.Trim().Length == 0 ? null : JsonDocument.Parse(output).RootElement.Clone();
    }

    public static string NodeModules => Path.Combine(RepoRoot, "tests", "Interop", "node", "node_modules");

    /// <summary>Runs an ES module body with <c>zarr</c> (zarrita) and <c>FileSystemStore</c> imported; returns stdout as JSON.</summary>
    public static JsonElement RunZarrita(string body, params string[] args)
    {
        if (!Directory.Exists(Path.Combine(NodeModules, "zarrita")) || !Directory.Exists(Path.Combine(NodeModules, "@zarrita", "storage")))
            Assert.Fail($"Peer missing: zarrita is not installed in {NodeModules} (run 'npm ci' in tests/Interop/node)");
        // The module sits inside tests/Interop/node so bare imports resolve from its node_modules.
        var script = Path.Combine(NodeModules, "..", $".scitex-test-{Guid.NewGuid():N}.mjs");
        File.WriteAllText(script, "import * as zarr from 'zarrita';\nimport FileSystemStore from '@zarrita/storage/fs';\n" + body);
        try
        {
            var (exit, output, stderr) = Run("node", [script, .. args], null);
            if (exit != 0) Assert.Fail($"zarrita script failed ({exit}): {stderr}");
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static (int Code, string Out, string Err) Run(string file, string[] args, string? cwd)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (cwd is not null) info.WorkingDirectory = cwd;
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"cannot start {file}: {e.Message}");
        }
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "scitex-zarr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
