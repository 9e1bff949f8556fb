using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>Opens existing stores for the cmdlets and the Zarr drive alike (local paths and store URLs).</summary>
internal static class StoreAccess
{
    static StoreAccess() => Stores.RemoteStores.EnsureRegistered();

    /// <summary>-StoreOption as strings (switch-like values such as $true become "true"); values are never echoed in errors.</summary>
    public static IReadOnlyDictionary<string, string?> Options(System.Collections.Hashtable? table)
    {
        var options = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (table is null) return options;
        foreach (System.Collections.DictionaryEntry entry in table)
        {
            var value = entry.Value is System.Management.Automation.PSObject ps ? ps.BaseObject : entry.Value;
            options[entry.Key.ToString()!] = value switch
            {
                null => null,
                bool b => b ? "true" : "false",
                System.Management.Automation.SwitchParameter s => s.IsPresent ? "true" : "false",
                _ => value.ToString(),
            };
        }
        return options;
    }

    /// <summary>
    /// Opens an existing store (a directory, a zip archive such as <c>x.zarr.zip</c>, or a store URL whose root holds
    /// Zarr metadata) or reports it missing.
    /// </summary>
    public static IZarrStore OpenExisting(string path, bool readOnly, IReadOnlyDictionary<string, string?> options)
    {
        if (StoreUrl.IsUrl(path))
        {
            var store = StoreFactory.OpenOrCreate(path, readOnly, options);
            try
            {
                if (NodeStore.TryRead(store, "") is null && !store.Exists(ConsolidatedMetadata.V2Document))
                    throw new ZarrException(ZarrErrorKind.StoreNotFound, "No Zarr store at this URL (no zarr.json, .zgroup or .zarray at its root)", store.Name);
            }
            catch
            {
                store.Dispose();
                throw;
            }
            return store;
        }
        if (!Directory.Exists(path) && !File.Exists(path))
            throw new ZarrException(ZarrErrorKind.StoreNotFound, $"No Zarr store at '{path}'", path);
        if (!readOnly && File.Exists(path) && !StoreFactory.IsZip(path))
            throw new ZarrException(ZarrErrorKind.StoreNotFound, $"'{path}' is a file, not a Zarr store", path);
        return StoreFactory.OpenOrCreate(path, readOnly);
    }
}
