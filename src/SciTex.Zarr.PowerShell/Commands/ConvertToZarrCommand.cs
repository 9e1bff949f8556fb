using System.Management.Automation;
using SciTex.Zarr.Engine.Conversion;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Errors;
using SciTex.Zarr.PowerShell.Output;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// ConvertTo-Zarr: copies HDF5 files (.h5/.hdf5) and NumPy files (.npy/.npz) into a Zarr store, chunk by chunk in
/// bounded memory. One HDF5 file or .npz archive fills the group at -Key; several go to -Key/&lt;file name&gt; each;
/// a .npy file becomes the array -Key/&lt;file name&gt;. Each file is all or nothing: a failure leaves the store as it was.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "Zarr", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZarrNodeInfo))]
public sealed class ConvertToZarrCommand : ZarrWriteCommandBase
{
    private readonly List<string> _files = [];
    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    public override string[] Path { get => base.Path; set => base.Path = value; }

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public override string[] LiteralPath { get => base.LiteralPath; set => base.LiteralPath = value; }

    /// <summary>The Zarr store (a directory) to create or add to.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Destination { get; set; } = "";

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveExistingPaths())
        {
            if (Directory.Exists(file))
                WriteError(ZarrErrors.Create(ZarrErrors.InvalidArgument, ErrorCategory.InvalidArgument, $"'{file}' is a folder; give HDF5, .npy or .npz files.", file));
            else _files.Add(file);
        }
    }

    protected override void StopProcessing()
    {
        _stop.Cancel();
        base.StopProcessing();
    }

    protected override void EndProcessing()
    {
        if (_files.Count == 0) return;
        var destination = ResolveDestination();
        ConversionOptions? options = null;
        TryEngine(() =>
        {
            var (common, byKey) = ParameterParsing.ChunkShape(ChunkShape);
            options = new ConversionOptions
            {
                ZarrFormat = RequestedFormat,
                Compressor = ParameterParsing.Compressor(Compressor),
                ChunkShape = common,
                ChunkShapes = byKey,
                CancellationToken = _stop.Token,
            };
        }, destination, terminating: true);

        var group = StoreKeys.NormalizePath(Key);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in _files)
        {
            // With several inputs each file gets its own group, named after it, so their contents cannot collide.
            var isNpy = file.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);
            var stem = System.IO.Path.GetFileNameWithoutExtension(file);
            var groupKey = _files.Count > 1 && !isNpy ? StoreKeys.Join(group, stem) : group;
            var key = isNpy ? StoreKeys.Join(groupKey, stem) : groupKey;
            if (!used.Add(key))
            {
                WriteError(ZarrErrors.Create(ZarrErrors.NodeExists, ErrorCategory.ResourceExists,
                    $"'{file}' would convert to '{key}', which another input of this command already writes; rename it or convert it separately.", file));
                continue;
            }
            var target = key.Length == 0 ? destination : $"{destination} (key '{key}')";
            if (!ShouldProcess(target, $"Convert '{file}' to Zarr")) continue;
            Convert(file, destination, groupKey, options!);
        }
    }

    private void Convert(string file, string destination, string groupKey, ConversionOptions options)
    {
        ConversionResult? result = null;
        try
        {
            // The status names the user's key, never a staging path.
            if (!TryEngine(() => result = RunWithProgress(1, $"ConvertTo-Zarr {System.IO.Path.GetFileName(file)}", progress =>
                    FileConverter.Convert(file, destination, groupKey, Force, options with
                    {
                        Progress = new Reporter(p => progress.Report(p.ChunksDone, p.ChunksTotal, $"dataset '/{p.Dataset}' ({p.DatasetNumber} of {p.DatasetCount})")),
                    })), file)) return;
        }
        catch (OperationCanceledException)
        {
            return; // stopped (Ctrl+C): the staging area is already removed
        }
        foreach (var warning in result!.Warnings) WriteWarning(warning);
        if (PassThru)
            TryEngine(() =>
            {
                using var store = new DirectoryStore(destination, readOnly: true);
                WriteObject(ZarrNodeInfo.Describe(store, destination, result.Path));
            }, destination);
    }

    private string ResolveDestination()
    {
        var literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination, out var provider, out _);
        if (provider.Name != "FileSystem")
            ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.PathNotFileSystem, ErrorCategory.InvalidArgument,
                $"'{Destination}' is on the {provider.Name} provider; Zarr stores must be file-system paths.", Destination));
        return literal;
    }

    /// <summary>Reports on the calling (pipeline) thread, which WriteProgress requires; Progress&lt;T&gt; would post elsewhere.</summary>
    private sealed class Reporter(Action<ConversionProgress> report) : IProgress<ConversionProgress>
    {
        public void Report(ConversionProgress value) => report(value);
    }
}
