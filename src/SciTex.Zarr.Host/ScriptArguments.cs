using System.Management.Automation;

namespace SciTex.Zarr.Host;

/// <summary>
/// Passes -File arguments the way pwsh does: "-Name value" and "-Name:value" bind by name (abbreviations and aliases
/// resolved by PowerShell), "-Switch" alone sets a switch, and everything else is positional or lands in $args.
/// </summary>
public static class ScriptArguments
{
    public static void Bind(PowerShell shell, CommandInfo script, IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!LooksLikeParameterName(argument))
            {
                shell.AddArgument(argument);
                continue;
            }

            var colon = argument.IndexOf(':');
            if (colon > 0)
            {
                shell.AddParameter(argument[1..colon], argument[(colon + 1)..]);
                continue;
            }

            var name = argument[1..];
            var parameter = TryResolve(script, name);
            if (parameter is null && !IsAdvanced(script))
                shell.AddArgument(argument); // a simple script sees unknown "-x" in $args, as under pwsh
            else if (parameter is null || parameter.SwitchParameter || i + 1 == arguments.Count)
                shell.AddParameter(name); // a switch, or an unknown name the binder will report
            else
                shell.AddParameter(name, arguments[++i]);
        }
    }

    /// <summary>"-Name" or "-Name:value"; not "-5" or a lone "-", which are values.</summary>
    private static bool LooksLikeParameterName(string argument) =>
        argument.Length > 1 && argument[0] == '-' && (char.IsLetter(argument[1]) || argument[1] == '_');

    private static ParameterMetadata? TryResolve(CommandInfo script, string name)
    {
        try
        {
            return script.ResolveParameter(name);
        }
        catch (Exception ex) when (ex is PSArgumentException or ParameterBindingException)
        {
            return null; // unknown or ambiguous: let PowerShell's binder phrase the error
        }
    }

    /// <summary>Advanced scripts ([CmdletBinding()] or [Parameter()]) are exactly those that get the common parameters.</summary>
    private static bool IsAdvanced(CommandInfo script) => script.Parameters.ContainsKey("OutVariable");
}
