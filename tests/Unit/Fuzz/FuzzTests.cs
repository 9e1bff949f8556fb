using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Fuzz;

/// <summary>
/// Issue 10 item 6: a seeded, time-bounded mutation fuzz run over metadata JSON (v2, v3, consolidated), every codec's
/// decode, shard indexes, zip central directories and pickles. SCITEX_ZARR_FUZZ_SEED sets the seed (default fixed, so
/// CI is deterministic up to timing), SCITEX_ZARR_FUZZ_SECONDS the total time (default 30). Failing inputs are saved
/// under tests/Unit/Fuzz/Corpus/&lt;target&gt;/ and replayed by every run; commit them with the fix.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    public const string SeedVariable = "SCITEX_ZARR_FUZZ_SEED";
    public const string SecondsVariable = "SCITEX_ZARR_FUZZ_SECONDS";
    private const int DefaultSeed = 20250610;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var s) ? s : DefaultSeed;

    private static TimeSpan PerTarget
    {
        get
        {
            var total = double.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 30;
            return TimeSpan.FromSeconds(Math.Max(0.2, total / FuzzTargets.All.Length));
        }
    }

    /// <summary>tests/Unit/Fuzz/Corpus in the source tree (found from the test binary upwards).</summary>
    public static string CorpusDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "SciTex.Zarr.slnx")))
                    return Path.Combine(dir.FullName, "tests", "Unit", "Fuzz", "Corpus");
            throw new InvalidOperationException("Source tree not found above " + AppContext.BaseDirectory);
        }
    }

    private static string Save(FuzzFailure failure)
    {
        var dir = Path.Combine(CorpusDirectory, failure.Target);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, Fuzzer.Hash(failure.Input) + ".bin");
        File.WriteAllBytes(path, failure.Input);
        return path;
    }

    private static string Report(List<FuzzFailure> failures, int seed) => $"Fuzzing with {SeedVariable}={seed} found {failures.Count} failing inputs "
        + $"(saved under {CorpusDirectory}; rerun with the same seed):\n" + string.Join("\n", failures.Select(f => $"[{f.Target}] {Save(f)}: {f.Error.Split('\n')[0]}"));

    [Fact]
    public void Fuzz_in_process_targets()
    {
        var seed = Seed;
        output.WriteLine($"seed {seed} ({SeedVariable}), {PerTarget.TotalSeconds:0.0} s per target");
        var failures = new List<FuzzFailure>();
        foreach (var target in FuzzTargets.All.Where(t => !t.InChildProcess))
        {
            var fuzzer = new Fuzzer(target, seed);
            failures.AddRange(fuzzer.Run(PerTarget));
            output.WriteLine($"{target.Name}: {fuzzer.Iterations} inputs");
        }
        Assert.True(failures.Count == 0, Report(failures, seed));
    }

    [Fact]
    public void Fuzz_crash_prone_targets_in_a_child_process()
    {
        var seed = Seed;
        var failures = new List<FuzzFailure>();
        foreach (var target in FuzzTargets.All.Where(t => t.InChildProcess))
        {
            var scratch = Path.GetTempFileName();
            try
            {
                var (exit, stdout) = RunChild("fuzz", target.Name, seed.ToString(CultureInfo.InvariantCulture), PerTarget.TotalSeconds.ToString(CultureInfo.InvariantCulture), scratch);
                output.WriteLine($"{target.Name}: exit {exit}, {stdout.Split('\n').FirstOrDefault(l => l.StartsWith("ITERATIONS")) ?? "no count"}");
                foreach (var line in stdout.Split('\n').Where(l => l.StartsWith("FAIL ")))
                {
                    var parts = line.Split(' ', 3);
                    failures.Add(new FuzzFailure(target.Name, Convert.FromHexString(parts[1]), parts.Length > 2 ? parts[2] : ""));
                }
                if (exit != 0) failures.Add(new FuzzFailure(target.Name, File.ReadAllBytes(scratch), $"child process crashed (exit {exit}): {stdout.Split('\n').LastOrDefault(l => l.Length > 0)}"));
            }
            finally
            {
                File.Delete(scratch);
            }
        }
        Assert.True(failures.Count == 0, Report(failures, seed));
    }

    [Fact]
    public void Saved_fuzz_inputs_stay_fixed()
    {
        var failures = new List<string>();
        var replayed = 0;
        if (Directory.Exists(CorpusDirectory))
        {
            foreach (var dir in Directory.GetDirectories(CorpusDirectory))
            {
                var target = FuzzTargets.All.SingleOrDefault(t => t.Name == Path.GetFileName(dir));
                if (target is null) continue;
                foreach (var file in Directory.GetFiles(dir, "*.bin"))
                {
                    replayed++;
                    string? error;
                    if (target.InChildProcess)
                    {
                        var (exit, stdout) = RunChild("replay", target.Name, file);
                        error = exit != 0 ? $"child process crashed (exit {exit})" : stdout.Split('\n').FirstOrDefault(l => l.StartsWith("FAIL "));
                    }
                    else
                    {
                        error = Fuzzer.Check(target, File.ReadAllBytes(file));
                    }
                    if (error is not null) failures.Add($"[{target.Name}] {file}: {error.Split('\n')[0]}");
                }
            }
        }
        output.WriteLine($"{replayed} saved inputs replayed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static (int Exit, string Stdout) RunChild(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(FuzzChild).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, stdout + "\ntimed out");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
