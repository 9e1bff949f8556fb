using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Errors;
using SciTex.Zarr.PowerShell.Output;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>
/// Save-Zarr: saves hashtables, PSCustomObjects, arrays, scalars and piped records into a Zarr store.
/// Pipeline input is collected (a table's shape is known only at the end) and saved in EndProcessing.
/// </summary>
[Cmdlet(VerbsData.Save, "Zarr", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZarrNodeInfo))]
public sealed class SaveZarrCommand : ZarrWriteCommandBase
{
    private readonly List<object?> _inputs = [];
    private System.Text.Json.Nodes.JsonObject? _groupAttributes;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public override string[] Path { get => base.Path; set => base.Path = value; }

    // Not bound from piped objects' PSPath: the pipeline carries the data to save, not where to save it.
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    public override string[] LiteralPath { get => base.LiteralPath; set => base.LiteralPath = value; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyCollection]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    /// <summary>Store arrays as shards of this shape (Zarr v3 sharding), each holding chunks of -ChunkShape.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? ShardShape { get; set; }

    /// <summary>Write consolidated metadata (v2 .zmetadata / v3 inline) so readers list the hierarchy in one read.</summary>
    [Parameter]
    public SwitchParameter Consolidate { get; set; }

    [Parameter]
    public Hashtable? Attributes { get; set; }

    /// <summary>Dimension names (xarray's dims): one list for every array of that rank, or a hashtable of key → names.</summary>
    [Parameter]
    public object? DimensionNames { get; set; }

    /// <summary>Store DateTime arrays CF-encoded (int64 since 1970-01-01 with units/calendar), as xarray writes datetime64.</summary>
    [Parameter]
    public SwitchParameter CFTime { get; set; }

    /// <summary>
    /// Save values that have no Zarr mapping ([guid], [version], Get-Item output, class instances …) as PowerShell
    /// CliXml (Export-Clixml's format, depth 2) in a string array marked _type: clixml, instead of refusing them.
    /// Import-Zarr returns them as Import-Clixml would.
    /// </summary>
    [Parameter]
    public SwitchParameter UseCliXml { get; set; }

    /// <summary>
    /// numcodecs filters applied before the compressor, one hashtable or a chain: @{ id = 'quantize'; digits = 3; dtype = 'f8' },
    /// @{ name = 'delta'; dtype = 'i4' }, 'shuffle', 'fixedscaleoffset', 'bitround', 'packbits', 'astype', 'categorize' …
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.FilterCompleter))]
    public object? Filter { get; set; }

    /// <summary>
    /// Save records (piped PSCustomObjects, Import-Csv rows, an array of hashtables) as one struct array, a field per
    /// property, instead of a table group with an array per column. Import-Zarr and Get-ZarrSlice return them as records.
    /// </summary>
    [Parameter]
    public SwitchParameter AsStructured { get; set; }

    protected override void ProcessRecord() => _inputs.Add(InputObject);

    protected override void EndProcessing()
    {
        var storePath = ResolveOutputPath();
        IDictionary items = null!;
        string groupPath = "";
        // -Key and the input are checked (key rules, cycles, depth) before the store is even opened.
        TryEngine(() => (groupPath, items) = Arrange(NodeKey(Key, storePath)), storePath, terminating: true);

        SaveOptions? options = null;
        TryEngine(() =>
        {
            var (common, byKey) = ParameterParsing.ChunkShape(ChunkShape);
            var (names, namesByKey) = ParameterParsing.DimensionNames(DimensionNames);
            options = new SaveOptions
            {
                ZarrFormat = ZarrFormat,
                Compressor = ParameterParsing.Compressor(Compressor),
                Filters = ParameterParsing.Filters(Filter),
                ChunkShape = common,
                ChunkShapes = byKey,
                ShardShape = ShardShape,
                Force = Force,
                Consolidate = Consolidate,
                DimensionNames = names,
                DimensionNamesByKey = namesByKey,
                CFTime = CFTime,
                Attributes = GroupAttributes(storePath),
                Serializer = UseCliXml ? PowerShellOutput.ToCliXml : null,
            };
        }, storePath, terminating: true);

        if (File.Exists(storePath) && !StoreFactory.IsZip(storePath))
            ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.NodeExists, ErrorCategory.ResourceExists,
                $"'{storePath}' is a file, not a Zarr store; refusing to replace it.", storePath));

        var names = string.Join(", ", items.Keys.Cast<object>());
        var target = groupPath.Length == 0 ? storePath : $"{storePath} (key '{groupPath}')";
        IZarrStore? opened = null;
        TryEngine(() => opened = StoreFactory.OpenOrCreate(storePath, readOnly: false, StoreOptions), storePath, terminating: true);
        using var store = opened!;
        // Without -ZarrFormat, follow the store's own format so saves into a v2 store just work.
        if (RequestedFormat is null)
            TryEngine(() =>
            {
                if (NodeStore.TryRead(store, "") is { } root && root.ZarrFormat != options!.ZarrFormat)
                    options = options.WithFormat(root.ZarrFormat);
            }, storePath, terminating: true);
        ValueWriter.SavePlan? plan = null;
        if (!TryEngine(() => plan = ValueWriter.Plan(store, groupPath, items, options!), storePath, terminating: true)) return;
        // One prompt (and one -WhatIf line) that names every existing node -Force would replace.
        var replacing = plan!.Replaced.Count == 0 ? "" : $"; replace existing {string.Join(", ", plan.Replaced.Select(r => $"'{r}'"))}";
        if (!ShouldProcess(target, $"Save Zarr node(s) {names}{replacing}")) return;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Stages each node, swaps it in, refreshes consolidated metadata (always, when the store has it) and flushes.
        TryEngine(() => RunWithProgress(1, $"Save-Zarr {storePath}", progress =>
            ValueWriter.Execute(plan with { Options = options!.WithProgress((done, total) => progress.Report(done, total, "Writing chunks")) })),
            storePath, terminating: true);
        var (groups, arrays, chunks, bytes) = WorkSummary.Of(plan.Nodes);
        WriteVerbose($"Saved {WorkSummary.Nodes(groups, arrays)} to {target}: {WorkSummary.Chunks(chunks)}, {WorkSummary.Bytes(bytes)} of data, in {WorkSummary.Time(clock)}" +
            (plan.Replaced.Count > 0 ? $"; replaced {string.Join(", ", plan.Replaced)}" : ""));
        // Every node written, nested groups' members included, parents before children.
        if (PassThru)
            foreach (var node in ValueWriter.AllNodes(plan.Nodes))
                TryEngine(() => WriteObject(ZarrNodeInfo.Describe(store, storePath, node.Path)), storePath);
    }

    /// <summary>The target group's attributes: those an imported group carried, then -Attributes over them.</summary>
    private System.Text.Json.Nodes.JsonObject? GroupAttributes(string storePath)
    {
        if (Attributes is not null) ValueAttributes.CheckUserNames(Attributes.Keys.Cast<object>().Select(k => k.ToString()!), "-Attributes", storePath, NodeKey(Key, storePath) is { Length: > 0 } k ? k : "/");
        var given = Attributes is null ? null : JsonValues.FromDotNet(PowerShellInput.ToEngineValue(Attributes, "-Attributes"))?.AsObject();
        if (_groupAttributes is null) return given;
        var merged = (System.Text.Json.Nodes.JsonObject)_groupAttributes.DeepClone();
        foreach (var (name, value) in given ?? []) merged[name] = value?.DeepClone();
        return merged;
    }

    /// <summary>
    /// What gets saved where: a single dictionary/PSCustomObject fills the group at -Key; several piped records form a
    /// table and several piped values one 1-D array, at -Key (or 'data'); any other single value is saved at -Key itself (without -Key, at 'data').
    /// </summary>
    private (string Group, IDictionary Items) Arrange(string key)
    {
        if (_inputs.Count == 1)
        {
            var value = PowerShellInput.ToEngineValue(_inputs[0], keepAttributes: true);
            if (AsStructured) value = Structured(value, key);
            // An imported group saved again: its attributes go back on the target group (-Attributes win).
            if (value is AttributedValue { Value: IDictionary } attributed) (_groupAttributes, value) = (attributed.Attributes, attributed.Value);
            if (value is IDictionary dictionary) return (key, dictionary);
            // store['analysis/spike_rate'] = x: a single non-dictionary value is the node at -Key itself; without -Key
            // it goes to 'data' (the root is a group).
            if (key.Length > 0) return (StoreKeys.Parent(key), new OrderedDictionary { [StoreKeys.LastSegment(key)] = value });
            return (key, new OrderedDictionary { ["data"] = value });
        }
        var collected = Structured(PowerShellInput.ToEngineValue(_inputs.ToArray()), key);
        var name = key.Length == 0 ? "data" : StoreKeys.LastSegment(key);
        return (key.Length == 0 ? "" : StoreKeys.Parent(key), new OrderedDictionary { [name] = collected });
    }

    /// <summary>With -AsStructured, records (a table) become one struct array; anything else is a named error.</summary>
    private object? Structured(object? value, string key)
    {
        if (!AsStructured) return value;
        if (value is AttributedValue { Value: TableValue } attributed) value = attributed.Value;
        return value is TableValue table
            ? StructuredValues.FromTable(table, null, key.Length == 0 ? "data" : key)
            : throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                $"-AsStructured saves records (PSCustomObjects or hashtables with the same scalar properties), not {value?.GetType().Name ?? "$null"}", null, key.Length == 0 ? "data" : key);
    }
}
