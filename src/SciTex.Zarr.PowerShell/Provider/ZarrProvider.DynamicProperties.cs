using System.Management.Automation;
using System.Management.Automation.Provider;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Provider;

/// <summary>
/// New-, Remove-, Rename-, Copy- and Move-ItemProperty on a node's user attributes. Attributes are JSON, so a value
/// carries its own type and -PropertyType is refused; an existing attribute is replaced only with -Force (as the
/// registry provider does); reserved names (_type …) are refused.
/// </summary>
public sealed partial class ZarrProvider : IDynamicPropertyCmdletProvider
{
    public void NewProperty(string path, string propertyName, string propertyTypeName, object value) => Run(path, () =>
    {
        var item = Locate(path);
        ValueAttributes.CheckUserNames([propertyName], "New-ItemProperty", item.Drive.Location, Printable(item.Key));
        if (!string.IsNullOrEmpty(propertyTypeName))
        {
            WriteError(Refusal(ZarrErrorKind.InvalidArgument, $"Zarr attributes are JSON and take their type from the value; -PropertyType '{propertyTypeName}' cannot be used", item));
            return;
        }
        var attributes = NodeStore.Read(item.Drive.Store, item.Key).Attributes;
        if (attributes.ContainsKey(propertyName) && !Force)
        {
            WriteError(Refusal(ZarrErrorKind.InvalidArgument, $"'{Printable(item.Key)}' already has attribute '{propertyName}'; use Set-ItemProperty, or -Force to replace it", item));
            return;
        }
        var json = JsonValues.FromDotNet(PowerShellInput.ToEngineValue(value, "the attribute value"));
        if (!ShouldProcess(Target(item), $"Zarr attributes: new {propertyName}")) return;
        var node = item.Drive.Change(store => NodeAttributes.Update(store, item.Key, [KeyValuePair.Create(propertyName, json)], []));
        WritePropertyObject(Subset(node.Attributes, [propertyName]), path);
    });

    public object? NewPropertyDynamicParameters(string path, string propertyName, string propertyTypeName, object value) => null;

    public void RemoveProperty(string path, string propertyName) => Run(path, () =>
    {
        var item = Locate(path);
        ValueAttributes.CheckUserNames([propertyName], "Remove-ItemProperty", item.Drive.Location, Printable(item.Key));
        if (!HasAttribute(item, propertyName)) return;
        if (!ShouldProcess(Target(item), $"Zarr attributes: remove {propertyName}")) return;
        item.Drive.Change(store => NodeAttributes.Update(store, item.Key, [], [propertyName]));
    });

    public object? RemovePropertyDynamicParameters(string path, string propertyName) => null;

    public void RenameProperty(string path, string sourceProperty, string destinationProperty) =>
        MoveProperty(path, sourceProperty, path, destinationProperty);

    public object? RenamePropertyDynamicParameters(string path, string sourceProperty, string destinationProperty) => null;

    public void CopyProperty(string sourcePath, string sourceProperty, string destinationPath, string destinationProperty) =>
        Transfer(sourcePath, sourceProperty, destinationPath, destinationProperty, move: false);

    public object? CopyPropertyDynamicParameters(string sourcePath, string sourceProperty, string destinationPath, string destinationProperty) => null;

    public void MoveProperty(string sourcePath, string sourceProperty, string destinationPath, string destinationProperty) =>
        Transfer(sourcePath, sourceProperty, destinationPath, destinationProperty, move: true);

    public object? MovePropertyDynamicParameters(string sourcePath, string sourceProperty, string destinationPath, string destinationProperty) => null;

    /// <summary>Copies an attribute to a node (the same or another, of any Zarr drive); a move then removes the source.</summary>
    private void Transfer(string sourcePath, string sourceProperty, string destinationPath, string destinationProperty, bool move) => Run(sourcePath, () =>
    {
        var verb = move ? "Move-ItemProperty" : "Copy-ItemProperty";
        var source = Locate(sourcePath);
        var target = Locate(destinationPath);
        if (string.IsNullOrEmpty(destinationProperty)) destinationProperty = sourceProperty;
        ValueAttributes.CheckUserNames([sourceProperty, destinationProperty], verb, source.Drive.Location, Printable(source.Key));
        var sameNode = source.Drive == target.Drive && source.Key == target.Key;
        if (sameNode && sourceProperty == destinationProperty) return;
        var attributes = NodeStore.Read(source.Drive.Store, source.Key).Attributes;
        if (!attributes.TryGetPropertyValue(sourceProperty, out var value))
        {
            WriteError(Refusal(ZarrErrorKind.KeyNotFound, $"'{Printable(source.Key)}' has no attribute '{sourceProperty}'", source));
            return;
        }
        if (NodeStore.Read(target.Drive.Store, target.Key).Attributes.ContainsKey(destinationProperty) && !Force)
        {
            WriteError(Refusal(ZarrErrorKind.InvalidArgument, $"'{Printable(target.Key)}' already has attribute '{destinationProperty}'; use -Force to replace it", target));
            return;
        }
        var action = move ? $"move {sourceProperty} from {Target(source)} to {destinationProperty}" : $"copy {sourceProperty} from {Target(source)} to {destinationProperty}";
        if (!ShouldProcess(Target(target), $"Zarr attributes: {action}")) return;
        var copy = value?.DeepClone();
        IEnumerable<string> removeHere = move && sameNode ? [sourceProperty] : [];
        var node = target.Drive.Change(store => NodeAttributes.Update(store, target.Key, [KeyValuePair.Create(destinationProperty, copy)], removeHere));
        // Across nodes the source is removed once the copy is in place: a failure in between leaves both, never neither.
        if (move && !sameNode) source.Drive.Change(store => NodeAttributes.Update(store, source.Key, [], [sourceProperty]));
        WritePropertyObject(Subset(node.Attributes, [destinationProperty]), destinationPath);
    });

    private bool HasAttribute(ZarrItemLocation item, string name)
    {
        if (NodeStore.Read(item.Drive.Store, item.Key).Attributes.ContainsKey(name)) return true;
        WriteError(Refusal(ZarrErrorKind.KeyNotFound, $"'{Printable(item.Key)}' has no attribute '{name}'", item));
        return false;
    }
}
