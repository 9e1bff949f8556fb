namespace SciTex.Zarr.Host;

/// <summary>What to run, parsed from a pwsh-style command line.</summary>
public sealed record CommandLine
{
    public string? Command { get; init; }
    public string? FilePath { get; init; }
    public IReadOnlyList<string> FileArguments { get; init; } = [];
    public bool NonInteractive { get; init; }
    public bool ShowHelp { get; init; }

    /// <summary>Set when the command line cannot be understood; the caller prints it with the usage text.</summary>
    public string? Error { get; init; }

    public const string Usage = """
        Usage: SciTex.Zarr.Host [-NoProfile] [-NonInteractive] [-NoLogo]
                                [-Command <text> | -File <script.ps1> [args...]] [-Help]

          -Command, -c  Run <text> (all remaining arguments, joined by spaces; '-' reads stdin).
          -File, -f     Run a script; remaining arguments bind to its parameters.
                        A bare first argument is treated as -File, as in pwsh.
          -NonInteractive  Fail instead of prompting (prompts also fail when stdin is redirected).
          -NoProfile, -NoLogo  Accepted for pwsh compatibility; profiles and logos are never used.
          -Help, -?     Show this text.

        The SciTex.Zarr module is imported first (override with SCITEX_ZARR_MODULE=<path to psd1>).
        Exit codes: 0 success, N from 'exit N', 1 terminating error (or, for -Command, any error), 64 usage.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg.ToLowerInvariant())
            {
                case "-command" or "-c" or "--command":
                    var text = string.Join(' ', args.Skip(i + 1));
                    if (text.Length == 0) return result with { Error = "-Command needs a value." };
                    return result with { Command = text == "-" ? Console.In.ReadToEnd() : text };
                case "-file" or "-f" or "--file":
                    if (i + 1 >= args.Count) return result with { Error = "-File needs a script path." };
                    return result with { FilePath = args[i + 1], FileArguments = args.Skip(i + 2).ToArray() };
                case "-noninteractive" or "-noni":
                    result = result with { NonInteractive = true };
                    break;
                case "-noprofile" or "-nop" or "-nologo" or "-nol":
                    break;
                case "-help" or "-?" or "-h" or "--help" or "/?":
                    return result with { ShowHelp = true };
                default:
                    // pwsh runs a bare first argument as a script file.
                    if (!arg.StartsWith('-'))
                        return result with { FilePath = arg, FileArguments = args.Skip(i + 1).ToArray() };
                    return result with { Error = $"Unknown parameter '{arg}'." };
            }
        }

        return result.Command is null && result.FilePath is null
            ? result with { Error = "Nothing to run: give -Command or -File." }
            : result;
    }
}
