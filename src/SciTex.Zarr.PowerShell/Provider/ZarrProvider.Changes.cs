using System.Collections;
using System.Management.Automation;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Provider;

/// <summary>
/// Changes: Remove-Item, Copy-Item, Move-Item, Rename-Item and New-Item, each one engine node operation (staged and
/// swapped in, docs/write-protocol.md) on a writable handle of the drive's store.
/// </summary>
public sealed partial class ZarrProvider
{
    /// <summary>The item types New-Item creates.</summary>
    public static readonly string[] ItemTypes = ["Group", "Array"];

    protected override void RemoveItem(string path, bool recurse) => Run(path, () =>
    {
        var item = Locate(path);
        var node = NodeStore.Read(item.Drive.Store, item.Key);
        if (item.Key.Length == 0)
        {
            WriteError(Refusal(ZarrErrorKind.InvalidArgument, "A Zarr drive's root is the store itself and cannot be removed through the drive; remove the store's folder or archive with Remove-Item on its file-system path", item));
            return;
        }
        // As in the file system: a group with members goes only with -Recurse (the engine refuses it too).
        if (node is GroupMetadata && !recurse && item.Drive.Children(item.Key).Count > 0)
        {
            WriteError(Refusal(ZarrErrorKind.InvalidArgument, $"Group '{item.Key}' is not empty; use -Recurse to remove it with everything in it. Nothing was removed", item));
            return;
        }
        var what = node is ArrayMetadata ? "array" : "group";
        if (!ShouldProcess(Target(item), $"Remove Zarr {what}{(node is GroupMetadata && recurse ? " and everything in it" : "")}")) return;
        item.Drive.Change(store => NodeOperations.Remove(store, item.Key, recurse));
    });

    protected override void CopyItem(string path, string copyPath, bool recurse) => Transfer(path, copyPath, recurse, move: false);

    protected override void MoveItem(string path, string destination) => Transfer(path, destination, recurse: true, move: true);

    protected override void RenameItem(string path, string newName) => Run(path, () =>
    {
        var item = Locate(path);
        if (item.Key.Length == 0)
        {
            WriteError(Refusal(ZarrErrorKind.InvalidArgument, "A Zarr drive's root cannot be renamed through the drive", item));
            return;
        }
        if (string.IsNullOrEmpty(newName) || newName.IndexOfAny(['/', '\\']) >= 0)
        {
            WriteError(Refusal(ZarrErrorKind.InvalidKey, $"-NewName '{newName}' must be a name, not a path; use Move-Item to move a node elsewhere", item));
            return;
        }
        var target = new ZarrItemLocation(item.Drive, StoreKeys.Join(StoreKeys.Parent(item.Key), newName));
        Relocate(item, target, move: true, verb: "Rename");
    });

    /// <summary>Copy-Item and Move-Item: onto a new key, or into an existing group (as files go into a folder); -Force replaces a node in the way.</summary>
    private void Transfer(string path, string destinationPath, bool recurse, bool move) => Run(path, () =>
    {
        var source = Locate(path);
        var destination = Locate(destinationPath);
        var node = NodeStore.Read(source.Drive.Store, source.Key);
        if (!move && !recurse && node is GroupMetadata && source.Drive.Children(source.Key).Count > 0)
        {
            WriteError(Refusal(ZarrErrorKind.InvalidArgument, $"Group '{Printable(source.Key)}' has members; use -Recurse to copy it with everything in it. Nothing was copied", source));
            return;
        }
        if (destination.Drive.TryNode(destination.Key) is GroupMetadata)
            destination = destination with { Key = StoreKeys.Join(destination.Key, node.Path.Length == 0 ? StoreKeys.LastSegment(source.Drive.Location.TrimEnd('/', '\\')) : node.Name) };
        Relocate(source, destination, move, move ? "Move" : "Copy");
    });

    private void Relocate(ZarrItemLocation source, ZarrItemLocation destination, bool move, string verb)
    {
        var same = SameStore(source.Drive, destination.Drive);
        var action = $"{verb} Zarr node '{Printable(source.Key)}' of {source.Drive.Location}";
        if (!ShouldProcess(Target(destination), action)) return;
        if (same)
        {
            source.Drive.Change(store =>
            {
                var plan = NodeOperations.PlanCopy(store, source.Key, store, destination.Key, null, Force);
                if (move) NodeOperations.Move(plan);
                else NodeOperations.Copy(plan);
                return 0;
            });
            destination.Drive.Drop();
        }
        else
        {
            destination.Drive.Change(target =>
            {
                // A copy only reads its source; a move writes it too (the removal after the copy).
                if (!move)
                {
                    NodeOperations.Copy(NodeOperations.PlanCopy(source.Drive.Store, source.Key, target, destination.Key, null, Force));
                    return 0;
                }
                return source.Drive.Change(from =>
                {
                    NodeOperations.Move(NodeOperations.PlanCopy(from, source.Key, target, destination.Key, null, Force));
                    return 0;
                });
            });
        }
        WriteNode(destination.Drive, NodeStore.Read(destination.Drive.Store, destination.Key), 0, null, null);
    }

    private static bool SameStore(ZarrDriveInfo a, ZarrDriveInfo b) =>
        ReferenceEquals(a, b) || string.Equals(ZarrProviderPaths.Canonical(a.Location), ZarrProviderPaths.Canonical(b.Location),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>
    /// New-Item -ItemType Group (the default; -Value: a hashtable of attributes) or -ItemType Array (-Value: a hashtable
    /// with Shape and DataType, and optionally ChunkShape, ShardShape, FillValue, Compressor, Attributes — New-ZarrArray's parameters).
    /// </summary>
    protected override void NewItem(string path, string itemTypeName, object newItemValue) => Run(path, () =>
    {
        var item = Locate(path);
        var type = string.IsNullOrEmpty(itemTypeName) ? "Group" : ItemTypes.FirstOrDefault(t => t.Equals(itemTypeName, StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            WriteError(Refusal(ZarrErrorKind.InvalidArgument, $"-ItemType '{itemTypeName}' is not a Zarr item type; use {string.Join(" or ", ItemTypes)}", item));
            return;
        }
        var value = ParameterParsing.Unwrap(newItemValue);
        if (value is not null and not IDictionary)
        {
            WriteError(Refusal(ZarrErrorKind.InvalidArgument, $"-Value of a new {type} must be a hashtable ({(type == "Group" ? "its attributes" : "Shape, DataType and New-ZarrArray's other settings")})", item));
            return;
        }
        var settings = value as IDictionary;
        if (!ShouldProcess(Target(item), $"Create Zarr {type.ToLowerInvariant()}")) return;
        var created = item.Drive.Change<NodeMetadata>(store => type == "Group"
            ? NodeOperations.CreateGroup(store, item.Key, null, Attributes(settings, "-Value"), Force)
            : CreateArray(store, item.Key, settings));
        WriteNode(item.Drive, created, 0, null, null);
    });

    private ArrayMetadata CreateArray(IZarrStore store, string key, IDictionary? settings)
    {
        object? Setting(string name) => settings is null ? null
            : settings.Keys.Cast<object>().FirstOrDefault(k => string.Equals(k.ToString(), name, StringComparison.OrdinalIgnoreCase)) is { } found ? ParameterParsing.Unwrap(settings[found]) : null;
        var known = new[] { "Shape", "DataType", "ChunkShape", "ShardShape", "FillValue", "Compressor", "Attributes" };
        foreach (var name in settings?.Keys.Cast<object>().Select(k => k.ToString()!) ?? [])
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"-Value has '{name}', which is not an array setting ({string.Join(", ", known)})", store.Name, key);
        if (Setting("Shape") is not { } shape || Setting("DataType") is not { } dataType)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, "A new array needs -Value @{ Shape = …; DataType = … } (and optionally ChunkShape, ShardShape, FillValue, Compressor, Attributes)", store.Name, key);
        var definition = new ArrayDefinition
        {
            Shape = Convert<long[]>(shape, "Shape", store, key),
            DataType = ArrayCreator.ParseDataType(dataType.ToString()!),
            ChunkShape = Setting("ChunkShape") is { } chunk ? Convert<int[]>(chunk, "ChunkShape", store, key) : null,
            ShardShape = Setting("ShardShape") is { } shard ? Convert<int[]>(shard, "ShardShape", store, key) : null,
            FillValue = PowerShellInput.ToEngineValue(Setting("FillValue")),
            Compressor = ParameterParsing.Compressor(Setting("Compressor") ?? "zstd"),
            ZarrFormat = NodeStore.TryRead(store, "")?.ZarrFormat ?? 3,
            Attributes = Attributes(Setting("Attributes") as IDictionary, "-Value's Attributes"),
        };
        var metadata = ArrayCreator.Plan(store, key, definition, Force, out var replaces);
        ArrayCreator.Create(store, metadata, replaces);
        return metadata;
    }

    private static T Convert<T>(object value, string name, IZarrStore store, string key)
    {
        try { return LanguagePrimitives.ConvertTo<T>(value); }
        catch (PSInvalidCastException)
        {
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"-Value's {name} must be a list of whole numbers", store.Name, key);
        }
    }

    private static System.Text.Json.Nodes.JsonObject? Attributes(IDictionary? attributes, string what)
    {
        if (attributes is null || attributes.Count == 0) return null;
        ValueAttributes.CheckUserNames(attributes.Keys.Cast<object>().Select(k => k.ToString()!), what, null, null);
        return JsonValues.FromDotNet(PowerShellInput.ToEngineValue(attributes))?.AsObject();
    }
}
