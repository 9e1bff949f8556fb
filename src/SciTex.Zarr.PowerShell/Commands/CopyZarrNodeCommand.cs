using System.Management.Automation;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Output;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// Copy-ZarrNode: copies an array or a group (with everything below it) within a store or to another store (directory
/// or zip). The copy is staged on the destination and swapped in whole. Chunk bytes are copied without decoding; with
/// -ZarrFormat 3 a v2 node is upgraded (metadata re-encoded, chunks moved to v3 keys, bytes unchanged).
/// </summary>
[Cmdlet(VerbsCommon.Copy, "ZarrNode", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZarrNodeInfo))]
public sealed class CopyZarrNodeCommand : ZarrTransferCommandBase
{
    /// <summary>The destination store (created when missing; the source store itself for a copy within it).</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public string Destination { get; set; } = "";

    protected override string? DestinationPath => Destination;
    protected override string Verb => "Copy";
    protected override bool WritesSource => false;
    protected override void Run(NodeOperations.CopyPlan plan, Action<long, long> progress) => NodeOperations.Copy(plan, progress);
}
