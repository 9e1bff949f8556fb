using System.ComponentModel;
using System.Management.Automation;

namespace SciTex.Zarr.PowerShell.Output;

/// <summary>Code methods the module attaches to its results (public because PowerShell calls them by reflection).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ZarrValueText
{
    /// <summary>
    /// An imported group as text, the way PowerShell shows a PSCustomObject (<c>@{a=1; b=x}</c>) but without the
    /// ZarrAttributes/ZarrKey decorations: what a group nested in another group shows in Format-List.
    /// </summary>
    public static string GroupText(PSObject instance)
    {
        var parts = instance.Properties
            .Where(p => p is not Values.PowerShellOutput.ZarrDecoration)
            .Select(p => $"{p.Name}={(p.Value is PSObject ps ? ps.ToString() : p.Value?.ToString())}");
        return "@{" + string.Join("; ", parts) + "}";
    }
}
