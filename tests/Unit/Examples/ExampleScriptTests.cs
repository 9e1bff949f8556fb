using System.Collections;
using System.Diagnostics;
using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests.Examples;

/// <summary>
/// Runs every examples/*.ps1 in the hosted SDK engine (every built-in module, as in pwsh) with $ErrorActionPreference = 'Stop'
/// and a fresh output folder; any error record or exception fails the test.
/// </summary>
public sealed class ExampleScriptTests
{
    private static string[] Names() =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "examples"), "*.ps1").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public static TheoryData<string> Scripts() => new(Names());

    // Example scripts take -OutputFolder (a folder for their stores); quickstart.ps1 takes -StorePath; -SizeGiB scales one down.
    private const string Runner = """
        param($File, $Folder)
        $ErrorActionPreference = 'Stop'
        $parameters = (Get-Command -Name $File).Parameters
        $arguments = @{}
        if ($parameters.ContainsKey('OutputFolder')) { $arguments.OutputFolder = $Folder }
        elseif ($parameters.ContainsKey('StorePath')) { $arguments.StorePath = [System.IO.Path]::Combine($Folder, 'store.zarr') }
        # larger-than-memory.ps1 builds 4 GiB by default; tests build 0.25 GiB (bench/README.md reports the real run).
        if ($parameters.ContainsKey('SizeGiB')) { $arguments.SizeGiB = 0.25 }
        & $File @arguments
        """;

    [Fact]
    public void EverySectionOfTheSeedGuideHasAnExample()
    {
        var names = Names().ToHashSet();
        foreach (var expected in new[] { "basic.ps1", "mixed-types.ps1", "hierarchy.ps1", "compression.ps1", "chunking.ps1", "exploration.ps1", "attributes.ps1", "quickstart.ps1" })
            Assert.Contains(expected, names);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ExampleRunsWithoutErrors(string script)
    {
        var file = Path.Combine(RepositoryPaths.Root, "examples", script);
        var folder = Directory.CreateTempSubdirectory("scitex-example-").FullName;
        try
        {
            using var session = PowerShellSession.Create(workingDirectory: folder);
            var clock = Stopwatch.StartNew();
            var result = session.Invoke(Runner, new Hashtable { ["File"] = file, ["Folder"] = folder });
            Assert.True(result.Errors.Count == 0,
                $"{script}:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e} {e.InvocationInfo?.PositionMessage}"))}");
            Assert.True(result.Output.Count >= 3, $"{script} printed {result.Output.Count} lines; examples say what they did.");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{script} took {clock.Elapsed.TotalSeconds:n1} s; keep examples quick.");
            Assert.NotEmpty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
