using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests.Pester;

/// <summary>One Pester It as Pester itself reports it: "Describe > Context > It" with expanded names.</summary>
/// <param name="Result">Pester's result: Passed, Failed, Skipped, NotRun, Inconclusive, or Discovered (after discovery only).</param>
/// <param name="Message">Pester's failure message (with the failing line) or skip reason; empty otherwise.</param>
/// <param name="Key">The same path with names as written (templates unexpanded): with Occurrence, what identifies the It
/// between discovery and run.</param>
public sealed record PesterIt(string File, string Path, string Key, int Occurrence, string Result, string Message);

/// <summary>What one Invoke-Pester of a file produced: its Its, and the failures Pester reports outside any It.</summary>
public sealed record PesterFileResult(IReadOnlyList<PesterIt> Its, IReadOnlyList<string> Problems);

/// <summary>
/// Runs tests/Pester files with the real Pester 5.7.1 (restored by the test project's PackageDownload) inside an
/// in-process PowerShell SDK runspace that has the built module imported. Discovery is Pester's own (Run.SkipRun).
/// </summary>
public static class PesterSuite
{
    /// <summary>Pester.psd1 in the NuGet package folder, written into this assembly by the project file.</summary>
    public static string PesterManifest { get; } = typeof(PesterSuite).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PesterManifest").Value!;

    private static readonly ConcurrentDictionary<string, Lazy<PesterFileResult>> RunCache = new();

    // Rows: File, Path, Result, Message for each It; then Kind='Problem' rows for failed containers and blocks.
    private const string Script = """
        param($Pester, $Files, [bool] $SkipRun, $ModuleFolder)
        $ErrorActionPreference = 'Stop'
        # The built module folder's parent on PSModulePath too, so fresh runspaces (-Parallel, new runspaces) autoload it.
        $modules = [System.IO.Path]::GetDirectoryName($ModuleFolder)
        if (($env:PSModulePath -split [System.IO.Path]::PathSeparator) -notcontains $modules) {
            $env:PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath
        }
        Import-Module $Pester
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = [string[]] $Files
        $configuration.Run.PassThru = $true
        $configuration.Run.SkipRun = $SkipRun
        $configuration.Output.Verbosity = 'None'
        $result = Invoke-Pester -Configuration $configuration

        # Discovery leaves '<name>' templates unexpanded: expand the simple ones from the data as Pester will when it runs.
        function Expand-Name($Item) {
            if ($Item.ExpandedName -and $Item.ExpandedName -ne $Item.Name) { return $Item.ExpandedName }
            $data = $Item.Data
            [regex]::Replace($Item.Name, '<([^<>]+)>', {
                param($match)
                $key = $match.Groups[1].Value
                if ($key -eq '_') { "$data" }
                elseif ($data -is [System.Collections.IDictionary] -and $data.Contains($key)) { "$($data[$key])" }
                else { $match.Value }
            })
        }
        function Get-BlockPath($Block, [switch] $Raw) {
            $names = for ($b = $Block; $b -and -not $b.IsRoot; $b = $b.Parent) { if ($Raw) { $b.Name } else { Expand-Name $b } }
            [array]::Reverse($names); $names
        }
        function Get-ErrorText($Records) {
            @(foreach ($record in $Records) {
                $where = if ($record.TargetObject -is [System.Collections.IDictionary] -and $record.TargetObject.File) {
                    "at $($record.TargetObject.File):$($record.TargetObject.Line)"
                } elseif ($record.InvocationInfo -and $record.InvocationInfo.ScriptName) {
                    "at $($record.InvocationInfo.ScriptName):$($record.InvocationInfo.ScriptLineNumber)"
                }
                (@($record.Exception.Message, $where) -ne $null) -join [Environment]::NewLine
            }) -join [Environment]::NewLine
        }

        foreach ($test in $result.Tests) {
            $path = @(Get-BlockPath $test.Block) + (Expand-Name $test)
            $key = @(Get-BlockPath $test.Block -Raw) + $test.Name
            $message = Get-ErrorText $test.ErrorRecord
            if ($test.Result -eq 'Failed' -and -not $message) {
                # Failed because a BeforeAll/AfterAll around it failed: that block's error is the reason.
                $message = @(for ($b = $test.Block; $b -and -not $b.IsRoot; $b = $b.Parent) {
                    if ($b.ErrorRecord.Count) { "$((Get-BlockPath $b) -join ' > '): $(Get-ErrorText $b.ErrorRecord)" }
                }) -join [Environment]::NewLine
            }
            [pscustomobject] @{ Kind = 'It'; File = $test.ScriptBlock.File; Key = $key -join ' > '; Path = $path -join ' > '; Result = [string] $test.Result; Message = [string] $message }
        }
        foreach ($container in $result.Containers | Where-Object Result -EQ 'Failed') {
            if ($container.ErrorRecord.Count) {
                [pscustomobject] @{ Kind = 'Problem'; File = [string] $container.Item; Path = 'file'; Result = 'Failed'; Message = Get-ErrorText $container.ErrorRecord }
            }
        }
        foreach ($block in $result.FailedBlocks) {
            [pscustomobject] @{ Kind = 'Problem'; File = $block.ScriptBlock.File; Path = (Get-BlockPath $block) -join ' > '; Result = 'Failed'; Message = Get-ErrorText $block.ErrorRecord }
        }
        """;

    public static IReadOnlyList<string> TestFiles() =>
        Directory.GetFiles(RepositoryPaths.PesterDirectory, "*.Tests.ps1").Order(StringComparer.Ordinal).ToList();

    /// <summary>Pester's discovery of <paramref name="files"/> in one session: every It (Result 'Discovered'), and discovery failures.</summary>
    public static PesterFileResult Discover(IReadOnlyList<string> files) => Invoke(files, skipRun: true);

    /// <summary>Runs a file once per test process; each of its Its reads its result from this.</summary>
    public static PesterFileResult RunCached(string file) =>
        RunCache.GetOrAdd(Path.GetFullPath(file), f => new Lazy<PesterFileResult>(() => Invoke([f], skipRun: false))).Value;

    private static PesterFileResult Invoke(IReadOnlyList<string> files, bool skipRun)
    {
        var directory = Path.GetDirectoryName(files[0])!;
        using var session = PowerShellSession.Create(workingDirectory: directory);
        var result = session.Invoke(Script, new Hashtable
        {
            ["Pester"] = PesterManifest,
            ["Files"] = files.ToArray(),
            ["SkipRun"] = skipRun,
            ["ModuleFolder"] = Path.GetDirectoryName(RepositoryPaths.ModuleManifest),
        });

        var problems = result.Errors.Select(e => $"Invoke-Pester: {e}").ToList();
        var its = new List<PesterIt>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var row in result.Output)
        {
            string Text(string name) => row.Properties[name].Value?.ToString() ?? "";
            if (Text("Kind") == "Problem")
            {
                problems.Add($"{Path.GetFileName(Text("File"))} > {Text("Path")}: {Text("Message")}");
                continue;
            }

            var key = (Path.GetFullPath(Text("File")), Text("Key"));
            var occurrence = seen[key] = seen.GetValueOrDefault(key) + 1;
            var outcome = skipRun && Text("Result") == "NotRun" ? "Discovered" : Text("Result");
            its.Add(new PesterIt(key.Item1, Text("Path"), key.Item2, occurrence, outcome, Text("Message")));
        }

        return new PesterFileResult(its, problems);
    }
}
