using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace SciTex.Zarr.Host;

/// <summary>
/// Console UI for the host: data and host writes go to <c>output</c>, every other stream to <c>error</c>
/// (so stdout stays machine-readable), and prompts read lines from <c>input</c>.
/// </summary>
public sealed class ZarrHostUserInterface : PSHostUserInterface
{
    /// <summary>pwsh's wording, so scripts and people recognise the failure.</summary>
    public const string NonInteractiveMessage = "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.";

    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly string? _cannotPromptReason;
    private readonly ProgressRenderer? _progress;

    /// <param name="cannotPromptReason">Null when prompts may read <paramref name="input"/>; otherwise why not.</param>
    /// <param name="progress">Null when progress must not be drawn (stderr is not a terminal).</param>
    public ZarrHostUserInterface(TextReader input, TextWriter output, TextWriter error, string? cannotPromptReason, ProgressRenderer? progress)
    {
        _input = input;
        _output = output;
        _error = error;
        _cannotPromptReason = cannotPromptReason;
        _progress = progress;
    }

    public override PSHostRawUserInterface RawUI { get; } = new ZarrHostRawUserInterface();

    /// <summary>True only when stdout is a terminal: pipes, files and test writers get plain text.</summary>
    public override bool SupportsVirtualTerminal => ReferenceEquals(_output, Console.Out) && !Console.IsOutputRedirected;

    public override void Write(string value) => WriteTo(_output, value);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => WriteTo(_output, value);
    public override void WriteLine(string value) => WriteTo(_output, value + Environment.NewLine);
    public override void WriteErrorLine(string value) => WriteTo(_error, value + Environment.NewLine);
    public override void WriteWarningLine(string message) => WriteErrorLine("WARNING: " + message);
    public override void WriteVerboseLine(string message) => WriteErrorLine("VERBOSE: " + message);
    public override void WriteDebugLine(string message) => WriteErrorLine("DEBUG: " + message);

    /// <summary>Write-Host arrives here as a HostInformationMessage; other information records print as text.</summary>
    public override void WriteInformation(InformationRecord record)
    {
        if (record.MessageData is HostInformationMessage hostMessage)
        {
            Write(hostMessage.Message + (hostMessage.NoNewLine == true ? string.Empty : Environment.NewLine));
            return;
        }

        WriteLine(record.ToString());
    }

    public override void WriteProgress(long sourceId, ProgressRecord record) => _progress?.Render(record);

    public override string ReadLine()
    {
        EnsureCanPrompt();
        _progress?.Clear();
        return _input.ReadLine() ?? throw new PSInvalidOperationException("Input ended while PowerShell was waiting for a reply.");
    }

    /// <summary>Reads without echo when the input is the console; other readers (tests) are read as plain lines.</summary>
    public override SecureString ReadLineAsSecureString()
    {
        EnsureCanPrompt();
        var secret = new SecureString();
        if (!ReferenceEquals(_input, Console.In))
        {
            foreach (var c in ReadLine()) secret.AppendChar(c);
        }
        else
        {
            for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
            {
                if (key.Key == ConsoleKey.Backspace && secret.Length > 0) secret.RemoveAt(secret.Length - 1);
                else if (!char.IsControl(key.KeyChar)) secret.AppendChar(key.KeyChar);
            }

            WriteLine();
        }

        secret.MakeReadOnly();
        return secret;
    }

    /// <summary>Used for missing mandatory parameters: one line per field, converted by PowerShell's binder later.</summary>
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        EnsureCanPrompt();
        WriteHeading(caption, message);
        var answers = new Dictionary<string, PSObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in descriptions)
        {
            Write(field.Name + ": ");
            object answer = field.ParameterTypeFullName == typeof(SecureString).FullName ? ReadLineAsSecureString() : ReadLine();
            answers[field.Name] = PSObject.AsPSObject(answer);
        }

        return answers;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        EnsureCanPrompt();
        WriteHeading(caption, message);
        var hotkeys = choices.Select(HotkeyOf).ToArray();
        var menu = string.Join("  ", choices.Select((choice, i) => $"[{hotkeys[i]}] {choice.Label.Replace("&", string.Empty)}"));
        var defaultText = defaultChoice >= 0 && defaultChoice < choices.Count ? $" (default is \"{hotkeys[defaultChoice]}\")" : string.Empty;
        while (true)
        {
            Write($"{menu}  [?] Help{defaultText}: ");
            var reply = ReadLine().Trim();
            if (reply.Length == 0 && defaultText.Length > 0) return defaultChoice;
            if (reply == "?")
            {
                for (var i = 0; i < choices.Count; i++) WriteLine($"{hotkeys[i]} - {choices[i].HelpMessage}");
                continue;
            }

            var chosen = Array.FindIndex(hotkeys, hotkey => string.Equals(hotkey, reply, StringComparison.OrdinalIgnoreCase));
            if (chosen < 0)
                chosen = choices.ToList().FindIndex(c => string.Equals(c.Label.Replace("&", string.Empty), reply, StringComparison.OrdinalIgnoreCase));
            if (chosen >= 0) return chosen;
        }
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        EnsureCanPrompt();
        WriteHeading(caption, message);
        if (string.IsNullOrEmpty(userName))
        {
            Write("User: ");
            userName = ReadLine();
        }

        Write("Password for user " + userName + ": ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }

    private void EnsureCanPrompt()
    {
        if (_cannotPromptReason is not null)
            throw new PSInvalidOperationException($"{NonInteractiveMessage} ({_cannotPromptReason})");
    }

    private void WriteHeading(string caption, string message)
    {
        _progress?.Clear();
        if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
    }

    /// <summary>The letter after '&amp;' in the label (pwsh's convention), else its first letter.</summary>
    private static string HotkeyOf(ChoiceDescription choice)
    {
        var label = choice.Label;
        var amp = label.IndexOf('&');
        var key = amp >= 0 && amp + 1 < label.Length ? label[amp + 1] : label.FirstOrDefault('?');
        return char.ToUpper(key, CultureInfo.CurrentCulture).ToString();
    }

    private void WriteTo(TextWriter writer, string text)
    {
        // A half-drawn progress line would otherwise be glued to the front of this text.
        _progress?.Clear();
        // The formatter always emits colour escapes; like pwsh's console host, drop them unless a terminal shows them.
        writer.Write(GetOutputString(text, SupportsVirtualTerminal));
        writer.Flush();
    }
}
