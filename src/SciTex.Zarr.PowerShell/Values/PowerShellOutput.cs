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
        LoadedArray { Value: SerializedValue { Format: ValueAttributes.CliXml } clixml } => FromCliXml(clixml.Text, node),
        LoadedArray { Value: Engine.DataTypes.RecordArray records } => StructRecords(records),
        LoadedArray array => array.Value,
        LoadedGroup { TableColumns: not null } table => Records(table),
        LoadedGroup group => Group(group, asHashtable),
        _ => null,
    };

    /// <summary>
    /// The value wrapped in a PSObject that carries the node's attributes, key and (arrays) dimension names. All are <see cref="ZarrDecoration"/>
    /// note properties: Save-Zarr recognises them (attributes go back on the node, the key is not saved as data), and a
    /// group's default display set leaves them out of Format-List/Format-Table while <c>$x.ZarrAttributes</c> still works.
    /// </summary>
    public static PSObject Decorate(object? value, LoadedNode node) =>
        Decorate(value, Attributes(node.Attributes), node.Path.Length == 0 ? "/" : node.Path, DimensionsOf(node));

    /// <param name="dimensions">An array's dimension names (the <see cref="DimensionsProperty"/> decoration), or null.</param>
    public static PSObject Decorate(object? value, OrderedDictionary attributes, string key, string?[]? dimensions = null)
    {
        var wrapped = PSObject.AsPSObject(value ?? new object());
        AddDecoration(wrapped, AttributesProperty, attributes);
        AddDecoration(wrapped, KeyProperty, key);
        if (dimensions is not null) AddDecoration(wrapped, DimensionsProperty, dimensions);
        if (wrapped.BaseObject is PSCustomObject && wrapped.Members["PSStandardMembers"] is null)
        {
            var shown = wrapped.Properties.Where(p => p is not ZarrDecoration).Select(p => p.Name).ToArray();
            if (shown.Length > 0)
                wrapped.Members.Add(new PSMemberSet("PSStandardMembers", [new PSPropertySet("DefaultDisplayPropertySet", shown)]));
            // "@{a=1; b=2}" (how a group nested in another is shown) without the decorations, too.
            if (wrapped.Methods["ToString"] is PSMethod)
                wrapped.Methods.Add(new PSCodeMethod("ToString", typeof(Output.ZarrValueText).GetMethod(nameof(Output.ZarrValueText.GroupText))!));
        }
        return wrapped;
    }

    /// <summary>An array node's dimension names, or null (groups, arrays without names).</summary>
    public static string?[]? DimensionsOf(LoadedNode node) => node.Metadata is Engine.Metadata.ArrayMetadata array ? Dimensions.Of(array) : null;

    /// <summary>Names someone chose (not only the automatic dim_0, dim_1 …): worth decorating a group member for.</summary>
    private static bool HasNamedDimensions(LoadedNode node) => DimensionsOf(node) is { } names && names.Any(n => n is not null && !Dimensions.IsDefault(n));

    /// <summary>Adds a decoration unless the value already has a member of that name (a group member called ZarrKey wins).</summary>
    private static void AddDecoration(PSObject target, string name, object? value)
    {
        if (target.Properties[name] is null) target.Properties.Add(new ZarrDecoration(name, value));
    }

    /// <summary>The decoration's attributes when <paramref name="value"/> carries them (an Import-Zarr result), else null.</summary>
    public static IDictionary? DecorationAttributes(PSObject value) =>
        value.Properties[AttributesProperty] is ZarrDecoration { Value: IDictionary attributes } ? attributes : null;

    /// <summary>
    /// Save-Zarr -UseCliXml's value, as PowerShell deserializes it (Import-Clixml, remoting): primitive and a fixed set
    /// of known types come back as themselves, everything else as a Deserialized.* property bag; no code runs and no
    /// arbitrary type is constructed. The depth Export-Clixml uses by default.
    /// </summary>
    public const int CliXmlDepth = 2;

    public static object? FromCliXml(string text, LoadedNode node)
    {
        object? value;
        try
        {
            value = PSSerializer.Deserialize(text);
        }
        catch (Exception e) when (e is System.Xml.XmlException or InvalidOperationException or RuntimeException or ArgumentException)
        {
            throw new Engine.Errors.ZarrException(Engine.Errors.ZarrErrorKind.CorruptChunk,
                $"The value is marked _type: clixml but is not a CliXml document PowerShell accepts ({e.Message})", null, node.Path.Length == 0 ? "/" : node.Path, e);
        }
        return value is PSObject { BaseObject: not PSCustomObject } ps && ps.TypeNames.All(t => !t.StartsWith("Deserialized.", StringComparison.Ordinal)) ? ps.BaseObject : value;
    }

    public static (string Format, string Text) ToCliXml(object value) => (ValueAttributes.CliXml, PSSerializer.Serialize(value, CliXmlDepth));

    /// <summary>Attributes are always an ordered dictionary (keys of any spelling, order kept), from every cmdlet.</summary>
    public static OrderedDictionary Attributes(JsonObject attributes) => JsonValues.ToDictionary(attributes);

    /// <summary>Adds a note property unless the value already has a member of that name (a group member called ZarrKey wins).</summary>
    public static void AddNote(PSObject target, string name, object? value)
    {
        if (target.Properties[name] is null) target.Properties.Add(new PSNoteProperty(name, value));
    }

    /// <summary>A note property this module added to a result (ZarrAttributes, ZarrKey): metadata about the value, not part of it.</summary>
    internal sealed class ZarrDecoration(string name, object? value) : PSNoteProperty(name, value)
    {
        public override PSMemberInfo Copy() => new ZarrDecoration(Name, Value);
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

    /// <summary>
    /// A struct array's elements as PSCustomObjects, one per element with a property per field in field order (like
    /// Import-Csv): an array of the struct array's rank (a single object for a 0-d array). Nested structs are nested
    /// PSCustomObjects, sub-array fields typed arrays, datetime64/timedelta64 fields DateTime/TimeSpan (null for NaT).
    /// </summary>
    public static object StructRecords(Engine.DataTypes.RecordArray records)
    {
        if (records.Shape.Length == 0) return StructRecord(records.Record(0), records.Fields);
        var result = Array.CreateInstance(typeof(PSObject), records.Shape.Select(d => (int)d).ToArray());
        var index = new int[result.Rank];
        for (var i = 0; i < records.Length; i++)
        {
            result.SetValue(StructRecord(records.Record(i), records.Fields), index);
            for (var k = index.Length - 1; k >= 0 && ++index[k] == result.GetLength(k); k--) index[k] = 0;
        }
        return result;
    }

    private static PSObject StructRecord(KeyValuePair<string, object?>[] values, IReadOnlyList<Engine.DataTypes.StructField> fields)
    {
        var record = new PSObject();
        for (var f = 0; f < values.Length; f++)
        {
            var (name, value) = (values[f].Key, values[f].Value);
            var type = fields[f].Type;
            value = value switch
            {
                KeyValuePair<string, object?>[] nested => StructRecord(nested, type.Fields),
                KeyValuePair<string, object?>[][] many => many.Select(n => StructRecord(n, type.Fields)).ToArray(),
                _ when type.Kind is Engine.DataTypes.DataTypeKind.DateTime64 or Engine.DataTypes.DataTypeKind.TimeDelta64
                    && TimeValues.TryFromStored(value, type) is (true, var time) => time,
                _ => value,
            };
            record.Properties.Add(new PSNoteProperty(name, value));
        }
        return record;
    }
}
