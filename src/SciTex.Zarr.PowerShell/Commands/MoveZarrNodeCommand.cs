using System.Management.Automation;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Output;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// Move-ZarrNode: renames a node within a store (-DestinationKey; on a directory store one folder rename) or moves it to
/// another store (-Destination: a staged copy, then an atomic removal of the source — a crash in between leaves both).
/// </summary>
[Cmdlet(VerbsCommon.Move, "ZarrNode", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZarrNodeInfo))]
public sealed class MoveZarrNodeCommand : ZarrTransferCommandBase
{
    /// <summary>The destination store (default: the source store).</summary>
    [Parameter(Position = 2)]
    public string? Destination { get; set; }

    protected override string? DestinationPath => Destination;
    protected override string Verb => "Move";
    protected override bool WritesSource => true;
    protected override void Run(NodeOperations.CopyPlan plan, Action<long, long> progress) => NodeOperations.Move(plan, progress);
}
