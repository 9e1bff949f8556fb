using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Values;

/// <summary>Loads nodes back as .NET values: groups recursively, arrays as typed arrays (scalars for 0-d).</summary>
public static class ValueReader
{
    /// <summary>
    /// Which members of a group to load: <see cref="MaxDepth"/> levels below the starting node (groups at the last
    /// level come back without members); <see cref="Include"/> (when set) keeps only nodes that match it or lie below a
    /// match, plus the groups leading to them; <see cref="Exclude"/> drops matching nodes with everything below them.
    /// Arrays that are left out are never read.
    /// </summary>
    public sealed record LoadSelection(int MaxDepth = int.MaxValue, Func<NodeMetadata, bool>? Include = null, Func<NodeMetadata, bool>? Exclude = null)
    {
        public static readonly LoadSelection All = new();
    }

    /// <summary>Loads a node; with <paramref name="decodeCF"/> every array is decoded by its CF attributes (<see cref="CfConventions.Decode"/>).</summary>
    public static LoadedNode Load(IZarrStore store, string path, Action<long, long>? progress = null, LoadSelection? selection = null, bool decodeCF = false)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        selection ??= LoadSelection.All;
        var total = progress is null ? 0 : CountChunks(store, NodeStore.Read(store, path), 0, selection);
        long done = 0;
        return Load(store, path, total, ref done, progress, 0, selection, included: selection.Include is null, decodeCF)!;
    }

    /// <summary>Loads one node; each node is read consistently (retried if replaced mid-read, see <see cref="ConsistentRead"/>).</summary>
    private static LoadedNode? Load(IZarrStore store, string path, long total, ref long done, Action<long, long>? progress, int depth, LoadSelection selection, bool included, bool decodeCF)
    {
        var start = done;
        var finished = start;
        var result = ConsistentRead.Node(store, path, node =>
        {
            var counted = start;
            var loaded = LoadNode(store, node, total, ref counted, progress, depth, selection, included, decodeCF);
            finished = counted;
            return loaded;
        });
        done = finished;
        return result;
    }

    /// <summary>Groups load into nested values; deeper than <see cref="ZarrLimits.MaxValueDepth"/> levels is a named error (Get-ZarrTree lists any depth).</summary>
    private static void CheckDepth(IZarrStore store, NodeMetadata node, int depth)
    {
        if (depth > ZarrLimits.MaxValueDepth)
            throw ZarrLimits.Exceeded($"The hierarchy below this group is more than {ZarrLimits.MaxValueDepth} levels deep, too deep to load as one value; load a deeper -Key",
                "SCITEX_ZARR_MAX_VALUE_DEPTH / [SciTex.Zarr.Engine.Errors.ZarrLimits]::MaxValueDepth", store.Name, StoreKeys.Printable(node.Path));
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
    }

    /// <returns>Null when the selection leaves the node out (an array that matches no -Include, a group with nothing included below).</returns>
    private static LoadedNode? LoadNode(IZarrStore store, NodeMetadata node, long total, ref long done, Action<long, long>? progress, int depth, LoadSelection selection, bool included, bool decodeCF)
    {
        CheckDepth(store, node, depth);
        var attributes = ValueAttributes.User(node.Attributes);
        // The starting node is always loaded; below it -Include decides (a match includes everything below it).
        included = included || depth == 0 && node is ArrayMetadata || selection.Include!(node);
        if (node is ArrayMetadata array)
        {
            if (!included) return null;
            var before = done;
            long chunks = 0;
            var value = ReadArrayValue(store, array, progress is null ? null : () => progress(before + Interlocked.Increment(ref chunks), total));
            if (decodeCF) value = CfConventions.Decode(array, value, attributes);
            done += array.ChunkCount;
            progress?.Invoke(done, total);
            return new LoadedArray(node.Path, attributes, node, value);
        }
        var children = new List<LoadedNode>();
        var columns = node.Attributes[TableValue.MarkerAttribute] is JsonArray names ? names.Select(n => n!.GetValue<string>()).ToList() : null;
        // A table loads whole (its columns are one value); other groups stop at the depth limit.
        if (depth < selection.MaxDepth || columns is not null)
            foreach (var child in OrderedChildren(store, node))
            {
                if (columns is null && selection.Exclude?.Invoke(child) == true) continue;
                if (Load(store, child.Path, total, ref done, progress, depth + 1, columns is null ? selection : LoadSelection.All, included || columns is not null, decodeCF) is { } loaded)
                    children.Add(loaded);
            }
        if (!included && depth > 0 && children.Count == 0) return null;
        return new LoadedGroup(node.Path, attributes, node, children, columns);
    }

    /// <summary>An array's value: a typed .NET array of its rank, the scalar of a 0-d array, or the unpickled object.</summary>
    public static object? ReadArrayValue(IZarrStore store, ArrayMetadata array, Action? chunkCompleted = null)
    {
        var zarr = new ZarrArray(store, array) { ChunkCompleted = chunkCompleted };
        var type = array.Attributes[ValueAttributes.Type] is JsonValue t && t.TryGetValue(out string? marker) ? marker : null;
        if (type == ValueAttributes.Pickled)
            return PickledValues.Unpickle(zarr);
        if (type == ValueAttributes.CliXml && array.Rank == 0 && zarr.ReadValue() is string text)
            return new SerializedValue(ValueAttributes.CliXml, text);
        var value = zarr.ReadValue();
        if (array.DataType.Kind is DataTypes.DataTypeKind.DateTime64 or DataTypes.DataTypeKind.TimeDelta64)
            value = TimeValues.TryFromStored(value, array.DataType) is (true, var time) ? time : value;
        if (value is Array typed && array.Attributes[ValueAttributes.ClrType] is JsonValue c && c.TryGetValue(out string? clr) && clr == ValueAttributes.ObjectArray)
            return DataTypes.ElementLayout.Map(typed, typeof(object));
        return value;
    }


    private static long CountChunks(IZarrStore store, NodeMetadata node, int depth, LoadSelection selection)
    {
        CheckDepth(store, node, depth);
        return node switch
        {
            ArrayMetadata a => a.ChunkCount,
            _ when depth >= selection.MaxDepth => 0,
            _ => NodeStore.Children(store, node.Path).Where(c => selection.Exclude?.Invoke(c) != true)
                .Aggregate(0L, (sum, c) => Saturating(sum, CountChunks(store, c, depth + 1, selection))),
        };
    }

    /// <summary>
    /// A group's children in their saved order when the group records one (<see cref="ValueAttributes.MemberOrder"/>),
    /// members it does not name (added later, or by another writer) after them by name; otherwise by name.
    /// </summary>
    public static IEnumerable<NodeMetadata> OrderedChildren(IZarrStore store, NodeMetadata group)
    {
        var children = NodeStore.Children(store, group.Path).ToList();
        if (group.Attributes[ValueAttributes.MemberOrder] is not JsonArray order) return children;
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in order)
            if (name is JsonValue v && v.TryGetValue(out string? text) && !rank.ContainsKey(text)) rank[text] = rank.Count;
        return children.OrderBy(c => rank.TryGetValue(c.Name, out var r) ? r : int.MaxValue).ThenBy(c => c.Name, StringComparer.Ordinal);
    }

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
