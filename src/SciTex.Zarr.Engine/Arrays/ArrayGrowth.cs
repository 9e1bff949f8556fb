using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Engine.Arrays;

/// <summary>
/// Appending to and resizing existing arrays, ordered so that a crash never exposes holes or torn values
/// (docs/write-protocol.md, "Growing and shrinking"):
/// growing writes the new chunks first (a chunk straddling the old edge is read-modify-written, its values inside the
/// old shape unchanged) and the metadata with the larger shape last; shrinking writes the metadata first and deletes
/// the chunks outside afterwards. Both run under the array's <see cref="IZarrStore.LockNode"/> with the metadata read
/// inside it, so concurrent appenders take turns and none loses an append.
/// </summary>
public static class ArrayGrowth
{
    /// <summary>Appends <paramref name="value"/> along <paramref name="axis"/>; returns the new shape.</summary>
    public static long[] Append(IZarrStore store, string path, object? value, int axis = 0, Action? chunkCompleted = null)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        using var held = store.LockNode(path);
        var array = ZarrArray.Open(store, path);
        var metadata = array.Metadata;
        if (metadata.Rank == 0)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, "A 0-d array has no axis to append along", store.Name, path);
        if (axis < 0) axis += metadata.Rank;
        if (axis < 0 || axis >= metadata.Rank)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Axis {axis} does not exist: the array has {metadata.Rank} dimensions", store.Name, path);
        if (value is null || RegionValues.IsScalar(value) && metadata.Rank > 1)
            throw new ZarrException(ZarrErrorKind.InvalidSelection, $"Append a block with {metadata.Rank} (or {metadata.Rank - 1}) dimensions to a {metadata.Rank}-d array", store.Name, path);
        var data = RegionValues.ToTyped(value, metadata.DataType, store.Name, path);
        if (data.Rank == metadata.Rank - 1 || (metadata.Rank == 1 && RegionValues.IsScalar(value))) data = data.Rank == metadata.Rank ? data : RegionValues.InsertAxis(data, axis);
        var dataShape = RegionValues.ShapeOf(data);
        if (dataShape.Length != metadata.Rank)
            throw new ZarrException(ZarrErrorKind.InvalidSelection,
                $"A block of shape [{string.Join(", ", dataShape)}] cannot be appended to an array of shape [{string.Join(", ", metadata.Shape)}]. Nothing was written", store.Name, path);
        for (var i = 0; i < metadata.Rank; i++)
            if (i != axis && dataShape[i] != metadata.Shape[i])
                throw new ZarrException(ZarrErrorKind.InvalidSelection,
                    $"A block of shape [{string.Join(", ", dataShape)}] cannot be appended along axis {axis} to an array of shape [{string.Join(", ", metadata.Shape)}]: axis {i} differs. Nothing was written", store.Name, path);
        if (dataShape[axis] == 0) return metadata.Shape;

        var newShape = (long[])metadata.Shape.Clone();
        newShape[axis] = checked(newShape[axis] + dataShape[axis]);
        var grown = new ZarrArray(store, ArrayCreator.WithShape(metadata, newShape)) { ChunkCompleted = Completed(path, chunkCompleted) };
        var axes = Enumerable.Range(0, metadata.Rank)
            .Select(i => i == axis ? AxisSelection.Slice(metadata.Shape[axis], newShape[axis]) : AxisSelection.All).ToArray();
        // 1. the chunks (readers of the old shape never look past the old edge, and inside it nothing changes) …
        grown.Write(data, new Selection(axes));
        // 2. … then the larger shape.
        WriteShape(store, metadata, newShape);
        ConsolidatedMetadata.RefreshIfPresent(store);
        store.Flush();
        return newShape;
    }

    /// <summary>What a resize will do (for -WhatIf): the old shape and how many stored chunks fall outside the new one.</summary>
    public static (long[] OldShape, IReadOnlyList<string> Outside) PlanResize(IZarrStore store, string path, long[] newShape)
    {
        var metadata = ZarrArray.Open(store, path).Metadata;
        CheckShape(store, metadata, newShape);
        return (metadata.Shape, ChunksOutside(store, metadata, newShape));
    }

    /// <summary>Changes the array's shape; returns how many chunks were deleted.</summary>
    public static int Resize(IZarrStore store, string path, long[] newShape, Action? chunkCompleted = null)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        using var held = store.LockNode(path);
        var metadata = ZarrArray.Open(store, path).Metadata;
        CheckShape(store, metadata, newShape);
        var old = metadata.Shape;
        // Growing: stale values past the old edge inside straddling chunks (left by an earlier shrink or another
        // writer) would reappear, so that layer is set to the fill value before the larger shape is published.
        var grown = new ZarrArray(store, ArrayCreator.WithShape(metadata, newShape.Select((n, i) => Math.Max(n, old[i])).ToArray()))
        {
            ChunkCompleted = Completed(path, chunkCompleted),
        };
        for (var i = 0; i < old.Length; i++)
        {
            if (newShape[i] <= old[i] || old[i] % metadata.ChunkShape[i] == 0) continue;
            var edge = Math.Min(newShape[i], (old[i] + metadata.ChunkShape[i] - 1) / metadata.ChunkShape[i] * metadata.ChunkShape[i]);
            var axes = Enumerable.Range(0, old.Length)
                .Select(j => j == i ? AxisSelection.Slice(old[i], edge) : AxisSelection.Slice(0, Math.Min(old[j], newShape[j]))).ToArray();
            var selection = new Selection(axes);
            RegionWriter.Write(grown, selection, null, RegionValues.Element(FillElement(metadata), metadata.DataType, store.Name, path));
        }
        // Shrinking: the smaller shape first (readers stop looking at the chunks), then the chunks outside go.
        // Consolidated metadata describing the old shape would send its readers to deleted chunks: it is withdrawn
        // first and written again at the end.
        var outside = ChunksOutside(store, metadata, newShape);
        var shrinks = newShape.Where((n, i) => n < old[i]).Any();
        var consolidated = shrinks ? ConsolidatedMetadata.Withdraw(store) : ConsolidatedMetadata.IsPresent(store);
        WriteShape(store, metadata, newShape);
        foreach (var key in outside)
        {
            store.Delete(key);
            WriteProtocol.Reached(WriteProtocol.ChunkWritten, path);
            chunkCompleted?.Invoke();
        }
        if (consolidated) ConsolidatedMetadata.Write(store);
        store.Flush();
        return outside.Count;
    }

    private static object FillElement(ArrayMetadata metadata)
    {
        var one = new ZarrArray(new MemoryStore(), ArrayCreator.WithShape(metadata, metadata.Shape.Select(_ => 1L).ToArray()));
        return one.Read().GetValue(0) ?? "";
    }

    private static void CheckShape(IZarrStore store, ArrayMetadata metadata, long[] newShape)
    {
        if (newShape.Length != metadata.Rank)
            throw new ZarrException(ZarrErrorKind.InvalidArgument,
                $"Shape [{string.Join(", ", newShape)}] has {newShape.Length} dimensions but the array has {metadata.Rank}; the rank cannot change", store.Name, metadata.Path);
        if (newShape.Any(d => d < 0))
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Shape [{string.Join(", ", newShape)}] has a negative dimension", store.Name, metadata.Path);
    }

    private static Action Completed(string path, Action? chunkCompleted) => () =>
    {
        WriteProtocol.Reached(WriteProtocol.ChunkWritten, path);
        chunkCompleted?.Invoke();
    };

    /// <summary>Stored chunk keys whose chunk lies wholly outside <paramref name="shape"/>.</summary>
    public static IReadOnlyList<string> ChunksOutside(IZarrStore store, ArrayMetadata metadata, long[] shape)
    {
        var grid = shape.Select((s, i) => (s + metadata.ChunkShape[i] - 1) / metadata.ChunkShape[i]).ToArray();
        var result = new List<string>();
        var prefix = metadata.Path.Length == 0 ? "" : metadata.Path + "/";
        foreach (var key in store.ListPrefix(metadata.Path))
        {
            var relative = key[prefix.Length..];
            if (!ChunkKeys.TryParse(metadata.ChunkKeyEncoding, relative, metadata.Rank, out var coordinates)) continue;
            for (var i = 0; i < coordinates.Length; i++)
            {
                if (coordinates[i] < grid[i]) continue;
                result.Add(key);
                break;
            }
        }
        return result;
    }

    /// <summary>Rewrites only the "shape" of the array's metadata document (everything else, foreign fields included, kept).</summary>
    public static void WriteShape(IZarrStore store, ArrayMetadata metadata, long[] shape)
    {
        var key = StoreKeys.Join(metadata.Path, metadata.ZarrFormat == 3 ? V3Metadata.DocumentName : V2Metadata.ArrayDocument);
        var document = JsonHelpers.ParseObject(store.Get(key) ?? throw new ZarrException(ZarrErrorKind.KeyNotFound, "The array's metadata vanished", store.Name, key), store.Name, key);
        document["shape"] = JsonHelpers.ToJsonArray(shape);
        store.Set(key, JsonHelpers.Serialize(document, asciiOnly: metadata.ZarrFormat == 2));
    }
}

/// <summary>Chunk keys back to chunk coordinates.</summary>
public static class ChunkKeys
{
    /// <summary>Parses a chunk key relative to its array (<c>c/1/2</c>, <c>1.2</c>); false for anything else (metadata documents).</summary>
    public static bool TryParse(ChunkKeyEncoding encoding, string relative, int rank, out long[] coordinates)
    {
        coordinates = [];
        string body;
        if (encoding.IsDefault)
        {
            if (relative == "c") return rank == 0;
            if (!relative.StartsWith("c" + encoding.Separator, StringComparison.Ordinal)) return false;
            body = relative[2..];
        }
        else
        {
            if (rank == 0) return relative == "0";
            body = relative;
        }
        var parts = body.Split(encoding.Separator);
        if (parts.Length != rank) return false;
        var result = new long[rank];
        for (var i = 0; i < rank; i++)
            if (!long.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out result[i])) return false;
        coordinates = result;
        return true;
    }
}
