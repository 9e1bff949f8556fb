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

    /// <summary>The Zarr store to create or add to: a directory, or an s3:// or az:// URL (with -StoreOption).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Destination { get; set; } = "";

    /// <summary>Convert only datasets whose name or path (relative to the file's root) matches, or that lie in a matching group.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Include { get; set; }

    /// <summary>Leave out datasets and groups whose name or path matches (a group with everything in it).</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Exclude { get; set; }

    /// <summary>Fail a file on its first dataset that cannot be converted (nothing of it is written) instead of skipping it with a warning.</summary>
    [Parameter]
    public SwitchParameter Strict { get; set; }

    /// <summary>Node filter: a node is excluded when it or a group above it matches -Exclude; a dataset needs a match of -Include on itself or a group above it.</summary>
    private Func<string, bool, bool>? Selector()
    {
        static WildcardPattern[] Compile(string[]? patterns) => (patterns ?? []).Select(p => new WildcardPattern(p.TrimStart('/'), WildcardOptions.IgnoreCase)).ToArray();
        var include = Compile(Include);
        var exclude = Compile(Exclude);
        if (include.Length == 0 && exclude.Length == 0) return null;
        static bool Any(WildcardPattern[] patterns, string path)
        {
            var segments = path.Split('/');
            for (var i = 1; i <= segments.Length; i++)
            {
                var prefix = string.Join('/', segments.Take(i));
                if (patterns.Any(p => p.IsMatch(segments[i - 1]) || p.IsMatch(prefix))) return true;
            }
            return false;
        }
        return (path, isGroup) => !Any(exclude, path) && (isGroup || include.Length == 0 || Any(include, path));
    }

    /// <summary>-Path names HDF5/.npy/.npz files, so a Zarr drive path there is refused like any non-file-system path.</summary>
    protected override bool PathsNameStores => false;

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
        var (destination, destinationKey) = ResolveStoreLocation(Destination);
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
                Select = Selector(),
                PruneEmptyGroups = Include is { Length: > 0 },
                SkipUnsupported = !Strict,
                CancellationToken = _stop.Token,
                StoreOptions = StoreOptions,
            };
        }, destination, terminating: true);

        var group = DriveKeyJoin(destinationKey, Key, destination);
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
            if (!ShouldProcess(target, $"Convert '{file}' to Zarr{Replacing(destination, key)}")) continue;
            Convert(file, destination, groupKey, options!);
        }
    }

    private void Convert(string file, string destination, string groupKey, ConversionOptions options)
    {
        ConversionResult? result = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
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
        WriteVerbose($"Converted '{file}' to {destination} (key '{(result.Path.Length == 0 ? "/" : result.Path)}'): {WorkSummary.Nodes(result.Groups, result.Arrays)}, " +
            $"{WorkSummary.Bytes(result.Bytes)} of data, in {WorkSummary.Time(clock)}");
        // Every node the file became, parents before children.
        if (PassThru)
            TryEngine(() =>
            {
                using var store = OpenStore(destination);
                var listing = Engine.Hierarchy.ConsolidatedTree.Walk(store, result.Path);
                WriteObject(ZarrNodeInfo.From(store, destination, listing.Root, 0));
                foreach (var node in listing.Descendants.OrderBy(n => n.Path, StringComparer.Ordinal))
                    WriteObject(ZarrNodeInfo.From(store, destination, node, node.Path.Count(c => c == '/') - (result.Path.Length == 0 ? -1 : result.Path.Count(c => c == '/'))));
            }, destination);
    }

    /// <summary>For -WhatIf/-Confirm: what -Force would replace at the target ("" when nothing).</summary>
    private string Replacing(string destination, string key)
    {
        if (Force && StoreFactory.IsUrl(destination) && key.Length > 0)
        {
            try
            {
                using var remote = StoreFactory.OpenOrCreate(destination, true, StoreOptions);
                return Engine.Hierarchy.NodeStore.TryRead(remote, key) is { } found
                    ? $"; replace the existing {(found is Engine.Metadata.ArrayMetadata ? "array" : "group")} '{key}'" : "";
            }
            catch (ZarrException)
            {
                return "";
            }
        }
        if (!Force || StoreFactory.IsUrl(destination) || !Directory.Exists(destination) || !Directory.EnumerateFileSystemEntries(destination).Any()) return "";
        if (key.Length == 0) return $"; replace the existing store '{destination}' and everything in it";
        try
        {
            using var store = new DirectoryStore(destination, readOnly: true);
            return Engine.Hierarchy.NodeStore.TryRead(store, key) is { } existing
                ? $"; replace the existing {(existing is Engine.Metadata.ArrayMetadata ? "array" : "group")} '{key}'" : "";
        }
        catch (ZarrException)
        {
            return "";
        }
    }

    /// <summary>Reports on the calling (pipeline) thread, which WriteProgress requires; Progress&lt;T&gt; would post elsewhere.</summary>
    private sealed class Reporter(Action<ConversionProgress> report) : IProgress<ConversionProgress>
    {
        public void Report(ConversionProgress value) => report(value);
    }
}
