using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Engine.Arrays;

/// <summary>
/// Writes regions of an existing array in place (Set-ZarrSlice, Add-ZarrSlice, Resize-ZarrArray). Only the chunks a
/// region touches are written: chunks it covers whole are encoded without reading, the others read-modify-written.
/// Each chunk is replaced atomically (temporary file + rename), so a region spanning several chunks is old-or-new
/// per chunk; the caller holds the array's <see cref="IZarrStore.LockNode"/> so writers of one array take turns.
/// The value is converted and checked in full before the first chunk is written.
/// </summary>
public static class RegionWriter
{
    /// <summary>Largest number of elements a broadcast scalar is expanded into at once (the region is written in blocks).</summary>
    public const long BroadcastBlockElements = 1 << 22;

    /// <summary>The selection of a block of <paramref name="dataShape"/> placed at <paramref name="start"/> (missing entries: 0), checked to lie inside the array.</summary>
    public static Selection AtStart(ArrayMetadata array, long[] start, long[] dataShape, string store)
    {
        if (start.Length > array.Rank)
            throw new ZarrException(ZarrErrorKind.InvalidSelection, $"-Start has {start.Length} values but the array has {array.Rank} dimensions", store, array.Path);
        if (dataShape.Length != array.Rank)
            throw new ZarrException(ZarrErrorKind.InvalidSelection,
                $"A value of shape [{string.Join(", ", dataShape)}] has {dataShape.Length} dimensions but the array has {array.Rank}", store, array.Path);
        var axes = new AxisSelection[array.Rank];
        for (var i = 0; i < array.Rank; i++)
        {
            var s = i < start.Length ? start[i] : 0;
            if (s < 0 || s + dataShape[i] > array.Shape[i])
                throw new ZarrException(ZarrErrorKind.InvalidSelection,
                    $"A block of {dataShape[i]} at {s} on axis {i} lies outside the array's {array.Shape[i]}; grow it first (Add-ZarrSlice, Resize-ZarrArray). Nothing was written", store, array.Path);
            axes[i] = AxisSelection.Slice(s, s + dataShape[i]);
        }
        return new Selection(axes);
    }

    /// <summary>
    /// Converts and checks <paramref name="value"/> for <paramref name="selection"/> (a scalar broadcasts); returns the
    /// dense data, or null for a broadcast scalar (then <paramref name="scalar"/> holds the converted element).
    /// </summary>
    public static Array? Prepare(ZarrArray array, Selection selection, object? value, out object? scalar)
    {
        var axes = selection.Resolve(array.Shape);
        var shape = ZarrArray.OutputShape(axes);
        var store = array.Store.Name;
        var path = array.Metadata.Path;
        scalar = null;
        if (RegionValues.IsScalar(value))
        {
            scalar = RegionValues.Element(value, array.DataType, store, path);
            return null;
        }
        var data = RegionValues.ToTyped(value, array.DataType, store, path);
        var dataShape = RegionValues.ShapeOf(data);
        var expected = shape.Length == 0 ? [1L] : shape;
        if (!dataShape.SequenceEqual(expected))
            throw new ZarrException(ZarrErrorKind.InvalidSelection,
                $"A value of shape [{string.Join(", ", dataShape)}] does not match the region's shape [{string.Join(", ", shape)}] ('{selection}'). Nothing was written", store, path);
        return data;
    }

    /// <summary>Writes prepared data (or broadcasts a scalar over the region in bounded blocks).</summary>
    public static void Write(ZarrArray array, Selection selection, Array? data, object? scalar)
    {
        if (data is not null)
        {
            array.Write(data, selection);
            return;
        }
        var axes = selection.Resolve(array.Shape);
        var first = Array.FindIndex(axes, a => !a.Dropped);
        var shape = ZarrArray.OutputShape(axes);
        var total = shape.Aggregate(1L, (a, d) => a * d);
        if (total == 0) return;
        if (first < 0 || total <= BroadcastBlockElements)
        {
            array.Write(RegionValues.Filled(array.DataType.ClrType, shape, scalar!), selection);
            return;
        }
        // Blocks of whole chunk rows along the first kept axis, so memory stays bounded for any region.
        var rowElements = Math.Max(1, total / axes[first].Count);
        var chunkRows = Math.Max(1, array.Metadata.ChunkShape[first] / Math.Max(1, axes[first].Step));
        var rows = Math.Max(chunkRows, BroadcastBlockElements / rowElements / chunkRows * chunkRows);
        for (long k = 0; k < axes[first].Count; k += rows)
        {
            var n = Math.Min(rows, axes[first].Count - k);
            var parts = selection.Axes.ToArray();
            var begin = axes[first].Start + k * axes[first].Step;
            parts[first] = AxisSelection.Slice(begin, begin + (n - 1) * axes[first].Step + 1, axes[first].Step);
            var part = new Selection(parts);
            array.Write(RegionValues.Filled(array.DataType.ClrType, ZarrArray.OutputShape(part.Resolve(array.Shape)), scalar!), part);
        }
    }

    /// <summary>
    /// Writes a region of the array at <paramref name="path"/> under its lock, its metadata read inside the lock.
    /// <paramref name="progress"/> hears (chunks written, chunks the region touches).
    /// </summary>
    public static ArrayMetadata WriteRegion(IZarrStore store, string path, Func<ArrayMetadata, (Selection Selection, object? Value)> select, Action<long, long>? progress = null)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        using var held = store.LockNode(path);
        var array = ZarrArray.Open(store, path);
        var (selection, value) = select(array.Metadata);
        var data = Prepare(array, selection, value, out var scalar);
        var total = ChunksTouched(array.Metadata, selection.Resolve(array.Shape));
        long done = 0;
        array.ChunkCompleted = () =>
        {
            WriteProtocol.Reached(WriteProtocol.ChunkWritten, path);
            progress?.Invoke(Interlocked.Increment(ref done), total);
        };
        Write(array, selection, data, scalar);
        store.Flush();
        return array.Metadata;
    }

    /// <summary>How many chunks a (resolved) region touches, at most.</summary>
    public static long ChunksTouched(ArrayMetadata metadata, ResolvedAxis[] axes)
    {
        long total = 1;
        for (var i = 0; i < axes.Length; i++)
        {
            if (axes[i].Count == 0) return 0;
            var last = axes[i].Start + (axes[i].Count - 1) * axes[i].Step;
            total *= last / metadata.ChunkShape[i] - axes[i].Start / metadata.ChunkShape[i] + 1;
        }
        return total;
    }
}
