using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Provider;

/// <summary>
/// Item properties are a node's user attributes: Get-ItemProperty reads them, Set-ItemProperty merges (as
/// Set-ZarrAttribute does), Clear-ItemProperty sets them to null and keeps their names. Reserved names (_type …) are refused.
/// </summary>
public sealed partial class ZarrProvider
{
    public void GetProperty(string path, Collection<string>? providerSpecificPickList) => Run(path, () =>
    {
        var item = Locate(path);
        var node = NodeStore.Read(item.Drive.Store, item.Key);
        var attributes = JsonValues.ToDictionary(ValueAttributes.User(node.Attributes));
        var result = new PSObject();
        IEnumerable<string> names = providerSpecificPickList is { Count: > 0 } pick ? pick : attributes.Keys.Cast<string>();
        foreach (var name in names)
        {
            if (!attributes.Contains(name))
            {
                // Wildcards in -Name select among the attributes, as for registry values.
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    foreach (var match in attributes.Keys.Cast<string>().Where(pattern.IsMatch))
                        result.Properties.Add(new PSNoteProperty(match, attributes[match]));
                    continue;
                }
                WriteError(Refusal(ZarrErrorKind.KeyNotFound, $"'{Printable(item.Key)}' has no attribute '{name}'", item));
                continue;
            }
            result.Properties.Add(new PSNoteProperty(name, attributes[name]));
        }
        WritePropertyObject(result, path);
    });

    public object? GetPropertyDynamicParameters(string path, Collection<string>? providerSpecificPickList) => null;

    public void SetProperty(string path, PSObject propertyValue) => Run(path, () =>
    {
        var item = Locate(path);
        var names = propertyValue.Properties.Select(p => p.Name).ToList();
        ValueAttributes.CheckUserNames(names, "Set-ItemProperty", item.Drive.Location, Printable(item.Key));
        var values = propertyValue.Properties
            .Select(p => KeyValuePair.Create(p.Name, JsonValues.FromDotNet(PowerShellInput.ToEngineValue(p.Value, "the attribute value")))).ToList();
        if (!ShouldProcess(Target(item), $"Zarr attributes: set {string.Join(", ", names)}")) return;
        var node = item.Drive.Change(store => NodeAttributes.Update(store, item.Key, values, []));
        WritePropertyObject(Subset(node.Attributes, names), path);
    });

    public object? SetPropertyDynamicParameters(string path, PSObject propertyValue) => null;

    public void ClearProperty(string path, Collection<string> propertyToClear) => Run(path, () =>
    {
        var item = Locate(path);
        var node = NodeStore.Read(item.Drive.Store, item.Key);
        var names = propertyToClear.ToList();
        ValueAttributes.CheckUserNames(names, "Clear-ItemProperty", item.Drive.Location, Printable(item.Key));
        var missing = names.Where(n => !node.Attributes.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            WriteError(Refusal(ZarrErrorKind.KeyNotFound, $"'{Printable(item.Key)}' has no attribute {string.Join(", ", missing.Select(m => $"'{m}'"))}; nothing was cleared", item));
            return;
        }
        if (!ShouldProcess(Target(item), $"Zarr attributes: clear {string.Join(", ", names)}")) return;
        var updated = item.Drive.Change(store => NodeAttributes.Update(store, item.Key, names.Select(n => KeyValuePair.Create(n, (JsonNode?)null)), []));
        WritePropertyObject(Subset(updated.Attributes, names), path);
    });

    public object? ClearPropertyDynamicParameters(string path, Collection<string> propertyToClear) => null;

    private static PSObject Subset(JsonObject attributes, IEnumerable<string> names)
    {
        var all = JsonValues.ToDictionary(attributes);
        var result = new PSObject();
        foreach (var name in names) result.Properties.Add(new PSNoteProperty(name, all[name]));
        return result;
    }
}
