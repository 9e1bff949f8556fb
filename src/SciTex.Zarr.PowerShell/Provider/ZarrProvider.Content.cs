using System.Management.Automation;
using System.Management.Automation.Provider;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Provider;

/// <summary>
/// Content: Get-Content returns a node's value as Import-Zarr does. Writing content is refused by name: a Zarr node
/// has a type, shape and chunking that Set-Content's untyped lines cannot carry (use Save-Zarr or Set-ZarrSlice).
/// </summary>
public sealed partial class ZarrProvider
{
    public IContentReader? GetContentReader(string path)
    {
        try
        {
            var item = Locate(path);
            _ = item.Drive.TryNode(item.Key) ?? Engine.Hierarchy.NodeStore.Read(item.Drive.Store, item.Key);
            return new ZarrContentReader(() => Load(item));
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            WriteError(Error(e, path));
            return null;
        }
    }

    private static IReadOnlyList<object?> Load(ZarrItemLocation item)
    {
        var node = ValueReader.Load(item.Drive.Store, item.Key);
        if (node is LoadedGroup { TableColumns: not null } table) return PowerShellOutput.Records(table);
        var value = PowerShellOutput.ToValue(node, asHashtable: false);
        return [value is null ? null : PowerShellOutput.Decorate(value, node)];
    }

    public object? GetContentReaderDynamicParameters(string path) => null;

    public IContentWriter? GetContentWriter(string path)
    {
        WriteError(NotWritable(path));
        return null;
    }

    public object? GetContentWriterDynamicParameters(string path) => null;

    public void ClearContent(string path) => WriteError(NotWritable(path));

    public object? ClearContentDynamicParameters(string path) => null;

    private ErrorRecord NotWritable(string path)
    {
        var location = TryLocate(path);
        return Errors.ZarrErrors.From(new ZarrException(ZarrErrorKind.NotSupported,
            "Writing content (Set-Content, Add-Content, Clear-Content) is not supported on Zarr items: a node's type, shape and chunks cannot come from untyped content. Use Save-Zarr <drive>:/<group> -Key <name> -InputObject <value> -Force, or Set-ZarrSlice to write a region",
            location?.Drive.Location, location is { } l ? Printable(l.Key) : path), path);
    }
}
