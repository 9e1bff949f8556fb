using System.Collections;
using System.Collections.Concurrent;
using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests;

/// <summary>One result row from tests/Pester/Runner/MiniPester.psm1.</summary>
/// <param name="Kind">'Test' for an It; 'Block' or 'Container' for failures outside any It (discovery, AfterAll, unreadable file).</param>
public sealed record PesterResult(string File, string Path, string Name, string Result, string Message, TimeSpan Duration, string Kind)
{
    public bool IsTest => Kind == "Test";
}

/// <summary>Runs Pester files with the mini runner in a hosted session that has the built module imported.</summary>
public static class PesterRunner
{
    private const string RunScript = """
        param($Runner, $File, $Discover)
        Import-Module $Runner -Force
        Invoke-MiniPester -Path $File -Discover:$Discover
        """;

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<PesterResult>>> RunCache = new();

    public static IReadOnlyList<string> TestFiles() =>
        Directory.GetFiles(RepositoryPaths.PesterDirectory, "*.Tests.ps1").Order(StringComparer.Ordinal).ToList();

    /// <summary>Lists a file's Its without running them (Result 'Discovered'; statically skipped ones 'Discovered' too).</summary>
    public static IReadOnlyList<PesterResult> Discover(string file) => Invoke(file, discover: true);

    /// <summary>Runs a file once per test process; every It of the file reads its result from this.</summary>
    public static IReadOnlyList<PesterResult> RunCached(string file) =>
        RunCache.GetOrAdd(Path.GetFullPath(file), f => new Lazy<IReadOnlyList<PesterResult>>(() => Run(f))).Value;

    public static IReadOnlyList<PesterResult> Run(string file, bool importModule = true) => Invoke(file, discover: false, importModule);

    private static IReadOnlyList<PesterResult> Invoke(string file, bool discover, bool importModule = true)
    {
        using var session = PowerShellSession.Create(importModule, workingDirectory: Path.GetDirectoryName(file));
        var result = session.Invoke(RunScript, new Hashtable
        {
            ["Runner"] = RepositoryPaths.PesterRunnerModule,
            ["File"] = file,
            ["Discover"] = discover,
        });
        return result.Output.Select(row => new PesterResult(
            File: (string)row.Properties["File"].Value,
            Path: (string)row.Properties["Path"].Value,
            Name: (string)row.Properties["Name"].Value,
            Result: (string)row.Properties["Result"].Value,
            Message: row.Properties["Message"].Value as string ?? "",
            Duration: (TimeSpan)row.Properties["Duration"].Value,
            Kind: (string)row.Properties["Kind"].Value)).ToList();
    }
}
