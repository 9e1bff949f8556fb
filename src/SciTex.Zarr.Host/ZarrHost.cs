using System.Globalization;
using System.Management.Automation.Host;

namespace SciTex.Zarr.Host;

/// <summary>
/// The PSHost behind $Host. Besides exposing the UI, it records <c>exit N</c> requests from the engine
/// (<see cref="SetShouldExit"/>) so the process can return N.
/// </summary>
public sealed class ZarrHost(PSHostUserInterface ui) : PSHost
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public override string Name => "SciTex.Zarr.Host";
    public override Version Version { get; } = typeof(ZarrHost).Assembly.GetName().Version ?? new Version(0, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => ui;
    public override CultureInfo CurrentCulture => _culture;
    public override CultureInfo CurrentUICulture => _uiCulture;

    /// <summary>The code passed to <c>exit</c>, or null when the script did not call it.</summary>
    public int? RequestedExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => RequestedExitCode = exitCode;

    public override void EnterNestedPrompt() => throw new NotSupportedException("The SciTex.Zarr host has no nested prompt.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("The SciTex.Zarr host has no nested prompt.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}
