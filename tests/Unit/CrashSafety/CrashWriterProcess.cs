using System.Diagnostics;
using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.CrashSafety;

/// <summary>Runs tests/CrashWriter as a child process: to completion, killed at a protocol step, or killed after a delay.</summary>
internal static class CrashWriterProcess
{
    public static string Assembly =>
        Path.Combine(RepositoryPaths.Root, "tests", "CrashWriter", "bin", RepositoryPaths.Configuration, "net10.0", "SciTex.Zarr.CrashWriter.dll");

    public sealed record Outcome(bool Killed, int ExitCode, string Output, string Errors, TimeSpan SinceReady);

    /// <param name="killAfter">SIGKILL the child this long after it reports "ready" (null: let it finish or kill itself).</param>
    /// <param name="step">A protocol step at which the child kills itself, with the node path (or "*").</param>
    public static Outcome Run(string store, int generation, int format, TimeSpan? killAfter = null, (string Step, string Node)? step = null)
    {
        var arguments = new List<string> { store, generation.ToString(), format.ToString() };
        if (step is { } s) { arguments.Add(s.Step); arguments.Add(s.Node); }
        return Run(arguments, killAfter);
    }

    /// <summary>Starts the crash writer with <paramref name="arguments"/> (a mode: see tests/CrashWriter/Program.cs), stdin redirected.</summary>
    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(Assembly)) throw new FileNotFoundException("Build the solution first (dotnet build): the crash writer is missing", Assembly);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(Assembly);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    /// <param name="arguments">The crash writer's arguments (a mode and its operands: see tests/CrashWriter/Program.cs).</param>
    /// <param name="killAfter">SIGKILL the child this long after it reports "ready" (null: let it finish or kill itself).</param>
    /// <param name="afterLines">Start the <paramref name="killAfter"/> clock only once the child has printed this many more lines (its progress).</param>
    /// <param name="environment">Extra environment variables of the child (object-store options).</param>
    public static Outcome Run(IEnumerable<string> arguments, TimeSpan? killAfter = null, int afterLines = 0, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(arguments, environment);
        var errors = process.StandardError.ReadToEndAsync();
        var ready = process.StandardOutput.ReadLine();
        var clock = Stopwatch.StartNew();
        if (ready != "ready") throw new InvalidOperationException($"The crash writer did not start: {ready} {errors.Result}");
        var killed = false;
        var progress = new System.Text.StringBuilder();
        for (var i = 0; i < afterLines && killAfter is not null; i++)
            if (process.StandardOutput.ReadLine() is { } line) progress.AppendLine(line);
            else break;
        if (killAfter is { } delay)
        {
            if (!process.WaitForExit(delay))
            {
                process.Kill(); // SIGKILL: no finally blocks, no flushing, exactly like a crash or `kill -9`
                killed = true;
            }
        }
        var rest = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill();
            throw new TimeoutException("The crash writer hung");
        }
        var elapsed = clock.Elapsed;
        // A child that killed itself at a step exits by SIGKILL too (137 from the shell's point of view).
        killed |= process.ExitCode == 137 || process.ExitCode == -1;
        return new Outcome(killed, process.ExitCode, progress + rest.Result, errors.Result, elapsed);
    }
}
