using System.Management.Automation.Runspaces;
using Microsoft.PowerShell;

// The real pwsh console (Microsoft.PowerShell.SDK's ConsoleShell: pwsh's command line, exit codes, prompt, progress and
// every built-in module), started with the SciTex.Zarr module already imported.
const string moduleOverrideVariable = "SCITEX_ZARR_MODULE";

var modulePath = Environment.GetEnvironmentVariable(moduleOverrideVariable) is { Length: > 0 } overridePath
    ? Path.GetFullPath(overridePath)
    : Path.Combine(AppContext.BaseDirectory, "Modules", "SciTex.Zarr", "SciTex.Zarr.psd1");
if (!File.Exists(modulePath))
{
    Console.Error.WriteLine($"SciTex.Zarr module manifest not found: {modulePath} (build the solution, or set {moduleOverrideVariable}).");
    return 1;
}

var sessionState = InitialSessionState.CreateDefault2();
if (OperatingSystem.IsWindows()) sessionState.ExecutionPolicy = ExecutionPolicy.RemoteSigned;
sessionState.ImportPSModule(modulePath);

var banner = $"SciTex.Zarr {ProductVersion(typeof(Program))} on PowerShell {ProductVersion(typeof(System.Management.Automation.PSObject))}";
return ConsoleShell.Start(sessionState, banner, helpText: "", args);

static string ProductVersion(Type type) =>
    type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?";
