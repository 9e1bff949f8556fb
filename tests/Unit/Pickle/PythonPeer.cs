using System.Diagnostics;

namespace SciTex.Zarr.Tests.Pickle;

/// <summary>Runs the system Python with numpy for interop tests. A missing peer skips the test (fails it under SCITEX_ZARR_REQUIRE_PEERS=1).</summary>
internal static class PythonPeer
{
    // The system interpreter, not whatever python a developer's PATH prefers (apt installs numpy for this one).
    private static string Interpreter => PeerGate.Python;

    public static string ScriptsDir
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "SciTex.Zarr.slnx"))) return Path.Combine(dir.FullName, "tests", "Interop", "python");
            throw new InvalidOperationException("Cannot find the repository root (SciTex.Zarr.slnx) above " + AppContext.BaseDirectory);
        }
    }

    public static void RequireNumpy()
    {
        PeerGate.RequirePython("numpy");
    }

    /// <summary>Runs a script from tests/Interop/python and returns its stdout; a non-zero exit fails the test.</summary>
    public static string RunScript(string script, params string[] args)
    {
        RequireNumpy();
        var (code, stdout, stderr) = Execute([Path.Combine(ScriptsDir, script), .. args]);
        if (code != 0) Assert.Fail($"{script} exited with {code}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return stdout;
    }

    public static (int Code, string Stdout, string Stderr) Execute(params string[] args)
    {
        PeerGate.RequirePython("numpy");
        var info = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        try
        {
            using var process = Process.Start(info)!;
            var stderrTask = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderrTask.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Cannot start '{Interpreter}' ({e.Message}); the interop tests need Python 3 with numpy (apt-get install python3-numpy).");
            throw;
        }
    }

    public static string NewWorkDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "scitex-pickle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
