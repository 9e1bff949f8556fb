using System.Management.Automation;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Output;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// Add-ZarrSlice: appends a block (or one row) along an axis, growing the array. The new chunks are written first and
/// the larger shape last, so a crash leaves the old array exactly; appenders of one array (threads or processes) take
/// turns under the array's lock, so no append is lost. Piped blocks are appended in order.
/// </summary>
[Cmdlet(VerbsCommon.Add, "ZarrSlice", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ZarrNodeInfo))]
public sealed class AddZarrSliceCommand : ZarrValueWriteCommandBase, IDisposable
{
    private IZarrStore? _store;
    private string _storePath = "";

    /// <summary>The block to append: the array's rank with the other axes matching, or one row (one dimension fewer).</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public object? Value { get; set; }

    /// <summary>The axis to grow (default 0; negative counts from the last).</summary>
    [Parameter]
    public int Axis { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _storePath = ResolveSingleExisting();
        TryEngine(() => _store = OpenWritable(_storePath), _storePath, terminating: true);
    }

    protected override void ProcessRecord()
    {
        var key = NodeKey(Key, _storePath);
        if (!ShouldProcess(Target(_storePath, key), $"Append along axis {Axis}")) return;
        var value = PowerShellInput.ToEngineValue(Value);
        long written = 0;
        TryEngine(() => RunWithProgress(4, $"Add-ZarrSlice {_storePath}", progress =>
            ArrayGrowth.Append(_store!, key, value, Axis, () => progress.Report(Interlocked.Increment(ref written), 0, $"Appending to '{key}'"))),
            _storePath, terminating: true);
    }

    protected override void EndProcessing()
    {
        if (PassThru && _store is not null)
            TryEngine(() => WriteObject(ZarrNodeInfo.Describe(_store, _storePath, NodeKey(Key, _storePath))), _storePath);
    }

    public void Dispose() => _store?.Dispose();
}
