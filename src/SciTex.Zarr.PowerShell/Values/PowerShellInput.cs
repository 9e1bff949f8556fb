using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.PowerShell.Values;

/// <summary>Turns what PowerShell hands a cmdlet (PSObjects, PSCustomObjects, hashtables) into the engine's plain .NET values.</summary>
internal static class PowerShellInput
{
    /// <summary>
    /// Unwraps PSObjects; PSCustomObjects and dictionaries become ordered dictionaries; lists are unwrapped item by item.
    /// A value that contains itself (<c>$a.self = $a</c>) or nests deeper than <see cref="ZarrLimits.MaxValueDepth"/>
    /// is refused with a named error that names the path, before anything is written.
    /// </summary>
    /// <param name="keepAttributes">
    /// Import-Zarr results (values carrying ZarrAttributes) become <see cref="AttributedValue"/>s for the value itself
    /// and its group members, so saving them again puts the attributes back on the nodes; items of lists never do.
    /// </param>
    public static object? ToEngineValue(object? input, string what = "the value to save", bool keepAttributes = false) =>
        Convert(input, new ValueGuard(what), "", keepAttributes);

    private static object? Convert(object? input, ValueGuard guard, string segment, bool keepAttributes = false)
    {
        if (keepAttributes && input is PSObject decorated && PowerShellOutput.DecorationAttributes(decorated) is { Count: > 0 } attributes)
        {
            var json = JsonValues.FromDotNet(Convert(attributes, guard, PowerShellOutput.AttributesProperty))!.AsObject();
            return new AttributedValue(Unattributed(decorated, guard, segment, keepAttributes), json);
        }
        return Unattributed(input, guard, segment, keepAttributes);
    }

    private static object? Unattributed(object? input, ValueGuard guard, string segment, bool keepAttributes)
    {
        switch (input)
        {
            case null:
                return null;
            case PSObject ps when ps.BaseObject is PSCustomObject:
                using (guard.Enter(ps, segment)) return PropertiesOf(ps, guard, keepAttributes);
            case PSObject ps:
                return Convert(ps.BaseObject, guard, segment, keepAttributes);
            case IDictionary dictionary:
            {
                using var scope = guard.Enter(dictionary, segment);
                // A Hashtable's order is arbitrary, so it stays a Hashtable (its group keeps name order); ordered
                // dictionaries and PSCustomObjects keep their order (recorded in _member_order when it is not by name).
                IDictionary result = dictionary is Hashtable ? new Hashtable(StringComparer.Ordinal) : new OrderedDictionary(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key.ToString()!;
                    result[key] = Convert(entry.Value, guard, key, keepAttributes);
                }
                return result;
            }
            case Array array when array.GetType().GetElementType() == typeof(object) || array.GetType().GetElementType() == typeof(PSObject):
            {
                using var scope = guard.Enter(array, segment);
                var items = new object?[array.Length];
                var i = 0;
                foreach (var item in array)
                {
                    items[i] = Convert(item, guard, $"[{i}]");
                    i++;
                }
                if (items.Length > 0 && items.All(x => x is IDictionary)) return ToTable(items.Cast<IDictionary>().ToList());
                if (array.Rank == 1) return items;
                var shaped = Array.CreateInstance(typeof(object), Enumerable.Range(0, array.Rank).Select(array.GetLength).ToArray());
                ElementLayout.FromObjects(items, shaped);
                return shaped;
            }
            case Array array:
                return array;
            case IList list when input is not string:
            {
                // The list itself is the container a cycle would return to (an ArrayList holding itself).
                using var scope = guard.Enter(list, segment);
                var items = new object?[list.Count];
                for (var i = 0; i < items.Length; i++) items[i] = Convert(list[i], guard, $"[{i}]");
                if (items.Length > 0 && items.All(x => x is IDictionary)) return ToTable(items.Cast<IDictionary>().ToList());
                return items;
            }
            default:
                return input;
        }
    }

    private static OrderedDictionary PropertiesOf(PSObject ps, ValueGuard guard, bool keepAttributes)
    {
        var result = new OrderedDictionary(StringComparer.Ordinal);
        foreach (var property in ps.Properties)
        {
            if (property is not (PSNoteProperty or PSProperty or PSAliasProperty or PSScriptProperty)) continue;
            // ZarrAttributes/ZarrKey added by Import-Zarr describe the value; they are not members to save.
            if (property is PowerShellOutput.ZarrDecoration) continue;
            result[property.Name] = Convert(property.Value, guard, property.Name, keepAttributes);
        }
        return result;
    }

    /// <summary>
    /// Records (dictionaries with the same keys, e.g. from Import-Csv) become a table: one typed column per property.
    /// A column takes its values' common type; numbers of mixed types widen to double; DateTime/TimeSpan values (with
    /// $null or missing ones as NaT) stay DateTime/TimeSpan; anything else becomes strings.
    /// </summary>
    public static TableValue ToTable(IReadOnlyList<IDictionary> records)
    {
        var names = new List<string>();
        foreach (var record in records)
            foreach (var key in record.Keys)
                if (!names.Contains(key.ToString()!)) names.Add(key.ToString()!);
        var columns = names.Select(name => Column(records.Select(r => r.Contains(name) ? r[name] : null).ToList())).ToList();
        return new TableValue(names, columns);
    }

    private static Array Column(IReadOnlyList<object?> values)
    {
        var types = values.Select(v => v?.GetType()).Distinct().ToList();
        if (types.Count == 1 && types[0] is { } t && ZarrDataType.FromClrType(t) is not null)
        {
            var typed = Array.CreateInstance(t, values.Count);
            for (var i = 0; i < values.Count; i++) typed.SetValue(values[i], i);
            return typed;
        }
        // DateTime/TimeSpan columns keep their type (numpy.datetime64/timedelta64, like a [datetime[]] value); a
        // missing or $null value makes the column Nullable and is stored as NaT.
        var present = types.Where(x => x is not null).ToList();
        if (present.Count == 1 && (present[0] == typeof(DateTime) || present[0] == typeof(TimeSpan)))
        {
            var element = types.Contains(null) ? typeof(Nullable<>).MakeGenericType(present[0]!) : present[0]!;
            var typed = Array.CreateInstance(element, values.Count);
            for (var i = 0; i < values.Count; i++) typed.SetValue(values[i], i);
            return typed;
        }
        if (types.All(x => x is not null && IsNumber(x)))
            return values.Select(v => System.Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return values.Select(v => v is null ? "" : System.Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
    }

    private static bool IsNumber(Type t) => t == typeof(byte) || t == typeof(sbyte) || t == typeof(short) || t == typeof(ushort) || t == typeof(int)
        || t == typeof(uint) || t == typeof(long) || t == typeof(ulong) || t == typeof(float) || t == typeof(double) || t == typeof(Half);
}
