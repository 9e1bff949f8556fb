using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;

namespace SciTex.Zarr.Tests.Hosting;

/// <summary>What one <see cref="PowerShellSession.Invoke"/> produced.</summary>
/// <param name="HostText">What reached the host UI during this call: with <c>| Out-Default</c>, the rendered format views.</param>
public sealed record PowerShellResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<WarningRecord> Warnings,
    IReadOnlyList<VerboseRecord> Verbose,
    IReadOnlyList<InformationRecord> Information,
    IReadOnlyList<ProgressRecord> Progress,
    string HostText)
{
    /// <summary>The base objects of the output, for assertions that do not care about PSObject wrapping.</summary>
    public IReadOnlyList<object?> Values => Output.Select(o => o?.BaseObject).ToList();
}

/// <summary>
/// An in-process PowerShell session for tests: CreateDefault2 on Microsoft.PowerShell.SDK (every built-in module autoloads),
/// the built module imported from out/SciTex.Zarr, and a host that captures rendered text.
/// Variables and functions persist between <see cref="Invoke"/> calls; a terminating error is thrown
/// (a <see cref="RuntimeException"/> carrying the ErrorRecord), non-terminating ones are returned.
/// </summary>
/// <example>
/// using var session = PowerShellSession.Create();
/// var result = session.Invoke("Get-Module SciTex.Zarr | Out-Default");
/// Assert.Contains("SciTex.Zarr", result.HostText);
/// </example>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    private PowerShellSession(Runspace runspace, CapturingHostUserInterface ui)
    {
        _runspace = runspace;
        UI = ui;
    }

    public CapturingHostUserInterface UI { get; }

    public Runspace Runspace => _runspace;

    /// <param name="importModule">False for a session without the module.</param>
    /// <param name="workingDirectory">The session's current location; defaults to the process directory.</param>
    public static PowerShellSession Create(bool importModule = true, string? workingDirectory = null)
    {
        var state = InitialSessionState.CreateDefault2();
        if (importModule)
        {
            if (!File.Exists(RepositoryPaths.ModuleManifest))
                throw new FileNotFoundException("The module folder is not built; run 'dotnet build' first.", RepositoryPaths.ModuleManifest);
            state.ImportPSModule(RepositoryPaths.ModuleManifest);
        }

        var ui = new CapturingHostUserInterface();
        var runspace = RunspaceFactory.CreateRunspace(new CapturingHost(ui), state);
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(workingDirectory ?? Environment.CurrentDirectory));
        return new PowerShellSession(runspace, ui);
    }

    /// <summary>Runs <paramref name="script"/>; with <paramref name="parameters"/>, they bind to the script's param() block.</summary>
    public PowerShellResult Invoke(string script, IDictionary? parameters = null)
    {
        using var shell = PowerShell.Create(_runspace);
        shell.AddScript(script);
        if (parameters is not null) shell.AddParameters(parameters);
        return Run(shell);
    }

    /// <summary>Runs one command with named parameters, e.g. InvokeCommand("Get-ZarrTree", new Hashtable { ["Path"] = dir }).</summary>
    public PowerShellResult InvokeCommand(string command, IDictionary? parameters = null)
    {
        using var shell = PowerShell.Create(_runspace);
        shell.AddCommand(command);
        if (parameters is not null) shell.AddParameters(parameters);
        return Run(shell);
    }

    public void Dispose() => _runspace.Dispose();

    private PowerShellResult Run(PowerShell shell)
    {
        UI.Clear();
        var output = shell.Invoke();
        return new PowerShellResult(
            output.ToList(),
            shell.Streams.Error.ToList(),
            shell.Streams.Warning.ToList(),
            shell.Streams.Verbose.ToList(),
            shell.Streams.Information.ToList(),
            shell.Streams.Progress.ToList(),
            UI.Text);
    }

    private sealed class CapturingHost(PSHostUserInterface ui) : PSHost
    {
        public override string Name => "SciTex.Zarr.Tests";
        public override Version Version { get; } = new(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
    }
}
