using System.Diagnostics;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>
/// Runs the peer implementations (Debian zarr-python 2.13 via /usr/bin/python3, zarrita via node). A missing peer
/// skips the test with instructions, or fails it under SCITEX_ZARR_REQUIRE_PEERS=1 (see <see cref="PeerGate"/>).
/// </summary>
internal static class Peers
{
    /// <summary>Always Debian's interpreter: a pyenv python earlier on PATH has no zarr 2.13.</summary>
    public static string Python => PeerGate.Python;

    public static string RepoRoot { get; } = FindRepoRoot();
    public static string PythonDir => Path.Combine(RepoRoot, "tests", "Interop", "python");
    public static string NodeDir => Path.Combine(RepoRoot, "tests", "Interop", "node");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SciTex.Zarr.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (SciTex.Zarr.slnx) above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs a python script from tests/Interop/python; returns stdout. Fails the test on a missing peer or a non-zero exit.</summary>
    public static string RunPython(params string[] args)
    {
        PeerGate.RequirePython("zarr", "numcodecs", "numpy");
        var (code, stdout, stderr) = Run(Python, PythonDir, args);
        if (code != 0) Assert.Fail($"python {string.Join(' ', args)} exited with {code}:\n{stderr}\n{stdout}");
        return stdout;
    }

    /// <summary>Runs a node script from tests/Interop/node (zarrita must be installed there with npm ci).</summary>
    public static string RunNode(params string[] args)
    {
        PeerGate.RequireZarrita();
        var (code, stdout, stderr) = Run(PeerGate.Node, NodeDir, args);
        if (code != 0) Assert.Fail($"node {string.Join(' ', args)} exited with {code}:\n{stderr}\n{stdout}");
        return stdout;
    }

    private static (int Code, string Stdout, string Stderr) Run(string exe, string workingDirectory, string[] args)
    {
        var info = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception) { return (-1, "", $"{exe} not found"); }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{exe} {string.Join(' ', args)} timed out");
            }
            return (process.ExitCode, stdout, stderr.Result);
        }
    }

    /// <summary>A fresh scratch directory, removed on dispose.</summary>
    public sealed class ScratchDir : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scitex-interop-" + Guid.NewGuid().ToString("N")[..8]);
        public ScratchDir() => Directory.CreateDirectory(Path);
        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}
