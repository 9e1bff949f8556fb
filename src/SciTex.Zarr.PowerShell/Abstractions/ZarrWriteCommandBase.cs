using System.ComponentModel;
using System.Management.Automation;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>Parameters shared by the cmdlets that write arrays (Save-Zarr, ConvertTo-Zarr): where, how compressed, how chunked, which format.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ZarrWriteCommandBase : ZarrCommandBase
{
    /// <summary>The group inside the store to write into (parents are created).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.ZarrKeyCompleter))]
    public string? Key { get; set; }

    /// <summary>'zstd' (level 3, default), 'lz4', 'gzip' (level 5), 'zlib', 'blosc', 'none', or a hashtable such as @{ name = 'zstd'; level = 9 }.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.CompressorCompleter))]
    public object? Compressor { get; set; } = "zstd";

    /// <summary>One chunk shape for every array of that rank, or a hashtable of key → shape.</summary>
    [Parameter]
    public object? ChunkShape { get; set; }

    /// <summary>2 or 3; by default an existing store's format, else 3.</summary>
    [Parameter]
    [ValidateSet("2", "3")]
    public int ZarrFormat { get; set; } = 3;

    /// <summary>Replace nodes that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit a node object for each array or group written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The format the user asked for, or null to follow the store (new stores get 3).</summary>
    protected int? RequestedFormat => MyInvocation.BoundParameters.ContainsKey(nameof(ZarrFormat)) ? ZarrFormat : null;
}
