using System.Management.Automation;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>
/// -Key with PowerShell wildcards (* ? [a-z]) per segment: 'processed/filtered_sec_*' names every matching node.
/// A key that exists literally is used as it is (Zarr keys may contain those characters); only metadata is read.
/// </summary>
internal static class KeyExpansion
{
    public static IReadOnlyList<string> Expand(IZarrStore store, string? key)
    {
        var raw = key ?? "";
        if (!WildcardPattern.ContainsWildcardCharacters(raw)) return [StoreKeys.NormalizePath(raw, store.Name)];
        var segments = raw.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!segments.Any(WildcardPattern.ContainsWildcardCharacters)) return [StoreKeys.NormalizePath(raw, store.Name)];
        // A node whose name really contains '*' or '[' wins over the pattern.
        try
        {
            var literal = StoreKeys.NormalizePath(raw, store.Name);
            if (NodeStore.TryRead(store, literal) is not null) return [literal];
        }
        catch (ZarrException) { }

        List<string> current = [""];
        foreach (var segment in segments)
        {
            var next = new List<string>();
            if (!WildcardPattern.ContainsWildcardCharacters(segment))
            {
                foreach (var path in current)
                    if (NodeStore.TryRead(store, StoreKeys.Join(path, segment)) is not null) next.Add(StoreKeys.Join(path, segment));
            }
            else
            {
                var pattern = new WildcardPattern(segment, WildcardOptions.IgnoreCase);
                foreach (var path in current)
                    if (NodeStore.TryRead(store, path) is Engine.Metadata.GroupMetadata)
                        next.AddRange(NodeStore.Children(store, path).Where(c => pattern.IsMatch(c.Name)).Select(c => c.Path));
            }
            current = next;
        }
        if (current.Count == 0)
        {
            // Distinguish "not a store" from "no match".
            NodeStore.Read(store, "");
            throw new ZarrException(ZarrErrorKind.KeyNotFound, $"No Zarr group or array matches '{raw}'", store.Name, raw);
        }
        return current;
    }
}
