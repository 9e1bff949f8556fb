using System.ComponentModel;
using System.Management.Automation;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Errors;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>
/// Helpers of the cmdlets that change one node of one existing store in place (New-ZarrArray, Set-ZarrSlice,
/// Add-ZarrSlice, Resize-ZarrArray, Remove-ZarrNode, Copy-ZarrNode, Move-ZarrNode). Their -Path, -LiteralPath and -Key
/// come from <see cref="ZarrNodeEditCommandBase"/> or <see cref="ZarrValueWriteCommandBase"/> (they differ in what binds
/// from the pipeline); Copy/Move-ZarrNode declare their own source and destination.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ZarrStoreWriteCommandBase : ZarrCommandBase
{
    /// <summary>The one existing store the bound path names (a terminating error when it is missing or ambiguous).</summary>
    protected string ResolveSingleExisting()
    {
        var resolved = ResolveExistingPaths().ToList();
        if (resolved.Count == 0)
            ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.StoreNotFound, ErrorCategory.ObjectNotFound, $"No Zarr store at '{string.Join(", ", Path)}'.", Path));
        if (resolved.Count > 1)
            ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.AmbiguousPath, ErrorCategory.InvalidArgument,
                $"'{string.Join(", ", Path)}' names {resolved.Count} stores; this command writes into one.", Path));
        return resolved[0];
    }

    /// <summary>Opens an existing store for writing; a file that is not a zip archive is refused (StoreAccess.OpenExisting).</summary>
    protected IZarrStore OpenWritable(string storePath) => OpenStore(storePath, readOnly: false);

    /// <summary>"store (key 'a/b')", the ShouldProcess target.</summary>
    protected static string Target(string storePath, string key) => $"{storePath} (key '{(key.Length == 0 ? "/" : key)}')";

    /// <summary>True when two store paths name the same store.</summary>
    protected static bool SameStore(string a, string b) =>
        string.Equals(System.IO.Path.GetFullPath(a).TrimEnd(System.IO.Path.DirectorySeparatorChar), System.IO.Path.GetFullPath(b).TrimEnd(System.IO.Path.DirectorySeparatorChar),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
