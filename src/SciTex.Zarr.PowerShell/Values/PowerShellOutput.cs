using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.PowerShell.Values;

/// <summary>Turns loaded nodes into PowerShell output: PSCustomObjects (or ordered hashtables), typed arrays, records.</summary>
internal static class PowerShellOutput
{
    /// <summary>The note property that carries a node's Zarr attributes, the way Get-Content adds PSPath.</summary>
    public const string AttributesProperty = "ZarrAttributes";
    public const string KeyProperty = "ZarrKey";
    /// <summary>The note property that carries an array's dimension names (string[]).</summary>
    public const string DimensionsProperty = "ZarrDimensions";

    public static object? ToValue(LoadedNode node, bool asHashtable) => node switch
    {
        LoadedArray array => array.Value,
        LoadedGroup { TableColumns: not null } table => Records(table),
        LoadedGroup group => Group(group, asHashtable),
        _ => null,
    };

    /// <summary>The value wrapped in a PSObject that carries the node's attributes and key.</summary>
    public static PSObject Decorate(object? value, LoadedNode node)
    {
        var wrapped = PSObject.AsPSObject(value ?? new object());
        AddNote(wrapped, AttributesProperty, Attributes(node.Attributes));
        AddNote(wrapped, KeyProperty, node.Path.Length == 0 ? "/" : node.Path);
        if (DimensionsOf(node) is { } dimensions) AddNote(wrapped, DimensionsProperty, dimensions);
        return wrapped;
    }

    /// <summary>An array node's dimension names, or null (groups, arrays without names).</summary>
    public static string?[]? DimensionsOf(LoadedNode node) => node.Metadata is Engine.Metadata.ArrayMetadata array ? Dimensions.Of(array) : null;

    /// <summary>Names someone chose (not only the automatic dim_0, dim_1 …): worth decorating a group member for.</summary>
    private static bool HasNamedDimensions(LoadedNode node) => DimensionsOf(node) is { } names && names.Any(n => n is not null && !Dimensions.IsDefault(n));

    /// <summary>Attributes are always an ordered dictionary (keys of any spelling, order kept), from every cmdlet.</summary>
    public static OrderedDictionary Attributes(JsonObject attributes) => JsonValues.ToDictionary(attributes);

    /// <summary>Adds a note property unless the value already has a member of that name (a group member called ZarrKey wins).</summary>
    public static void AddNote(PSObject target, string name, object? value)
    {
        if (target.Properties[name] is null) target.Properties.Add(new PSNoteProperty(name, value));
    }

    private static object Group(LoadedGroup group, bool asHashtable)
    {
        var members = new OrderedDictionary(StringComparer.Ordinal);
        foreach (var child in group.Children)
        {
            var value = ToValue(child, asHashtable);
            members[child.Name] = (child.Attributes.Count > 0 || HasNamedDimensions(child)) && value is not null ? Decorate(value, child) : value;
        }
        return asHashtable ? members : ToCustomObject(members);
    }

    /// <summary>
    /// Members (and dictionaries nested in them, e.g. unpickled dicts) as PSCustomObjects. Iterative, and each
    /// dictionary becomes one PSObject however often it is referenced: a pickled dict that contains itself (or one
    /// 100 000 levels deep) comes back as the same shape of objects, as Python's pickle gives it, never a stack overflow.
    /// </summary>
    private static PSObject ToCustomObject(OrderedDictionary members)
    {
        var made = new Dictionary<OrderedDictionary, PSObject>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<OrderedDictionary>();
        PSObject Get(OrderedDictionary dictionary)
        {
            if (made.TryGetValue(dictionary, out var existing)) return existing;
            var created = new PSObject();
            made[dictionary] = created;
            pending.Push(dictionary);
            return created;
        }
        var root = Get(members);
        while (pending.Count > 0)
        {
            var dictionary = pending.Pop();
            var obj = made[dictionary];
            foreach (DictionaryEntry entry in dictionary)
            {
                var value = entry.Value is OrderedDictionary nested ? Get(nested) : entry.Value;
                obj.Properties.Add(new PSNoteProperty(entry.Key.ToString()!, value));
            }
        }
        return root;
    }

    /// <summary>A table group's rows as PSCustomObjects, columns in their saved order.</summary>
    public static PSObject[] Records(LoadedGroup table)
    {
        var columns = table.TableColumns!
            .Select(name => (name, values: table.Children.OfType<LoadedArray>().FirstOrDefault(c => c.Name == name)?.Value as Array))
            .ToList();
        var rows = columns.Count == 0 || columns[0].values is null ? 0 : columns[0].values!.Length;
        var records = new PSObject[rows];
        for (var r = 0; r < rows; r++)
        {
            var record = new PSObject();
            foreach (var (name, values) in columns) record.Properties.Add(new PSNoteProperty(name, values?.GetValue(r)));
            records[r] = record;
        }
        return records;
    }
}
