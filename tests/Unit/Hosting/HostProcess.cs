using System.Diagnostics;

namespace SciTex.Zarr.Tests.Hosting;

public sealed record HostRun(int ExitCode, string StdOut, string StdErr);

/// <summary>Starts the built embedded host (src/SciTex.Zarr.Host) as a separate process, the way users run it.</summary>
public static class HostProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs "dotnet SciTex.Zarr.Host.dll args…" with stdin, stdout and stderr redirected.</summary>
    public static HostRun Run(IEnumerable<string> arguments, string? standardInput = null, IDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        if (!File.Exists(RepositoryPaths.HostAssembly))
            throw new FileNotFoundException("The embedded host is not built; run 'dotnet build' on the solution.", RepositoryPaths.HostAssembly);
        return RunProcess("dotnet", [RepositoryPaths.HostAssembly, .. arguments], standardInput, environment, workingDirectory);
    }

    /// <summary>The command line that starts the host, quoted for a POSIX shell (for script(1) and similar wrappers).</summary>
    public static string ShellCommand(IEnumerable<string> arguments) =>
        string.Join(' ', new[] { "dotnet", RepositoryPaths.HostAssembly }.Concat(arguments).Select(a => "'" + a.Replace("'", "'\\''") + "'"));

    public static HostRun RunProcess(string fileName, IEnumerable<string> arguments, string? standardInput = null,
        IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1"; // plain text, as CI sets it
        start.Environment["COLUMNS"] = null;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null) process.StandardInput.Write(standardInput);
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {Timeout}.");
        }

        return new HostRun(process.ExitCode, stdout.Result, stderr.Result);
    }
}
