using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace SciTex.Zarr.Tests.Hosting;

/// <summary>
/// Records what PowerShell writes to the host (Out-Default's rendered format views, warnings, verbose, …) as plain text
/// so tests can assert on it. Prompting is refused: a test that prompts is a test that would hang.
/// </summary>
public sealed class CapturingHostUserInterface : PSHostUserInterface
{
    /// <summary>Table layout depends on this width; 120 is what pwsh uses for redirected output.</summary>
    public const int Width = 120;

    private readonly StringBuilder _text = new();
    private readonly object _gate = new();

    public override PSHostRawUserInterface RawUI { get; } = new FixedSizeRawUserInterface(Width);

    /// <summary>Everything written so far, in order, with warning/verbose/debug/error prefixes like a console host.</summary>
    public string Text
    {
        get { lock (_gate) return _text.ToString(); }
    }

    public void Clear()
    {
        lock (_gate) _text.Clear();
    }

    public override void Write(string value) => Append(value);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);
    public override void WriteLine(string value) => Append(value + "\n");
    public override void WriteErrorLine(string value) => Append(value + "\n");
    public override void WriteWarningLine(string message) => Append("WARNING: " + message + "\n");
    public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + "\n");
    public override void WriteDebugLine(string message) => Append("DEBUG: " + message + "\n");
    public override void WriteProgress(long sourceId, ProgressRecord record) { } // asserted through the progress stream instead

    public override void WriteInformation(InformationRecord record)
    {
        if (record.MessageData is HostInformationMessage host) Append(host.Message + (host.NoNewLine == true ? "" : "\n"));
        else Append(record + "\n");
    }

    public override string ReadLine() => throw NoPrompting();
    public override SecureString ReadLineAsSecureString() => throw NoPrompting();
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NoPrompting();
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NoPrompting();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NoPrompting();

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NoPrompting();

    private static PSInvalidOperationException NoPrompting() =>
        new("The test host cannot prompt; pass the value, or use -Confirm:$false / -WhatIf.");

    private void Append(string text)
    {
        // Same as pwsh with redirected output: the formatter's colour escapes are dropped.
        lock (_gate) _text.Append(GetOutputString(text, supportsVirtualTerminal: false));
    }

    private sealed class FixedSizeRawUserInterface(int width) : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; }
        public override ConsoleColor ForegroundColor { get; set; }
        public override Size BufferSize { get => new(width, short.MaxValue); set { } }
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; }
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => WindowSize;
        public override Size MaxWindowSize => WindowSize;
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get => new(width, 50); set { } }
        public override string WindowTitle { get; set; } = "";
        public override void FlushInputBuffer() { }
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
    }
}
