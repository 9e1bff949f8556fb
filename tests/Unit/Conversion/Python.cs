using System.Diagnostics;

namespace SciTex.Zarr.Tests.Conversion;

/// <summary>
/// Runs the generator/checker scripts in tests/Interop/python with Debian's python3. Missing h5py/numpy/zarr is a
/// test failure with the install command, never a silent pass: CI installs them.
/// </summary>
internal static class Python
{
    public const string Executable = "/usr/bin/python3";
    private static readonly Lazy<string?> Missing = new(FindMissingModules);

    public static string ScriptDirectory { get; } = Path.Combine(RepoRoot(), "tests", "Interop", "python");

    /// <summary>Runs a script; returns its standard output, or fails the test with its error output.</summary>
    public static string Run(string script, params string[] arguments) => RunWithTimeout(TimeSpan.FromMinutes(3), script, arguments);

    public static string RunWithTimeout(TimeSpan timeout, string script, params string[] arguments)
    {
        if (Missing.Value is { } problem) Assert.Fail(problem);
        var (code, output, error) = Execute(timeout, [Path.Combine(ScriptDirectory, script), .. arguments]);
        if (code != 0) Assert.Fail($"{script} {string.Join(' ', arguments)} failed with exit code {code}:\n{error}\n{output}");
        return output;
    }

    private static string? FindMissingModules()
    {
        if (!File.Exists(Executable)) return $"{Executable} is missing: apt-get install -y python3 python3-h5py python3-numpy python3-zarr";
        var (code, _, error) = Execute(TimeSpan.FromMinutes(1), ["-c", "import h5py, numpy, zarr"]);
        return code == 0 ? null : $"python3 modules are missing ({error.Trim()}): apt-get install -y python3-h5py python3-numpy python3-zarr";
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
