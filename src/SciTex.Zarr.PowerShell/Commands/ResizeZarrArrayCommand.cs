using System.Management.Automation;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Output;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// Resize-ZarrArray: changes an array's shape (same rank). Growing publishes the larger shape after clearing stale values
/// past the old edge; shrinking publishes the smaller shape first and then deletes the chunks that fall outside it (data
/// that is lost, hence ConfirmImpact High).
/// </summary>
[Cmdlet(VerbsCommon.Resize, "ZarrArray", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ZarrNodeInfo))]
public sealed class ResizeZarrArrayCommand : ZarrNodeEditCommandBase
{
    /// <summary>The new shape, one length per axis.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [AllowEmptyCollection]
    public long[] Shape { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var storePath = ResolveSingleExisting();
        TryEngine(() =>
        {
            using var store = OpenWritable(storePath);
            var key = NodeKey(Key, storePath);
            var (old, outside) = ArrayGrowth.PlanResize(store, key, Shape);
            var action = $"Resize from ({string.Join(", ", old)}) to ({string.Join(", ", Shape)}){(outside.Count > 0 ? $", deleting {outside.Count} chunk(s) outside the new shape" : "")}";
            if (!ShouldProcess(Target(storePath, key), action)) return;
            long done = 0;
            RunWithProgress(4, $"Resize-ZarrArray {storePath}", progress =>
            {
                var deleted = ArrayGrowth.Resize(store, key, Shape, () => progress.Report(Interlocked.Increment(ref done), Math.Max(outside.Count, done), "Resizing"));
                progress.Verbose($"Deleted {deleted} chunk(s) outside the new shape.");
            });
            if (PassThru) WriteObject(ZarrNodeInfo.Describe(store, storePath, key));
        }, storePath);
    }
}
