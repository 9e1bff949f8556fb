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
    public static LoadedNode Load(IZarrStore store, string path, Action<long, long>? progress = null) => Load(store, path, progress, decodeCF: false);

    /// <summary>Loads a node; with <paramref name="decodeCF"/> every array is decoded by its CF attributes (<see cref="CfConventions.Decode"/>).</summary>
    public static LoadedNode Load(IZarrStore store, string path, Action<long, long>? progress, bool decodeCF)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        var total = progress is null ? 0 : CountChunks(store, NodeStore.Read(store, path), 0);
        long done = 0;
        return Load(store, path, total, ref done, progress, 0, decodeCF);
    }

    /// <summary>Loads one node; each node is read consistently (retried if replaced mid-read, see <see cref="ConsistentRead"/>).</summary>
    private static LoadedNode Load(IZarrStore store, string path, long total, ref long done, Action<long, long>? progress, int depth, bool decodeCF)
    {
        var start = done;
        var finished = start;
        var result = ConsistentRead.Node(store, path, node =>
        {
            var counted = start;
            var loaded = LoadNode(store, node, total, ref counted, progress, depth, decodeCF);
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

    private static LoadedNode LoadNode(IZarrStore store, NodeMetadata node, long total, ref long done, Action<long, long>? progress, int depth, bool decodeCF)
    {
        CheckDepth(store, node, depth);
        var attributes = ValueAttributes.User(node.Attributes);
        if (node is ArrayMetadata array)
        {
            var before = done;
            long chunks = 0;
            var value = ReadArrayValue(store, array, progress is null ? null : () => progress(before + Interlocked.Increment(ref chunks), total));
            if (decodeCF) value = CfConventions.Decode(array, value, attributes);
            done += array.ChunkCount;
            progress?.Invoke(done, total);
            return new LoadedArray(node.Path, attributes, node, value);
        }
        var children = new List<LoadedNode>();
        foreach (var child in NodeStore.Children(store, node.Path)) children.Add(Load(store, child.Path, total, ref done, progress, depth + 1, decodeCF));
        var columns = node.Attributes[TableValue.MarkerAttribute] is JsonArray names ? names.Select(n => n!.GetValue<string>()).ToList() : null;
        return new LoadedGroup(node.Path, attributes, node, children, columns);
    }

    /// <summary>An array's value: a typed .NET array of its rank, the scalar of a 0-d array, or the unpickled object.</summary>
    public static object? ReadArrayValue(IZarrStore store, ArrayMetadata array, Action? chunkCompleted = null)
    {
        var zarr = new ZarrArray(store, array) { ChunkCompleted = chunkCompleted };
        if (array.Attributes[ValueAttributes.Type] is JsonValue t && t.TryGetValue(out string? type) && type == ValueAttributes.Pickled)
            return PickledValues.Unpickle(zarr);
        var value = zarr.ReadValue();
        if (array.DataType.Kind is DataTypes.DataTypeKind.DateTime64 or DataTypes.DataTypeKind.TimeDelta64)
            value = TimeValues.TryFromStored(value, array.DataType) is (true, var time) ? time : value;
        if (value is Array typed && array.Attributes[ValueAttributes.ClrType] is JsonValue c && c.TryGetValue(out string? clr) && clr == ValueAttributes.ObjectArray)
            return DataTypes.ElementLayout.Map(typed, typeof(object));
        return value;
    }


    private static long CountChunks(IZarrStore store, NodeMetadata node, int depth)
    {
        CheckDepth(store, node, depth);
        return node switch
        {
            ArrayMetadata a => a.ChunkCount,
            _ => NodeStore.Children(store, node.Path).Aggregate(0L, (sum, c) => Saturating(sum, CountChunks(store, c, depth + 1))),
        };
    }

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
