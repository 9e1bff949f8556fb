using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>What one hosted script run produced.</summary>
public sealed record PsResult(Collection<PSObject> Output, List<ErrorRecord> Errors, List<ProgressRecord> Progress, string HostText)
{
    public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]);
    public PSObject Single() { Assert.Empty(Errors); Assert.Single(Output); return Output[0]; }
}

/// <summary>
/// A default-2 runspace with the built module (out/SciTex.Zarr) imported, a text host that records what Out-Default
/// writes, and a fresh temp folder in $T. One per test; dispose deletes the folder.
/// </summary>
public sealed class PsSession : IDisposable
{
    public static readonly string RepoRoot = FindRepoRoot();
    public static readonly string ModuleManifest = Path.Combine(RepoRoot, "out", "SciTex.Zarr", "SciTex.Zarr.psd1");

    private readonly TextHost _host = new();
    private readonly Runspace _runspace;
    public string Temp { get; } = Directory.CreateTempSubdirectory("scitex-cmdlets-").FullName;

    public PsSession()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(ModuleManifest);
        _runspace = RunspaceFactory.CreateRunspace(_host, iss);
        _runspace.Open();
        _runspace.SessionStateProxy.SetVariable("T", Temp);
        _runspace.SessionStateProxy.SetVariable("ErrorActionPreference", ActionPreference.Continue);
    }


    /// <summary>Runs a script; a terminating error is recorded in Errors rather than thrown.</summary>
    public PsResult Run(string script)
    {
        _host.Text.Clear();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        Collection<PSObject> output = [];
        var errors = new List<ErrorRecord>();
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            errors.Add(e.ErrorRecord);
        }
        errors.InsertRange(0, ps.Streams.Error);
        return new PsResult(output, errors, ps.Streams.Progress.ToList(), _host.Text.ToString());
    }

    /// <summary>Runs a script that must not fail.</summary>
    public Collection<PSObject> Ok(string script)
    {
        var r = Run(script);
        Assert.True(r.Errors.Count == 0, string.Join("\n", r.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        return r.Output;
    }

    public T One<T>(string script)
    {
        var output = Ok(script);
        Assert.Single(output);
        return Assert.IsType<T>(output[0].BaseObject, exactMatch: false);
    }

    public string P(params string[] parts) => Path.Combine([Temp, .. parts]);

    public void Dispose()
    {
        _runspace.Dispose();
        try { Directory.Delete(Temp, true); } catch (IOException) { }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SciTex.Zarr.slnx"))) return dir.FullName;
        throw new InvalidOperationException("SciTex.Zarr.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Just enough host for Out-Default: writes land in Text; 160 columns.</summary>
    private sealed class TextHost : PSHost
    {
        public readonly StringBuilder Text = new();
        private readonly Ui _ui;
        public TextHost() => _ui = new Ui(Text);
        public override string Name => "SciTexTestHost";
        public override Version Version => new(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
    }

    private sealed class Ui(StringBuilder text) : PSHostUserInterface
    {
        private readonly Raw _raw = new();
        public override PSHostRawUserInterface RawUI => _raw;
        public override void Write(string value) => text.Append(value);
        public override void Write(ConsoleColor f, ConsoleColor b, string value) => text.Append(value);
        public override void WriteLine(string value) => text.AppendLine(value);
        public override void WriteErrorLine(string value) => text.AppendLine(value);
        public override void WriteDebugLine(string message) { }
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) => text.AppendLine("WARNING: " + message);
        public override string ReadLine() => throw new NotSupportedException();
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
    }

    private sealed class Raw : PSHostRawUserInterface
    {
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override Coordinates CursorPosition { get; set; }
        public override Coordinates WindowPosition { get; set; }
        public override int CursorSize { get; set; }
        public override Size BufferSize { get; set; } = new(160, 1000);
        public override Size WindowSize { get; set; } = new(160, 50);
        public override Size MaxWindowSize => new(160, 50);
        public override Size MaxPhysicalWindowSize => new(160, 50);
        public override bool KeyAvailable => false;
        public override string WindowTitle { get; set; } = "";
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void FlushInputBuffer() { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    }
}
