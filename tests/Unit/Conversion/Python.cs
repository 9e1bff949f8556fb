using System.Diagnostics;

namespace SciTex.Zarr.Tests.Conversion;

/// <summary>
/// Runs the generator/checker scripts in tests/Interop/python with Debian's python3. Missing h5py/numpy/zarr skips
/// the test with the install command (a failure under SCITEX_ZARR_REQUIRE_PEERS=1, as in CI).
/// </summary>
internal static class Python
{
    public static string Executable => PeerGate.Python;

    public static string ScriptDirectory { get; } = Path.Combine(RepoRoot(), "tests", "Interop", "python");

    /// <summary>Runs a script; returns its standard output, or fails the test with its error output.</summary>
    public static string Run(string script, params string[] arguments) => RunWithTimeout(TimeSpan.FromMinutes(3), script, arguments);

    public static string RunWithTimeout(TimeSpan timeout, string script, params string[] arguments)
    {
        PeerGate.RequirePython("h5py", "numpy", "zarr");
        var (code, output, error) = Execute(timeout, [Path.Combine(ScriptDirectory, script), .. arguments]);
        if (code != 0) Assert.Fail($"{script} {string.Join(' ', arguments)} failed with exit code {code}:\n{error}\n{output}");
        return output;
    }

    private static (int Code, string Output, string Error) Execute(TimeSpan timeout, string[] arguments)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"python3 {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SciTex.Zarr.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (SciTex.Zarr.slnx) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder removed after the test class.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "scitex-conv-" + Guid.NewGuid().ToString("N")[..12]);

    public string this[string name] => Path.Combine(Root, name);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
