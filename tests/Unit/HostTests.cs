using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests;

/// <summary>
/// The embedded host (SciTex.Zarr.Host: the SDK's real pwsh console with the module imported) as a separate process:
/// pwsh's command line, output, stderr, exit codes, every built-in module, and an interactive prompt.
/// </summary>
public sealed class HostTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ZarrHostTest").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Command_prints_pipeline_output_to_stdout_and_exits_0()
    {
        var run = HostProcess.Run(["-NoProfile", "-NonInteractive", "-Command", "Get-Module SciTex.Zarr | ForEach-Object Name"]);

        Assert.Equal((0, "SciTex.Zarr", ""), (run.ExitCode, run.StdOut.Trim(), run.StdErr));
    }

    [Fact]
    public void It_is_the_real_pwsh_console_host_with_every_built_in_module()
    {
        var run = HostProcess.Run(["-c", "$Host.Name; $PSVersionTable.PSVersion.ToString(); " +
            "(Get-Command Select-Object, ConvertTo-Json, Measure-Object, Join-Path, Write-Progress | ForEach-Object Source | Sort-Object -Unique) -join ','"]);

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Equal(["ConsoleHost", "7.6.9", "Microsoft.PowerShell.Management,Microsoft.PowerShell.Utility"], Lines(run.StdOut));
    }

    [Fact]
    public void Tree_of_a_store_pipes_into_Select_Object_and_ConvertTo_Json()
    {
        var save = HostProcess.Run(["-c", "Save-Zarr ./x.zarr -InputObject @{ a = [double[]](1..10); g = @{ b = [int[]](1, 2) } }"], workingDirectory: _directory);
        Assert.True(save.ExitCode == 0, save.StdErr);

        var run = HostProcess.Run(["-Command", "Get-ZarrTree ./x.zarr | Select-Object Name, Shape | ConvertTo-Json -Compress"], workingDirectory: _directory);

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Equal("""[{"Name":"x.zarr","Shape":null},{"Name":"a","Shape":[10]},{"Name":"g","Shape":null},{"Name":"b","Shape":[2]}]""", run.StdOut.Trim());
    }

    [Fact]
    public void Output_renders_through_the_module_format_views()
    {
        var run = HostProcess.Run(["-Command", "Get-Module SciTex.Zarr"]);

        Assert.Equal(0, run.ExitCode);
        var lines = Lines(run.StdOut);
        Assert.Matches(@"^ModuleType\s+Version\s+PreRelease\s+Name\b", lines[0]);
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^Binary\s+\d+\.\d+\.\d+\s+SciTex\.Zarr"));
        Assert.DoesNotContain('\u001b', run.StdOut); // NO_COLOR is honoured
    }

    [Fact]
    public void A_thrown_error_goes_to_stderr_and_exits_1()
    {
        var run = HostProcess.Run(["-Command", "'before'; throw 'boom'"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("before", run.StdOut.Trim());
        Assert.StartsWith("Exception: boom", run.StdErr);
    }

    [Fact]
    public void Module_errors_reach_stderr_with_their_error_id()
    {
        var run = HostProcess.Run(["-Command", "Import-Zarr ./missing.zarr; $Error[0].FullyQualifiedErrorId"], workingDirectory: _directory);

        Assert.StartsWith("ZarrStoreNotFound,", run.StdOut.Trim());
        Assert.Contains("Import-Zarr:", run.StdErr);
    }

    [Fact]
    public void Exit_gives_its_code()
    {
        Assert.Equal(3, HostProcess.Run(["-Command", "exit 3"]).ExitCode);
        Assert.Equal(7, HostProcess.Run(["-File", Script("exit7.ps1", "'working'; exit 7")]).ExitCode);
    }

    [Fact]
    public void File_binds_named_switch_and_positional_arguments_to_the_param_block()
    {
        var script = Script("Show.ps1", """
            param([string] $Name, [int] $Count, [switch] $Loud)
            "$Name|$Count|$Loud|$($args -join ',')"
            """);

        Assert.Equal("zarr|3|True|", HostProcess.Run(["-File", script, "-Name", "zarr", "-Count", "3", "-Loud"]).StdOut.Trim());
        Assert.Equal("zarr|4|False|extra", HostProcess.Run(["-File", script, "zarr", "4", "extra"]).StdOut.Trim());
    }

    [Fact]
    public void File_scripts_get_their_automatic_variables_and_the_process_directory_as_location()
    {
        var script = Script("Where.ps1", """
            "$PSScriptRoot|$PSCommandPath|$($MyInvocation.MyCommand.Name)|$($PWD.Path)"
            """);

        var run = HostProcess.Run([script], workingDirectory: RepositoryPaths.Root);

        Assert.Equal($"{_directory}|{script}|Where.ps1|{RepositoryPaths.Root}", run.StdOut.Trim());
    }

    [Fact]
    public void File_with_a_parse_error_exits_1_and_a_missing_file_exits_64()
    {
        var broken = HostProcess.Run(["-File", Script("broken.ps1", "$x = ")]);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("ParserError", broken.StdErr);

        var missing = HostProcess.Run(["-File", Path.Combine(_directory, "missing.ps1")]);
        Assert.Equal(64, missing.ExitCode);
        Assert.Contains("missing.ps1", missing.StdErr);
    }

    [Fact]
    public void Warnings_and_verbose_reach_the_console_like_pwsh_and_honour_preferences()
    {
        // pwsh's console host writes warning and verbose lines with the output (stdout); only errors go to stderr.
        const string function = "function f { [CmdletBinding()] param() Write-Warning 'careful'; Write-Verbose 'details'; 'result' }; ";

        var quiet = HostProcess.Run(["-Command", function + "f"]);
        Assert.Equal(["WARNING: careful", "result"], Lines(quiet.StdOut));
        Assert.Equal("", quiet.StdErr);

        var verbose = HostProcess.Run(["-Command", function + "$VerbosePreference = 'Continue'; $WarningPreference = 'SilentlyContinue'; f"]);
        Assert.Equal(["VERBOSE: details", "result"], Lines(verbose.StdOut));
        Assert.Equal("", verbose.StdErr);
    }

    [Fact]
    public void NonInteractive_refuses_to_prompt()
    {
        var run = HostProcess.Run(["-NonInteractive", "-Command", ConfirmingFunction + "f -Confirm"]);

        Assert.Contains("NonInteractive mode", run.StdErr);
        Assert.DoesNotContain("did it", run.StdOut);
    }

    [Fact]
    public void The_quickstart_example_runs_in_the_host()
    {
        var run = HostProcess.Run(["-File", Path.Combine(RepositoryPaths.Root, "examples", "quickstart.ps1"), "-StorePath", Path.Combine(_directory, "q.zarr")]);

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("raw_signals", run.StdOut);
        Assert.Contains("Same values as in memory: True", run.StdOut);
    }

    [Fact]
    public void Module_path_can_be_overridden_and_a_missing_module_is_reported()
    {
        var run = HostProcess.Run(["-Command", "1"], environment: new Dictionary<string, string>
        {
            ["SCITEX_ZARR_MODULE"] = Path.Combine(_directory, "nowhere", "SciTex.Zarr.psd1"),
        });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nowhere", run.StdErr);
    }

    [PseudoTerminalFact]
    public void Interactive_use_gives_a_pwsh_prompt_with_the_module_loaded()
    {
        var output = HostProcess.RunProcess("script", ["-qec", HostProcess.ShellCommand(["-NoProfile"]), "/dev/null"],
            standardInput: "(Get-Module SciTex.Zarr).Name + '!'\nexit 5\n");

        Assert.Equal(5, output.ExitCode);
        Assert.Contains("on PowerShell 7.6.9", output.StdOut); // the banner
        Assert.Contains($"PS {RepositoryPaths.Root}>", output.StdOut);
        Assert.Contains("SciTex.Zarr!", output.StdOut);
    }

    [PseudoTerminalFact]
    public void Confirm_prompts_on_a_terminal_and_follows_the_answer()
    {
        string Answer(string reply) => HostProcess.RunProcess("script",
            ["-qec", HostProcess.ShellCommand(["-Command", ConfirmingFunction + "f -Confirm"]), "/dev/null"], standardInput: reply + "\n").StdOut;

        var yes = Answer("y");
        Assert.Contains("Are you sure you want to perform this action?", yes);
        Assert.Contains("Suspend", yes);
        Assert.Contains("did it", yes);

        var no = Answer("n");
        Assert.Contains("declined", no);
        Assert.DoesNotContain("did it", no);
    }

    private const string ConfirmingFunction =
        "function f { [CmdletBinding(SupportsShouldProcess)] param() if ($PSCmdlet.ShouldProcess('thing')) { 'did it' } else { 'declined' } }; ";

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private string Script(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}

/// <summary>Runs only where util-linux script(1) can give the host a pseudo-terminal (Linux, as on CI).</summary>
public sealed class PseudoTerminalFactAttribute : FactAttribute
{
    public PseudoTerminalFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/script")) Skip = "needs Linux and util-linux script(1) for a pseudo-terminal";
    }
}
