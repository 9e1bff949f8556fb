using System.Collections;
using System.Management.Automation;
using SciTex.Zarr.Engine.Arrays;
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
/// New-ZarrArray: creates an array without data. Only its metadata is written (through the store's staged write, so
/// -Force replaces an existing node atomically); any size the format allows is created instantly and every region
/// reads as the fill value until Set-ZarrSlice or Add-ZarrSlice writes it.
/// </summary>
[Cmdlet(VerbsCommon.New, "ZarrArray", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ZarrNodeInfo))]
public sealed class NewZarrArrayCommand : ZarrValueWriteCommandBase
{
    [Parameter(Mandatory = true, Position = 2)]
    [AllowEmptyCollection]
    public long[] Shape { get; set; } = [];

    /// <summary>A Zarr data type name: bool, int8 … int64, uint8 … uint64, float16, float32, float64, complex64, complex128, string.</summary>
    [Parameter(Mandatory = true, Position = 3)]
    [ArgumentCompleter(typeof(Completion.DataTypeCompleter))]
    public string DataType { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? ChunkShape { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? ShardShape { get; set; }

    [Parameter]
    public object? FillValue { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Completion.CompressorCompleter))]
    public object? Compressor { get; set; } = "zstd";

    /// <summary>
    /// numcodecs filters applied before the compressor, one hashtable or a chain: @{ id = 'quantize'; digits = 3; dtype = 'f8' },
    /// @{ name = 'delta'; dtype = 'i4' }, 'shuffle', 'fixedscaleoffset', 'bitround', 'packbits', 'astype', 'categorize' …
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.FilterCompleter))]
    public object? Filter { get; set; }

    [Parameter]
    [ValidateSet("2", "3")]
    public int ZarrFormat { get; set; } = 3;

    [Parameter]
    public Hashtable? Attributes { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var storePath = ResolveOutputPath();
        TryEngine(() =>
        {
            if (File.Exists(storePath) && !StoreFactory.IsZip(storePath))
                throw new ZarrException(ZarrErrorKind.NodeExists, $"'{storePath}' is a file, not a Zarr store; refusing to replace it", storePath);
            var type = ArrayCreator.ParseDataType(DataType);
            var compressor = ParameterParsing.Compressor(Compressor);
            var attributes = Attributes is null ? null : Engine.Values.JsonValues.FromDotNet(PowerShellInput.ToEngineValue(Attributes))?.AsObject();
            using var store = StoreFactory.OpenOrCreate(storePath, false, StoreOptions);
            var format = MyInvocation.BoundParameters.ContainsKey(nameof(ZarrFormat)) ? ZarrFormat : NodeStore.TryRead(store, "")?.ZarrFormat ?? ZarrFormat;
            var definition = new ArrayDefinition
            {
                Shape = Shape, DataType = type, ChunkShape = ChunkShape, ShardShape = ShardShape,
                FillValue = PowerShellInput.ToEngineValue(FillValue), Compressor = compressor, Filters = ParameterParsing.Filters(Filter), ZarrFormat = format, Attributes = attributes,
            };
            var metadata = ArrayCreator.Plan(store, NodeKey(Key, storePath), definition, Force, out var replaces);
            var action = $"Create {type} array of shape ({string.Join(", ", Shape)}){(replaces ? ", replacing the existing node" : "")}";
            if (!ShouldProcess(Target(storePath, metadata.Path), action)) return;
            ArrayCreator.Create(store, metadata, replaces);
            if (PassThru) WriteObject(ZarrNodeInfo.Describe(store, storePath, metadata.Path));
        }, storePath, terminating: true);
    }

}
