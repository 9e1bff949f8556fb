using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SciTex.Zarr.Host;

/// <summary>
/// Opens a runspace with the SciTex.Zarr module imported, runs the command or script through Out-Default
/// (so the module's format views render exactly as in pwsh) and turns the outcome into a process exit code.
/// </summary>
public static class HostedShell
{
    public const string ModuleOverrideVariable = "SCITEX_ZARR_MODULE";

    private const int UsageExitCode = 64;

    public static int Run(CommandLine commandLine)
    {
        var modulePath = Environment.GetEnvironmentVariable(ModuleOverrideVariable) is { Length: > 0 } overridePath
            ? Path.GetFullPath(overridePath)
            : Path.Combine(AppContext.BaseDirectory, "Modules", "SciTex.Zarr", "SciTex.Zarr.psd1");
        if (!File.Exists(modulePath))
        {
            Console.Error.WriteLine($"SciTex.Zarr module manifest not found: {modulePath} (build the solution, or set {ModuleOverrideVariable}).");
            return 1;
        }

        var ui = CreateConsoleUserInterface(commandLine.NonInteractive);
        var host = new ZarrHost(ui);
        var sessionState = InitialSessionState.CreateDefault2();
        sessionState.ImportPSModule(modulePath);
        using var runspace = RunspaceFactory.CreateRunspace(host, sessionState);
        try
        {
            runspace.Open();
        }
        catch (Exception ex) when (ex is RuntimeException or InvalidRunspaceStateException)
        {
            Console.Error.WriteLine($"Could not start PowerShell with {modulePath}: {ex.Message}");
            return 1;
        }

        runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(Environment.CurrentDirectory));
        if (Environment.GetEnvironmentVariable("NO_COLOR") is not null) PSStyle.Instance.OutputRendering = OutputRendering.PlainText;

        using var shell = PowerShell.Create(runspace);
        if (commandLine.FilePath is { } filePath)
        {
            var scriptPath = Path.GetFullPath(filePath);
            if (!File.Exists(scriptPath) || !scriptPath.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"The argument '{filePath}' is not recognized as the name of a script file (*.ps1). " +
                                        "Check the spelling of the name, or if a path was included, verify that the path is correct and try again.");
                return UsageExitCode;
            }

            // Invoking the file as a command gives it $PSScriptRoot, $PSCommandPath, $MyInvocation and param binding, as pwsh -File does.
            var script = runspace.SessionStateProxy.InvokeCommand.GetCommand(scriptPath, CommandTypes.ExternalScript);
            shell.AddCommand(scriptPath);
            ScriptArguments.Bind(shell, script, commandLine.FileArguments);
        }
        else
        {
            shell.AddScript(commandLine.Command!);
        }

        shell.AddCommand("Out-Default");
        return Invoke(shell, ui, host, isFile: commandLine.FilePath is not null);
    }

    /// <summary>
    /// Exit code policy (pwsh's, except where noted): 'exit N' gives N; a terminating error gives 1;
    /// for -File, non-terminating errors alone give 0; for -Command, any error record gives 1
    /// (pwsh looks only at $? of the last statement; we are deliberately stricter so failures are not lost).
    /// </summary>
    private static int Invoke(PowerShell shell, ZarrHostUserInterface ui, ZarrHost host, bool isFile)
    {
        // Errors are written as they happen, to stderr, instead of being merged into Out-Default's stdout.
        var written = new HashSet<Exception>(ReferenceEqualityComparer.Instance);
        shell.Streams.Error.DataAdded += (_, e) =>
        {
            var record = shell.Streams.Error[e.Index];
            written.Add(record.Exception);
            ui.WriteErrorLine(ErrorRecordText.Format(record));
        };
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            shell.BeginStop(null, null);
        };

        try
        {
            shell.Invoke();
        }
        catch (ExitException exit)
        {
            return exit.Argument is int code ? code : 1;
        }
        catch (RuntimeException terminating)
        {
            // -ErrorAction Stop rethrows a record that was already written to the error stream.
            if (!written.Contains(terminating.ErrorRecord.Exception))
                ui.WriteErrorLine(ErrorRecordText.Format(terminating.ErrorRecord, terminating));
            return host.RequestedExitCode ?? 1;
        }

        if (host.RequestedExitCode is { } requested) return requested;
        if (isFile) return shell.Runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int lastExitCode ? lastExitCode : 0;
        return shell.HadErrors ? 1 : 0;
    }

    private static ZarrHostUserInterface CreateConsoleUserInterface(bool nonInteractive)
    {
        var cannotPrompt = nonInteractive ? "-NonInteractive was given"
            : Console.IsInputRedirected ? "standard input is redirected"
            : null;
        var progress = Console.IsErrorRedirected ? null : new ProgressRenderer(Console.Error, new ZarrHostRawUserInterface().BufferSize.Width);
        return new ZarrHostUserInterface(Console.In, Console.Out, Console.Error, cannotPrompt, progress);
    }
}
