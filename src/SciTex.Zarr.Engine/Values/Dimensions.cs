using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// Dimension names, the way xarray (and netCDF) sees an array: one name per axis, stored as v3 <c>dimension_names</c>
/// and as the v2 <c>_ARRAY_DIMENSIONS</c> attribute (xarray's convention, reserved: hidden from user attributes).
/// </summary>
public static class Dimensions
{
    /// <summary>xarray's v2 attribute holding the dimension names (a JSON list of strings).</summary>
    public const string ArrayDimensionsAttribute = "_ARRAY_DIMENSIONS";

    /// <summary>The prefix of the names given to axes nobody named, as xarray names them (<c>dim_0</c>, <c>dim_1</c> …).</summary>
    public const string DefaultPrefix = "dim_";

    /// <summary>
    /// An array's dimension names: v3 <c>dimension_names</c>, else the <c>_ARRAY_DIMENSIONS</c> attribute (v2, or v3 written by
    /// zarr-python 2's experimental v3), or null when there are none (or they do not have one string per axis).
    /// Unnamed axes of a v3 array (JSON null) are null entries.
    /// </summary>
    public static string?[]? Of(ArrayMetadata array)
    {
        if (array.DimensionNames is { } names && names.Length == array.Rank) return names;
        if (array.Attributes[ArrayDimensionsAttribute] is JsonArray list && list.Count == array.Rank)
        {
            var result = new string?[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not JsonValue v || !v.TryGetValue(out string? name)) return null;
                result[i] = name;
            }
            return result;
        }
        return null;
    }

    /// <summary>True for the automatic names <c>dim_0</c>, <c>dim_1</c> … (what a save gives axes nobody named).</summary>
    public static bool IsDefault(string? name) =>
        name is not null && name.StartsWith(DefaultPrefix, StringComparison.Ordinal) && name.Length > DefaultPrefix.Length
        && name.AsSpan(DefaultPrefix.Length).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>
    /// Names every planned array of one group (see docs/xarray.md, "Dimension names"):
    /// <list type="number">
    /// <item>names given for the array (by key, or one list for every array of that rank) are used as given; within a
    /// group each name must have one length, or xarray could not open the group (<c>ZarrInvalidArgument</c>);</item>
    /// <item>an unnamed 1-D array whose own name is a dimension of the same length becomes that dimension's
    /// coordinate (its dimension is its name);</item>
    /// <item>every other axis gets a <c>dim_N</c>: the first one of the same length not used by another axis of that array
    /// (so same-length axes share a dimension, like h5netcdf's phony dimensions), else the next free number.</item>
    /// </list>
    /// Names already used by the group's existing arrays (those the save keeps) take part, so saving into a group again
    /// keeps it openable.
    /// </summary>
    internal sealed class GroupScope
    {
        private readonly Dictionary<string, long> _lengths = new(StringComparer.Ordinal);
        private readonly string? _store;
        private int _next;

        public GroupScope(string? store) => _store = store;

        /// <summary>Seeds the scope with the dimensions of a group's existing arrays, except those about to be replaced.</summary>
        public static GroupScope ForExisting(IZarrStore store, string groupPath, ISet<string> replaced)
        {
            var scope = new GroupScope(store.Name);
            try
            {
                foreach (var (name, length) in ExistingDimensions.Of(store, groupPath, replaced)) scope._lengths.TryAdd(name, length);
            }
            catch (ZarrException) { } // a store that cannot list (plain HTTP) has no members to agree with
            return scope;
        }

        /// <summary>Registers names the user gave; a name with two lengths in one group is refused.</summary>
        public void Claim(string[] names, long[] shape, string path)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (_lengths.TryGetValue(names[i], out var length) && length != shape[i])
                    throw new ZarrException(ZarrErrorKind.InvalidArgument,
                        $"Dimension '{names[i]}' of '{path}' has length {shape[i]}, but another array of the group uses '{names[i]}' with length {length}; " +
                        "xarray needs one length per dimension name in a group. Nothing was written", _store, path);
                _lengths[names[i]] = shape[i];
            }
        }

        /// <summary>Names for an array nobody named (rules 2 and 3).</summary>
        public string[] Assign(string name, long[] shape)
        {
            if (shape.Length == 1 && _lengths.TryGetValue(name, out var own) && own == shape[0]) return [name];
            var result = new string[shape.Length];
            for (var i = 0; i < shape.Length; i++)
            {
                var reuse = _lengths.Where(d => IsDefault(d.Key) && d.Value == shape[i] && Array.IndexOf(result, d.Key) < 0)
                    .Select(d => d.Key).OrderBy(k => int.TryParse(k.AsSpan(DefaultPrefix.Length), out var n) ? n : int.MaxValue).FirstOrDefault();
                if (reuse is null)
                {
                    do reuse = DefaultPrefix + _next++; while (_lengths.ContainsKey(reuse));
                    _lengths[reuse] = shape[i];
                }
                result[i] = reuse;
            }
            return result;
        }
    }

    /// <summary>Checks names the user gave for one array: one per axis, non-empty, distinct.</summary>
    internal static string[] Validate(string[] names, int rank, string key, string? store, string path)
    {
        if (names.Length != rank)
            throw new ZarrException(ZarrErrorKind.InvalidArgument,
                $"Dimension names ({string.Join(", ", names)}) for '{key}' name {names.Length} dimensions but the array has {rank}", store, path);
        foreach (var name in names)
            if (string.IsNullOrWhiteSpace(name))
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Dimension names for '{key}' must be non-empty strings", store, path);
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Dimension names ({string.Join(", ", names)}) for '{key}' repeat a name; each axis needs its own", store, path);
        return names;
    }
}
