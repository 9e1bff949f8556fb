using System.Collections;
using System.Management.Automation;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// Get-ZarrSlice: reads a window of an array, touching only the chunks it overlaps. The selection is a NumPy-style
/// string ('0:10, 500:600', ':, ::2', '-1') or -Start/-End/-Step arrays. -Stream emits the window in blocks along the first axis.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ZarrSlice", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Array))]
public sealed class GetZarrSliceCommand : ZarrCommandBase
{
    /// <summary>Note property naming where the window starts in the array.</summary>
    public const string OriginProperty = "ZarrOrigin";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public override string[] Path { get => base.Path; set => base.Path = value; }

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "StorePath")]
    public override string[] LiteralPath { get => base.LiteralPath; set => base.LiteralPath = value; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ZarrKeyCompleter))]
    public string Key { get; set; } = "";

    /// <summary>NumPy-style selection, e.g. '0:10, 500:600, 1000:1100'.</summary>
    [Parameter(Position = 2)]
    public string? Selection { get; set; }

    [Parameter]
    public long[]? Start { get; set; }

    /// <summary>Exclusive end per axis.</summary>
    [Parameter]
    public long[]? End { get; set; }

    [Parameter]
    public long[]? Step { get; set; }

    /// <summary>Emit the window as consecutive blocks along the first axis instead of one array.</summary>
    [Parameter]
    public SwitchParameter Stream { get; set; }

    /// <summary>Rows of the first axis per streamed block (default: whole chunks along it, about 16 MiB per block).</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long BlockSize { get; set; }

    /// <summary>Decode CF conventions (time units, scale_factor/add_offset, _FillValue/missing_value) as Import-Zarr -DecodeCF does.</summary>
    [Parameter]
    public SwitchParameter DecodeCF { get; set; }

    protected override void ProcessRecord()
    {
        if (Selection is not null && (Start is not null || End is not null || Step is not null))
            ThrowTerminatingError(Errors.ZarrErrors.Create(Errors.ZarrErrors.InvalidSelection, ErrorCategory.InvalidArgument,
                "Give either -Selection or -Start/-End/-Step, not both.", Selection));
        foreach (var storePath in ResolveExistingPaths())
        {
            TryEngine(() =>
            {
                using var store = OpenStore(storePath);
                var key = NodeKey(Key, store.Name);
                var selectionText = Selection;
                // Get-ZarrSlice run:/raw_signals '0:4, :100': a drive path that names an array leaves the one positional
                // argument to be the selection (an array has no members, so it cannot be a key under it).
                if (DriveKey.Length > 0 && Selection is null && Start is null && End is null && Step is null
                    && NodeStore.TryRead(store, DriveKey) is Engine.Metadata.ArrayMetadata)
                {
                    key = DriveKey;
                    selectionText = Key;
                }
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var chunksRead = new long[1];
                var progress = BeginProgress(3, $"Get-ZarrSlice {storePath} '{key}'");
                try
                {
                    // Read consistently: a window read while another writer replaces the array is retried, never torn.
                    var (array, selection, resolved, version, data) = progress.Run(() => ConsistentRead.Node(store, key, node =>
                    {
                        var opened = ZarrArray.Open(store, node.Path);
                        var rank = opened.Metadata.Rank;
                        var parsed = selectionText is not null ? Engine.Chunking.Selection.Parse(selectionText, rank) : Engine.Chunking.Selection.FromBounds(rank, Start, End, Step);
                        var axes = parsed.Resolve(opened.Shape);
                        CountChunks(opened, axes, progress, chunksRead);
                        return (opened, parsed, axes, ConsistentRead.Version(store, node.Path), Stream ? null : ReadWindow(opened, parsed));
                    }));
                    if (Stream) EmitBlocks(array, selection, resolved, version, progress);
                    else Emit(array, data!, resolved, resolved, ZarrArray.OutputShape(resolved).Length == 0);
                    var elements = ZarrArray.OutputShape(resolved).Aggregate(1L, (a, b) => a * b);
                    var bytes = array.Metadata.DataType.IsVariableLength ? 0 : elements * array.Metadata.DataType.ItemSize;
                    WriteVerbose($"Read a window of {string.Join(" × ", ZarrArray.OutputShape(resolved))}{(ZarrArray.OutputShape(resolved).Length == 0 ? "one element" : "")} from {storePath} (key '{array.Metadata.Path}'): " +
                        $"{Output.WorkSummary.Chunks(Interlocked.Read(ref chunksRead[0]))} of {array.Metadata.ChunkCount} read, {Output.WorkSummary.Bytes(bytes)} of data, in {Output.WorkSummary.Time(clock)}");
                }
                finally
                {
                    EndProgress(progress);
                }
            }, storePath);
        }
    }

    /// <summary>Reports each chunk the read of <paramref name="axes"/> decodes, against the number it touches.</summary>
    /// <param name="read">Counts the chunks this attempt decoded, for -Verbose (reset on a retried read).</param>
    private static void CountChunks(ZarrArray array, ResolvedAxis[] axes, ProgressReporter progress, long[] read)
    {
        Interlocked.Exchange(ref read[0], 0);
        long total = array.Metadata.Rank == 0 ? 1 : Engine.Chunking.ChunkProjector.Project(axes, array.Metadata.ChunkShape).Count;
        array.ChunkCompleted = () => progress.Report(Interlocked.Increment(ref read[0]), total, "Reading chunks");
    }

    private void EmitBlocks(ZarrArray array, Selection selection, ResolvedAxis[] resolved, string? version, ProgressReporter progress)
    {
        var axis = Array.FindIndex(resolved, a => !a.Dropped);
        if (axis < 0) throw new ZarrException(ZarrErrorKind.InvalidSelection, "-Stream needs a selection that keeps at least one axis", array.Store.Name, array.Metadata.Path);
        var first = resolved[axis];
        var block = BlockSize > 0 ? BlockSize : DefaultBlock(array, resolved, axis);
        // The next block is read while the pipeline still processes this one: at most one block waits for the
        // pipeline and one is being read. Every block is checked against the version the stream began with before it
        // is handed on, so a replacement mid-stream stops the stream instead of tearing it.
        progress.Run(() =>
        {
            Task<bool>? emitting = null;
            for (long k = 0; k < first.Count; k += block)
            {
                var n = Math.Min(block, first.Count - k);
                var axes = selection.Axes.ToArray();
                var begin = first.Start + k * first.Step;
                axes[axis] = AxisSelection.Slice(begin, begin + (n - 1) * first.Step + 1, first.Step);
                var part = new Selection(axes);
                var partResolved = part.Resolve(array.Shape);
                var values = ReadWindow(array, part);
                ConsistentRead.EnsureUnchanged(array.Store, array.Metadata.Path, version);
                emitting?.GetAwaiter().GetResult();
                emitting = progress.Post(() => { Emit(array, values, partResolved, resolved, false); return true; });
            }
            emitting?.GetAwaiter().GetResult();
        });
    }

    /// <summary>Bytes a default -Stream block aims at: one chunk per block made every block a serial one-chunk read plus a
    /// fresh large-object allocation (1 GiB of 1 MiB chunks streamed in 2.7–3.8 s; in 16 MiB blocks in 1.0–1.4 s, the
    /// chunks of a block decoded in parallel). Memory stays bounded whatever the array's size: measured +250–270 MiB for
    /// 1–4 GiB streams, the GC's large-object budget rather than the two blocks in flight (bench/README.md).</summary>
    internal const long DefaultBlockBytes = 16L << 20;

    /// <summary>Whole chunks along the streamed axis, as many as fit in <see cref="DefaultBlockBytes"/>, at least one.</summary>
    internal static long DefaultBlock(ZarrArray array, ResolvedAxis[] resolved, int axis)
    {
        var chunkRows = Math.Max(1, array.Metadata.ChunkShape[axis] / Math.Max(1, resolved[axis].Step));
        var rowBytes = (double)Math.Max(1, array.Metadata.DataType.IsVariableLength ? 16 : array.Metadata.DataType.ItemSize);
        for (var i = 0; i < resolved.Length; i++)
            if (i != axis && !resolved[i].Dropped) rowBytes *= Math.Max(1, resolved[i].Count);
        var chunksPerBlock = Math.Max(1, (long)Math.Min(DefaultBlockBytes / (rowBytes * chunkRows), int.MaxValue));
        return Math.Min(chunkRows * chunksPerBlock, Math.Max(1, resolved[axis].Count));
    }

    /// <summary>A typed array, or for a struct array its records as PSCustomObjects (a single one when every axis is dropped).</summary>
    private static object ReadWindow(ZarrArray array, Selection selection) =>
        array.DataType.Kind == Engine.DataTypes.DataTypeKind.Struct ? PowerShellOutput.StructRecords(array.ReadRecords(selection)) : array.Read(selection);

    private void Emit(ZarrArray array, object data, ResolvedAxis[] window, ResolvedAxis[] whole, bool scalar)
    {
        object? value = scalar && data is Array one ? one.GetValue(0) : data;
        var attributes = Engine.Values.ValueAttributes.User(array.Metadata.Attributes);
        if (DecodeCF) value = Engine.Values.CfConventions.Decode(array.Metadata, value, attributes);
        var wrapped = PSObject.AsPSObject(value!);
        wrapped.Properties.Add(new PSNoteProperty(OriginProperty, window.Select(a => a.Start).ToArray()));
        // The names of the axes the selection keeps (an integer index drops its axis, as in xarray's isel).
        var dimensions = Engine.Values.Dimensions.Of(array.Metadata) is { } names ? names.Where((_, i) => !whole[i].Dropped).ToArray() : null;
        PowerShellOutput.Decorate(wrapped, PowerShellOutput.Attributes(attributes), array.Metadata.Path, dimensions);
        WriteObject(wrapped, enumerateCollection: false);
    }
}
