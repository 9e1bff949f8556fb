using System.Management.Automation;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Errors;
using SciTex.Zarr.PowerShell.Output;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// Set-ZarrSlice: writes a region of an existing array. Only the chunks the region touches are written (whole chunks
/// without reading them, the others read-modify-written); a scalar is broadcast over the region. Piped blocks are
/// written one after the other along the first axis (at the ZarrOrigin Get-ZarrSlice put on them, else at a running
/// offset from -Start), one block in memory at a time. Every value is checked before the first chunk is written.
/// </summary>
[Cmdlet(VerbsCommon.Set, "ZarrSlice", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZarrNodeInfo))]
public sealed class SetZarrSliceCommand : ZarrValueWriteCommandBase, IDisposable
{
    private IZarrStore? _store;
    private string _storePath = "";
    private long? _next;
    private ProgressReporter? _progress;

    /// <summary>NumPy-style region, e.g. '0:100, 500:600'; indexed axes ('3, :') are dropped from the value's shape.</summary>
    [Parameter(Position = 2)]
    public string? Selection { get; set; }

    /// <summary>Where the value's first element goes (per axis; missing axes start at 0); the value's shape gives the region.</summary>
    [Parameter]
    public long[]? Start { get; set; }

    /// <summary>The values: an array of the region's shape, nested lists, or a scalar (broadcast). Piped: blocks along the first axis.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public object? Value { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if (Selection is not null && Start is not null)
            ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.InvalidSelection, ErrorCategory.InvalidArgument, "Give either -Selection or -Start, not both.", Selection));
        if (Selection is not null && MyInvocation.ExpectingInput)
            ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.InvalidSelection, ErrorCategory.InvalidArgument,
                "Piped blocks are placed along the first axis one after the other; use -Start for where the first goes, not -Selection.", Selection));
        _storePath = ResolveSingleExisting();
        TryEngine(() => _store = OpenWritable(_storePath), _storePath, terminating: true);
        _progress = BeginProgress(3, $"Set-ZarrSlice {_storePath}");
    }

    protected override void ProcessRecord()
    {
        var origin = (Value as PSObject)?.Properties[GetZarrSliceCommand.OriginProperty]?.Value as long[];
        var value = PowerShellInput.ToEngineValue(Value);
        var key = NodeKey(Key, _storePath);
        var piped = MyInvocation.ExpectingInput;
        string? region = null;
        TryEngine(() =>
        {
            try
            {
                // The write runs off the pipeline thread (progress pumps meanwhile); only the confirmation comes back to it.
                _progress!.Run(() => RegionWriter.WriteRegion(_store!, key, metadata =>
                {
                    var block = value;
                    var selection = piped ? PipedSelection(metadata, value, origin, out block) : DirectSelection(metadata, value);
                    region = selection.ToString();
                    if (!_progress.OnPipelineThread(() => ShouldProcess(Target(_storePath, key), $"Write region '{region}'"))) throw new SkipWrite();
                    return (selection, block);
                }, (done, total) => _progress.Report(done, total, $"Writing region '{region}'")));
            }
            catch (SkipWrite) { }
        }, _storePath, terminating: true);
    }

    private Selection DirectSelection(Engine.Metadata.ArrayMetadata metadata, object? value)
    {
        if (Selection is not null) return Engine.Chunking.Selection.Parse(Selection, metadata.Rank);
        if (Start is null) return Engine.Chunking.Selection.All(metadata.Rank);
        var shape = RegionValues.IsScalar(value) ? metadata.Shape.Select(_ => 1L).ToArray() : RegionValues.ShapeOf(RegionValues.ToTyped(value, metadata.DataType, _storePath, metadata.Path));
        return RegionWriter.AtStart(metadata, Start, shape, _storePath);
    }

    /// <summary>A piped block: a block of the array's rank, or one row (one dimension fewer); placed at its origin or the running offset.</summary>
    private Selection PipedSelection(Engine.Metadata.ArrayMetadata metadata, object? value, long[]? origin, out object? block)
    {
        if (metadata.Rank == 0) throw new ZarrException(ZarrErrorKind.InvalidSelection, "Blocks cannot be piped into a 0-d array", _storePath, metadata.Path);
        var data = RegionValues.ToTyped(value, metadata.DataType, _storePath, metadata.Path);
        if (data.Rank == metadata.Rank - 1) data = RegionValues.InsertAxis(data, 0);
        block = data;
        var start = origin is not null && Start is null && origin.Length == metadata.Rank ? (long[])origin.Clone() : (Start ?? []).ToArray();
        if (start.Length < metadata.Rank) start = start.Concat(new long[metadata.Rank - start.Length]).ToArray();
        if (origin is null || Start is not null) start[0] = _next ?? start[0];
        var selection = RegionWriter.AtStart(metadata, start, RegionValues.ShapeOf(data), _storePath);
        _next = start[0] + data.GetLength(0);
        return selection;
    }

    protected override void EndProcessing()
    {
        if (_progress is not null) EndProgress(_progress);
        if (PassThru && _store is not null)
            TryEngine(() => WriteObject(ZarrNodeInfo.Describe(_store, _storePath, NodeKey(Key, _storePath))), _storePath);
    }

    public void Dispose() => _store?.Dispose();

    /// <summary>-WhatIf (or a declined -Confirm): nothing is written.</summary>
    private sealed class SkipWrite() : ZarrException(ZarrErrorKind.InvalidArgument, "skipped");
}
