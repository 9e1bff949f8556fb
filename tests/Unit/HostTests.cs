using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests;

/// <summary>The embedded host (SciTex.Zarr.Host) as a separate process: output, errors, exit codes, -File binding, prompts.</summary>
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
    public void Command_joins_the_remaining_arguments_like_pwsh()
    {
        var run = HostProcess.Run(["-c", "1", "+", "2"]);

        Assert.Equal((0, "3"), (run.ExitCode, run.StdOut.Trim()));
    }

    [Fact]
    public void Output_renders_through_the_module_format_views_as_plain_text()
    {
        var run = HostProcess.Run(["-Command", "Get-Module SciTex.Zarr"]);

        Assert.Equal(0, run.ExitCode);
        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^ModuleType\s+Version\s+PreRelease\s+Name\s+ExportedCommands$", lines[0]);
        Assert.Matches(@"^-+\s+-+\s+-+\s+-+\s+-+$", lines[1]);
        Assert.Matches(@"^Binary\s+\d+\.\d+\.\d+\s+SciTex\.Zarr", lines[2]);
        Assert.DoesNotContain('\u001b', run.StdOut);
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
    public void Non_terminating_errors_go_to_stderr_with_their_error_id()
    {
        var run = HostProcess.Run(["-Command", "Get-Command no-such-command; 'after'"]);

        Assert.Equal("after", run.StdOut.Trim());
        Assert.Contains("Get-Command: The term 'no-such-command' is not recognized", run.StdErr);
        Assert.Contains("FullyQualifiedErrorId : CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand", run.StdErr);
        Assert.Equal(1, run.ExitCode); // -Command: any error record fails the run (documented host policy)
    }

    [Fact]
    public void Stop_errors_are_written_once()
    {
        var run = HostProcess.Run(["-Command", "Get-Command no-such-command -ErrorAction Stop"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.StdErr.Split("is not recognized").Length);
    }

    [Fact]
    public void Exit_gives_its_code()
    {
        Assert.Equal(7, HostProcess.Run(["-Command", "exit 7"]).ExitCode);
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
        Assert.Equal("zarr|5|False|", HostProcess.Run(["-File", script, "-Na:zarr", "-Cou", "5"]).StdOut.Trim());
    }

    [Fact]
    public void File_scripts_get_their_automatic_variables_and_the_process_directory_as_location()
    {
        var script = Script("Where.ps1", """
            "$PSScriptRoot|$PSCommandPath|$($MyInvocation.MyCommand.Name)|$($ExecutionContext.SessionState.Path.CurrentLocation.Path)"
            """);

        var run = HostProcess.Run([script], workingDirectory: RepositoryPaths.Root);

        Assert.Equal($"{_directory}|{script}|Where.ps1|{RepositoryPaths.Root}", run.StdOut.Trim());
    }

    [Fact]
    public void File_with_only_non_terminating_errors_exits_0_like_pwsh()
    {
        var run = HostProcess.Run(["-File", Script("soft.ps1", "Get-Command no-such-command; 'done'")]);

        Assert.Equal((0, "done"), (run.ExitCode, run.StdOut.Trim()));
        Assert.Contains("CommandNotFoundException", run.StdErr);
    }

    [Fact]
    public void File_with_a_parse_error_exits_1()
    {
        var run = HostProcess.Run(["-File", Script("broken.ps1", "$x = ")]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ExpectedValueExpression", run.StdErr);
    }

    [Fact]
    public void Usage_errors_exit_64()
    {
        var missing = HostProcess.Run(["-File", Path.Combine(_directory, "missing.ps1")]);
        Assert.Equal(64, missing.ExitCode);
        Assert.Contains("missing.ps1", missing.StdErr);

        var nothing = HostProcess.Run([]);
        Assert.Equal(64, nothing.ExitCode);
        Assert.Contains("Usage:", nothing.StdErr);

        var help = HostProcess.Run(["-Help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("-Command", help.StdOut);
    }

    [Fact]
    public void Warnings_and_verbose_go_to_stderr_with_prefixes_and_honour_preferences()
    {
        const string function = "function f { [CmdletBinding()] param() $PSCmdlet.WriteWarning('careful'); $PSCmdlet.WriteVerbose('details'); 'result' }; ";

        var quiet = HostProcess.Run(["-Command", function + "f"]);
        Assert.Equal(("result", "WARNING: careful"), (quiet.StdOut.Trim(), quiet.StdErr.Trim()));

        var verbose = HostProcess.Run(["-Command", function + "$VerbosePreference = 'Continue'; $WarningPreference = 'SilentlyContinue'; f"]);
        Assert.Equal(("result", "VERBOSE: details"), (verbose.StdOut.Trim(), verbose.StdErr.Trim()));
    }

    [Fact]
    public void Progress_is_not_drawn_on_redirected_stderr()
    {
        var run = HostProcess.Run(["-Command",
            "function p { [CmdletBinding()] param() $PSCmdlet.WriteProgress([System.Management.Automation.ProgressRecord]::new(1, 'Copying', 'half')); 'done' }; p"]);

        Assert.Equal((0, "done", ""), (run.ExitCode, run.StdOut.Trim(), run.StdErr));
    }

    [Fact]
    public void Prompting_fails_clearly_instead_of_hanging_when_stdin_is_redirected()
    {
        var run = HostProcess.Run(["-Command", ConfirmingFunction + "f -Confirm"], standardInput: "y\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("NonInteractive mode", run.StdErr);
        Assert.DoesNotContain("did it", run.StdOut);
    }

    [PseudoTerminalFact]
    public void Confirm_prompts_on_a_terminal_and_follows_the_answer()
    {
        string Answer(string reply) => RunOnTerminal(["-Command", ConfirmingFunction + "f -Confirm"], reply + "\n");

        var yes = Answer("y");
        Assert.Contains("[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is \"Y\"):", yes);
        Assert.Contains("did it", yes);

        var no = Answer("n");
        Assert.Contains("declined", no);
        Assert.DoesNotContain("did it", no);
    }

    [PseudoTerminalFact]
    public void Progress_is_drawn_on_a_terminal_as_one_line_and_erased_when_completed()
    {
        var output = RunOnTerminal(["-Command", """
            function p { [CmdletBinding()] param()
                $record = [System.Management.Automation.ProgressRecord]::new(1, 'Copying', 'half'); $record.PercentComplete = 50
                $PSCmdlet.WriteProgress($record); $record.RecordType = 'Completed'; $PSCmdlet.WriteProgress($record); 'done' }
            p
            """], "");

        // "\rCopying: half [50%]   ...\r", then as many blanks and "\r" again before the next output.
        Assert.Matches(@"\rCopying: half \[50%\] *\r *\rdone", output);
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

    [Fact]
    public void The_Pester_suite_passes_under_the_mini_runner_inside_the_host()
    {
        // Unlike the xunit process, the host does not ship ZstdSharp itself, so the module's isolation is really exercised.
        var run = HostProcess.Run(["-File", Path.Combine(RepositoryPaths.PesterDirectory, "Runner", "Invoke-MiniPester.ps1")]);

        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
        Assert.Matches(@"Tests Passed: [1-9]\d*, Failed: 0, Skipped: 0", run.StdOut);
    }

    private const string ConfirmingFunction =
        "function f { [CmdletBinding(SupportsShouldProcess)] param() if ($PSCmdlet.ShouldProcess('thing')) { 'did it' } else { 'declined' } }; ";

    /// <summary>Runs the host on a pseudo-terminal (stdin, stdout and stderr all terminals) and returns what it showed.</summary>
    private static string RunOnTerminal(string[] hostArguments, string typed) =>
        HostProcess.RunProcess("script", ["-qec", HostProcess.ShellCommand(hostArguments), "/dev/null"], standardInput: typed).StdOut;

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
