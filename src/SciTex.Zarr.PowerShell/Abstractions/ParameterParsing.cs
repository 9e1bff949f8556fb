using System.Collections;
using System.Management.Automation;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>Parses the loosely-typed parameters users write (compressor specs, chunk shapes) into engine options.</summary>
internal static class ParameterParsing
{
    /// <summary>'zstd' | 'lz4' | 'gzip' | 'none' | $null, or a hashtable such as @{ name = 'zstd'; level = 9 }.</summary>
    public static CompressorSpec Compressor(object? value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case null: return CompressorSpec.Parse("none");
            case string name: return CompressorSpec.Parse(name);
            case IDictionary spec:
            {
                string? name = null;
                var parameters = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry entry in spec)
                {
                    var key = entry.Key.ToString()!;
                    if (key.Equals("name", StringComparison.OrdinalIgnoreCase) || key.Equals("id", StringComparison.OrdinalIgnoreCase)) name = Unwrap(entry.Value)?.ToString();
                    else parameters[key] = Unwrap(entry.Value);
                }
                if (name is null) throw new ZarrException(ZarrErrorKind.InvalidArgument, "A compressor hashtable needs a 'name' entry, e.g. @{ name = 'zstd'; level = 9 }");
                return CompressorSpec.Parse(name, parameters);
            }
            default:
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"-Compressor takes a name ({string.Join(", ", CompressorSpec.Names)}) or a hashtable, not {value.GetType().Name}");
        }
    }

    /// <summary>
    /// -Filter: a hashtable or a list of them, numcodecs-style, e.g. @{ id = 'quantize'; digits = 3; dtype = 'f8' } or
    /// @{ name = 'delta'; dtype = 'i4' }; null or empty for none.
    /// </summary>
    public static FilterSpec Filters(object? value)
    {
        value = Unwrap(value);
        if (value is null) return FilterSpec.None;
        var items = value is IDictionary single ? [single] : value is IEnumerable list and not string ? list.Cast<object?>().Select(Unwrap).ToList() : [value];
        var filters = new List<System.Text.Json.Nodes.JsonObject>();
        foreach (var item in items)
        {
            if (item is not IDictionary filter)
                throw new ZarrException(ZarrErrorKind.InvalidArgument,
                    $"-Filter takes hashtables such as @{{ id = 'delta'; dtype = 'i4' }}, not {item?.GetType().Name ?? "$null"}. Filters: {string.Join(", ", FilterSpec.Names.Order())}");
            var json = JsonValues.FromDotNet(Values.PowerShellInput.ToEngineValue(filter, "-Filter")) as System.Text.Json.Nodes.JsonObject
                ?? throw new ZarrException(ZarrErrorKind.InvalidArgument, "-Filter entries must be hashtables");
            filters.Add(json);
        }
        return FilterSpec.From(filters);
    }

    /// <summary>An int[] shape for every array, or a hashtable of key → shape.</summary>
    public static (int[]? Common, IReadOnlyDictionary<string, int[]>? ByKey) ChunkShape(object? value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case null: return (null, null);
            case IDictionary byKey:
            {
                var result = new Dictionary<string, int[]>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in byKey) result[entry.Key.ToString()!.Trim('/')] = Shape(entry.Value, entry.Key.ToString());
                return (null, result);
            }
            default:
                return (Shape(value, null), null);
        }
    }

    /// <summary>One list of names for every array of that rank, or a hashtable of key → names (like -ChunkShape).</summary>
    public static (string[]? Common, IReadOnlyDictionary<string, string[]>? ByKey) DimensionNames(object? value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case null: return (null, null);
            case IDictionary byKey:
            {
                var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in byKey) result[entry.Key.ToString()!.Trim('/')] = Names(entry.Value, entry.Key.ToString());
                return (null, result);
            }
            default:
                return (Names(value, null), null);
        }
    }

    private static string[] Names(object? value, string? key)
    {
        value = Unwrap(value);
        var items = value switch
        {
            IEnumerable list when value is not string => list.Cast<object?>().Select(Unwrap).ToArray(),
            _ => [value],
        };
        if (items.Any(i => i is not string))
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Dimension names{(key is null ? "" : $" for '{key}'")} must be a list of strings, e.g. @('time', 'channel')");
        return items.Cast<string>().ToArray();
    }

    private static int[] Shape(object? value, string? key)
    {
        value = Unwrap(value);
        var items = value switch
        {
            IEnumerable list when value is not string => list.Cast<object?>().Select(Unwrap).ToArray(),
            _ => [value],
        };
        try
        {
            return items.Select(i => Convert.ToInt32(i, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ZarrException(ZarrErrorKind.InvalidChunkShape, $"Chunk shape{(key is null ? "" : $" for '{key}'")} must be a list of positive integers, e.g. @(64, 30000)");
        }
    }

    public static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;
}
