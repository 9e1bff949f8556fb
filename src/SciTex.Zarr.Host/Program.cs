using SciTex.Zarr.Host;

const int UsageExitCode = 64; // what pwsh uses for command-line errors

var commandLine = CommandLine.Parse(args);
if (commandLine.ShowHelp)
{
    Console.Out.WriteLine(CommandLine.Usage);
    return 0;
}

if (commandLine.Error is not null)
{
    Console.Error.WriteLine(commandLine.Error);
    Console.Error.WriteLine(CommandLine.Usage);
    return UsageExitCode;
}

return HostedShell.Run(commandLine);
