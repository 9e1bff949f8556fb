using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Arrays;

/// <summary>
/// An array in a store: reads and writes rectangular (strided) regions. Only the chunks a region overlaps are
/// touched; chunks are decoded/encoded in parallel, each worker holding one chunk at a time.
/// </summary>
public sealed class ZarrArray
{
    public ZarrArray(IZarrStore store, ArrayMetadata metadata)
    {
        Store = store;
        Metadata = metadata;
    }

    public IZarrStore Store { get; }
    public ArrayMetadata Metadata { get; }
    public long[] Shape => Metadata.Shape;
    public ZarrDataType DataType => Metadata.DataType;

    /// <summary>
    /// Called after each chunk is read or written, from whichever worker did it (the calling thread is one of them,
    /// so a caller that may only report from its own thread still hears about progress regularly).
    /// </summary>
    public Action? ChunkCompleted { get; set; }

    /// <summary>Store chunks whose every element equals the fill value (zarr-python 2's default; off like zarr-python 3).</summary>
    public bool WriteEmptyChunks { get; set; }

    public static ZarrArray Open(IZarrStore store, string path) =>
        NodeStore.Read(store, path) as ArrayMetadata is { } metadata
            ? new ZarrArray(store, metadata)
            : throw new ZarrException(ZarrErrorKind.NotAnArray, $"'{(path.Length == 0 ? "/" : path)}' is a group, not an array; give the key of an array inside it (Get-ZarrTree lists them)", store.Name, path.Length == 0 ? "/" : path);

    /// <summary>Shape of what a selection returns (indexed axes dropped).</summary>
    public static long[] OutputShape(ResolvedAxis[] axes) => axes.Where(a => !a.Dropped).Select(a => a.Count).ToArray();

    /// <summary>Reads a selection of a struct array as columns (see <see cref="RecordArray"/>); the shape is the selection's (empty when every axis is dropped).</summary>
    public RecordArray ReadRecords(Selection? selection = null)
    {
        if (DataType.Kind != DataTypeKind.Struct)
            throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"'{Metadata.Path}' is a {DataType} array, not a struct array", Store.Name, Metadata.Path);
        var (axes, counts, dims) = PrepareRead(selection);
        var stored = new byte[checked(dims.Aggregate(1, (a, b) => a * b) * DataType.ItemSize)];
        ReadInto(axes, counts, new ByteTarget(stored, 1, freshlyZeroed: true));
        return RecordArray.FromStored(stored, DataType, OutputShape(axes));
    }

    /// <summary>Resolves a selection and checks, before anything is allocated, that its result fits one .NET array.</summary>
    private (ResolvedAxis[] Axes, long[] Counts, int[] Dims) PrepareRead(Selection? selection)
    {
        var axes = (selection ?? Selection.All(Metadata.Rank)).Resolve(Shape);
        ChunkProjector.CheckChunkCount(axes, Metadata.ChunkShape); // before the result is allocated
        var outShape = OutputShape(axes);
        // Also before the result is allocated: more elements than one .NET array (and the engine's int-indexed spans) holds.
        System.Numerics.BigInteger elements = 1;
        foreach (var d in outShape) elements *= d;
        if (outShape.Any(d => d > int.MaxValue) || elements * Math.Max(1, DataType.ItemSize) > Array.MaxLength)
            throw new ZarrException(ZarrErrorKind.LimitExceeded,
                $"The selection has {elements} elements ({string.Join(" × ", outShape)}), more than the 2 GiB one read returns as a single array; read it in parts (Get-ZarrSlice with a window, or -Stream)",
                Store.Name, Metadata.Path);
        var dims = outShape.Length == 0 ? [1] : outShape.Select(d => (int)d).ToArray();
        return (axes, axes.Select(a => a.Count).ToArray(), dims);
    }

    /// <summary>
    /// Reads a selection (all when null) into a new .NET array of the data type's natural element type. A selection
    /// that drops every axis (or a 0-d array) returns a one-element 1-D array; use <see cref="ReadValue"/> to get the scalar.
    /// </summary>
    public Array Read(Selection? selection = null)
    {
        if (DataType.Kind == DataTypeKind.Struct)
            throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"'{Metadata.Path}' holds {DataType} records; read them with ReadRecords (or ReadValue)", Store.Name, Metadata.Path);
        var (axes, counts, dims) = PrepareRead(selection);
        var result = Array.CreateInstance(DataType.ClrType, dims);

        if (DataType.IsVariableLength)
        {
            var items = new object?[result.Length];
            ReadInto(axes, counts, new ObjectTarget(items));
            ElementLayout.FromObjects(items, result);
        }
        else if (ElementLayout.IsDirect(DataType))
        {
            ReadInto(axes, counts, new ByteTarget(result, DataType.ItemSize, freshlyZeroed: true));
        }
        else
        {
            var stored = new byte[checked(result.Length * DataType.ItemSize)];
            ReadInto(axes, counts, new ByteTarget(stored, 1, freshlyZeroed: true));
            ElementLayout.FromStored(stored, result, DataType);
        }
        return result;
    }

    /// <summary>Reads a selection; the scalar itself when the result has no axes.</summary>
    public object? ReadValue(Selection? selection = null)
    {
        var axes = (selection ?? Selection.All(Metadata.Rank)).Resolve(Shape);
        if (DataType.Kind == DataTypeKind.Struct) return ReadRecords(selection);
        var array = Read(selection);
        return OutputShape(axes).Length == 0 ? array.GetValue(0) : array;
    }

    /// <summary>
    /// Writes <paramref name="data"/> into a selection (all when null). The data's element type must be the data
    /// type's natural .NET type and its shape the selection's shape (indexed axes dropped).
    /// </summary>
    public void Write(Array data, Selection? selection = null)
    {
        var axes = (selection ?? Selection.All(Metadata.Rank)).Resolve(Shape);
        var outShape = OutputShape(axes);
        CheckData(data, outShape);
        var counts = axes.Select(a => a.Count).ToArray();
        if (DataType.IsVariableLength)
        {
            WriteFrom(axes, counts, new ObjectTarget(ElementLayout.ToObjects(data)));
        }
        else if (ElementLayout.IsDirect(DataType))
        {
            WriteFrom(axes, counts, new ByteTarget(data, DataType.ItemSize, freshlyZeroed: false));
        }
        else
        {
            var stored = new byte[checked(data.Length * DataType.ItemSize)];
            ElementLayout.ToStored(data, stored, DataType, Store.Name, Metadata.Path);
            WriteFrom(axes, counts, new ByteTarget(stored, 1, freshlyZeroed: false));
        }
    }

    /// <summary>Writes records (columns of the array's struct type) into a selection (all when null).</summary>
    public void WriteRecords(RecordArray records, Selection? selection = null)
    {
        var axes = (selection ?? Selection.All(Metadata.Rank)).Resolve(Shape);
        var outShape = OutputShape(axes);
        if (!records.Type.Equals(DataType))
            throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"Cannot write {records.Type} records into a {DataType} array", Store.Name, Metadata.Path);
        if (records.Length != outShape.Aggregate(1L, (a, b) => a * b))
            throw new ZarrException(ZarrErrorKind.InvalidSelection,
                $"{records.Length} records do not match the selection shape [{string.Join(", ", outShape)}]", Store.Name, Metadata.Path);
        var stored = new byte[checked(records.Length * DataType.ItemSize)];
        records.ToStored(stored, Store.Name, Metadata.Path);
        WriteFrom(axes, axes.Select(a => a.Count).ToArray(), new ByteTarget(stored, 1, freshlyZeroed: false));
    }

    private void CheckData(Array data, long[] outShape)
    {
        if (data.GetType().GetElementType() != DataType.ClrType)
            throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                $"Cannot write {data.GetType().GetElementType()?.Name}[] into a {DataType} array (expects {DataType.ClrType.Name})", Store.Name, Metadata.Path);
        var dataShape = Enumerable.Range(0, data.Rank).Select(d => (long)data.GetLength(d)).ToArray();
        var expected = outShape.Length == 0 ? [1L] : outShape;
        if (!dataShape.SequenceEqual(expected))
            throw new ZarrException(ZarrErrorKind.InvalidSelection,
                $"Data of shape [{string.Join(", ", dataShape)}] does not match the selection shape [{string.Join(", ", expected)}]", Store.Name, Metadata.Path);
    }

    // ---- chunk pipeline ---------------------------------------------------------------------------------------

    /// <summary>The caller's buffer: byte elements (any unmanaged array) or objects.</summary>
    private abstract class Target
    {
        public abstract bool IsObjects { get; }
    }

    private sealed class ByteTarget(Array array, int elementSize, bool freshlyZeroed) : Target
    {
        public bool FreshlyZeroed { get; } = freshlyZeroed;
        public override bool IsObjects => false;
        public Span<byte> Span => ElementLayout.Bytes(array, elementSize);
    }

    private sealed class ObjectTarget(object?[] items) : Target
    {
        public object?[] Items { get; } = items;
        public override bool IsObjects => true;
    }

    private ParallelOptions Parallelism => new() { MaxDegreeOfParallelism = Math.Max(1, ZarrConfig.Concurrency) };

    private void ReadInto(ResolvedAxis[] axes, long[] counts, Target target)
    {
        var projections = ChunkProjector.Project(axes, Metadata.ChunkShape);
        var chunkShape = Metadata.ChunkShape.Select(c => (long)c).ToArray();
        var chunkStrides = StridedCopy.Strides(chunkShape);
        var outStrides = StridedCopy.Strides(counts);
        var spec = Metadata.ChunkSpec;
        var itemSize = DataType.IsVariableLength ? 1 : DataType.ItemSize;
        var skipFill = target is ByteTarget { FreshlyZeroed: true } && Metadata.FillValue.IsZero;
        var partialReader = Metadata.Codecs.PartialReader;
        var plainBytes = target is ByteTarget && Metadata.Codecs.IsPlainBytes(spec);
        var chunkBytes = checked((int)(spec.ElementCount * itemSize));

        // Whole chunks are fetched by the pipeline (many at once on object stores); partial shard reads fetch their own ranges.
        string? Fetch(ChunkProjection projection) =>
            partialReader is not null && !CoversChunk(projection, axes) ? null : Metadata.ChunkKey(projection.Coordinates);

        ForEachChunk(projections, Fetch, (projection, encoded, _) =>
        {
            var (key, blockCounts, srcStep, srcOffset, dstOffset) = Place(projection, axes, chunkStrides, outStrides);
            ChunkArray? decoded;
            if (partialReader is not null && !CoversChunk(projection, axes))
            {
                // Only part of this chunk (shard) is wanted: the codec fetches just those bytes and returns the dense block.
                var region = projection.Axes.Select((a, i) => new ResolvedAxis(a.LocalStart, axes[i].Step, a.Count, false)).ToArray();
                decoded = NameChunkErrors(key, () => partialReader.ReadRegion(Store, key, spec, region));
                srcOffset = 0;
                srcStep = StridedCopy.Strides(blockCounts);
            }
            else
            {
                if (encoded is not null && plainBytes && IsWholeChunk(projection, axes) && IsContiguous(blockCounts, counts))
                {
                    // The chunk is one contiguous run of the result: decode straight into it, no intermediate chunk.
                    var start = checked((int)(dstOffset * itemSize));
                    NameChunkErrors(key, () =>
                    {
                        Metadata.Codecs.DecodeInto(encoded.Span, ((ByteTarget)target).Span.Slice(start, chunkBytes), spec);
                        return true;
                    });
                    return;
                }
                decoded = encoded is null ? null : DecodeChunk(encoded, key);
            }
            if (decoded is null)
            {
                if (skipFill) return;
                if (target is ObjectTarget objects)
                    StridedCopy.Fill<object?>([spec.FillValue.Object], objects.Items, dstOffset, outStrides, blockCounts);
                else
                    StridedCopy.Fill<byte>(spec.FillValue.Raw, ((ByteTarget)target).Span, dstOffset, outStrides, blockCounts);
                return;
            }
            using var chunk = decoded;
            if (target is ObjectTarget objectTarget)
                StridedCopy.Copy<object?>(chunk.Objects, srcOffset, srcStep, objectTarget.Items, dstOffset, outStrides, blockCounts, 1);
            else
                StridedCopy.Copy<byte>(chunk.Bytes!.Span, srcOffset, srcStep, ((ByteTarget)target).Span, dstOffset, outStrides, blockCounts, itemSize);
        });
    }

    private void WriteFrom(ResolvedAxis[] axes, long[] counts, Target source)
    {
        if (Store.IsReadOnly) throw new ZarrException(ZarrErrorKind.WriteFailed, "Store is opened read-only", Store.Name, Metadata.Path);
        var projections = ChunkProjector.Project(axes, Metadata.ChunkShape);
        var chunkShape = Metadata.ChunkShape.Select(c => (long)c).ToArray();
        var chunkStrides = StridedCopy.Strides(chunkShape);
        var dataStrides = StridedCopy.Strides(counts);
        var spec = Metadata.ChunkSpec;
        var itemSize = DataType.IsVariableLength ? 1 : DataType.ItemSize;
        var plainBytes = source is ByteTarget && Metadata.Codecs.IsPlainBytes(spec);
        var chunkBytes = checked((int)(spec.ElementCount * itemSize));

        // A chunk we overwrite entirely needs no read-modify-write; the others are fetched by the pipeline.
        string? Fetch(ChunkProjection projection) => CoversChunk(projection, axes) ? null : Metadata.ChunkKey(projection.Coordinates);

        ForEachChunk(projections, Fetch, (projection, existing, sink) =>
        {
            var (key, blockCounts, dstStep, chunkOffset, dataOffset) = Place(projection, axes, chunkStrides, dataStrides);
            if (plainBytes && IsWholeChunk(projection, axes) && IsContiguous(blockCounts, counts))
            {
                // The chunk is one contiguous run of the data: encode straight from it, no chunk copy.
                var bytes = ((ByteTarget)source).Span.Slice(checked((int)(dataOffset * itemSize)), chunkBytes);
                if (!WriteEmptyChunks && ChunkBuffers.IsAllFill(bytes, spec))
                {
                    sink.Remove(key, knownPresent: false);
                    return;
                }
                var direct = Metadata.Codecs.EncodeFrom(bytes, spec);
                if (direct is null) sink.Set(key, bytes); else sink.Set(key, direct);
                return;
            }
            // Padding past the array edge is fill.
            var covers = CoversChunk(projection, axes);
            // A fully overwritten interior chunk needs no fill pass first (saves one pass over every chunk on bulk writes).
            var interior = IsInterior(projection);
            using var chunk = existing is not null ? DecodeChunk(existing, key)
                : covers && interior && source is ByteTarget ? ChunkBuffers.Uninitialized(spec) : ChunkBuffers.Filled(spec);
            if (source is ObjectTarget objects)
                StridedCopy.Copy<object?>(objects.Items, dataOffset, dataStrides, chunk.Objects, chunkOffset, dstStep, blockCounts, 1);
            else
                StridedCopy.Copy<byte>(((ByteTarget)source).Span, dataOffset, dataStrides, chunk.Bytes!.Span, chunkOffset, dstStep, blockCounts, itemSize);

            if (!WriteEmptyChunks && ChunkBuffers.IsAllFill(chunk, spec))
            {
                sink.Remove(key, knownPresent: existing is not null);
                return;
            }
            sink.Set(key, Metadata.Codecs.Encode(chunk, spec));
        });
    }

    /// <summary>Where one chunk's block sits: its key, its extent, its steps and start inside the chunk, and its start in the caller's dense buffer.</summary>
    private (string Key, long[] Counts, long[] ChunkStep, long ChunkOffset, long FlatOffset) Place(
        ChunkProjection projection, ResolvedAxis[] axes, long[] chunkStrides, long[] flatStrides)
    {
        var chunkStep = new long[axes.Length];
        long chunkOffset = 0, flatOffset = 0;
        for (var i = 0; i < axes.Length; i++)
        {
            chunkStep[i] = chunkStrides[i] * axes[i].Step;
            chunkOffset += projection.Axes[i].LocalStart * chunkStrides[i];
            flatOffset += projection.Axes[i].OutStart * flatStrides[i];
        }
        return (Metadata.ChunkKey(projection.Coordinates), projection.Axes.Select(a => a.Count).ToArray(), chunkStep, chunkOffset, flatOffset);
    }

    /// <summary>Where a chunk's new bytes go: straight to the store (local stores), or queued for an asynchronous write (object stores).</summary>
    private abstract class ChunkSink
    {
        /// <summary>Stores bytes the caller still owns (copied when the write is deferred).</summary>
        public abstract void Set(string key, ReadOnlySpan<byte> value);
        /// <summary>Stores an encoded buffer; the sink disposes it.</summary>
        public abstract void Set(string key, PooledBuffer owned);
        /// <summary>Deletes a chunk that is now all fill value (if it exists).</summary>
        public abstract void Remove(string key, bool knownPresent);
    }

    private sealed class DirectSink(IZarrStore store) : ChunkSink
    {
        public override void Set(string key, ReadOnlySpan<byte> value) => store.Set(key, value);
        public override void Set(string key, PooledBuffer owned)
        {
            using (owned) store.Set(key, owned.Span);
        }
        public override void Remove(string key, bool knownPresent)
        {
            if (knownPresent || store.Exists(key)) store.Delete(key);
        }
    }

    private sealed class DeferredSink : ChunkSink
    {
        private string? _key;
        private PooledBuffer? _value;
        private bool _remove;

        public override void Set(string key, ReadOnlySpan<byte> value) => Set(key, PooledBuffer.CopyOf(value));
        public override void Set(string key, PooledBuffer owned) { _key = key; _value = owned; }
        public override void Remove(string key, bool knownPresent) { _key = key; _remove = true; } // deleting a missing object is no error: no existence check

        public async ValueTask ApplyAsync(IZarrStore store, CancellationToken cancel)
        {
            if (_key is null) return;
            if (_remove) { await store.DeleteAsync(_key, cancel).ConfigureAwait(false); return; }
            using (_value) await store.SetAsync(_key, _value!.Memory, cancel).ConfigureAwait(false);
        }

        public void Discard() => _value?.Dispose();
    }

    /// <summary>
    /// Runs the per-chunk work: <paramref name="fetch"/> names the chunk to read first (or null), <paramref name="body"/>
    /// decodes/encodes it and hands new bytes to the sink. Local stores run chunk by chunk on
    /// <see cref="ZarrConfig.Concurrency"/> workers. Stores with network latency keep <see cref="ZarrConfig.IoConcurrency"/>
    /// requests in flight (asynchronous reads and writes hold no thread) while codec work still runs on at most
    /// <see cref="ZarrConfig.Concurrency"/> threads. A chunk's ZarrException reaches the caller as itself.
    /// </summary>
    private void ForEachChunk(IReadOnlyList<ChunkProjection> projections, Func<ChunkProjection, string?> fetch, Action<ChunkProjection, PooledBuffer?, ChunkSink> body)
    {
        var completed = ChunkCompleted;
        if (Store.Capabilities.HasFlag(StoreCapabilities.HighLatency) && projections.Count > 1)
        {
            ForEachChunkAsync(projections, fetch, body, completed).GetAwaiter().GetResult();
            return;
        }
        var sink = new DirectSink(Store);
        try
        {
            Parallel.ForEach(projections, Parallelism, projection =>
            {
                using var encoded = fetch(projection) is { } key ? Store.GetPooled(key) : null;
                body(projection, encoded, sink);
                completed?.Invoke();
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<ZarrException>().FirstOrDefault() is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    private async Task ForEachChunkAsync(IReadOnlyList<ChunkProjection> projections, Func<ChunkProjection, string?> fetch,
        Action<ChunkProjection, PooledBuffer?, ChunkSink> body, Action? completed)
    {
        using var codecs = new SemaphoreSlim(Math.Max(1, ZarrConfig.Concurrency));
        var options = new ParallelOptions { MaxDegreeOfParallelism = ZarrConfig.IoConcurrency };
        await Parallel.ForEachAsync(projections, options, async (projection, cancel) =>
        {
            using var encoded = fetch(projection) is { } key ? await Store.GetPooledAsync(key, cancel).ConfigureAwait(false) : null;
            var sink = new DeferredSink();
            await codecs.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                body(projection, encoded, sink);
            }
            catch
            {
                sink.Discard();
                throw;
            }
            finally
            {
                codecs.Release();
            }
            await sink.ApplyAsync(Store, cancel).ConfigureAwait(false);
            completed?.Invoke();
        }).ConfigureAwait(false);
    }

    /// <summary>True when a projection selects every element of its chunk that lies inside the array.</summary>
    private bool CoversChunk(ChunkProjection projection, ResolvedAxis[] axes)
    {
        for (var i = 0; i < axes.Length; i++)
        {
            var a = projection.Axes[i];
            var validInChunk = Math.Min(Metadata.ChunkShape[i], Shape[i] - a.Chunk * Metadata.ChunkShape[i]);
            if (!((axes[i].Step == 1 || a.Count == 1) && a.LocalStart == 0 && a.Count == validInChunk)) return false;
        }
        return true;
    }

    /// <summary>True when a projection selects every element of its chunk and the chunk lies inside the array (no edge padding).</summary>
    private bool IsWholeChunk(ChunkProjection projection, ResolvedAxis[] axes) => CoversChunk(projection, axes) && IsInterior(projection);

    private bool IsInterior(ChunkProjection projection)
    {
        for (var i = 0; i < projection.Axes.Length; i++)
            if (projection.Axes[i].Count != Metadata.ChunkShape[i]) return false;
        return true;
    }

    /// <summary>
    /// True when a block of <paramref name="blockCounts"/> is one contiguous run of a dense C-order buffer of
    /// <paramref name="counts"/>: after the first axis longer than 1, every axis spans the whole buffer.
    /// </summary>
    private static bool IsContiguous(long[] blockCounts, long[] counts)
    {
        var i = 0;
        while (i < counts.Length && blockCounts[i] == 1) i++;
        for (i++; i < counts.Length; i++)
            if (blockCounts[i] != counts[i]) return false;
        return true;
    }

    private ChunkArray DecodeChunk(PooledBuffer encoded, string key) => NameChunkErrors(key, () => Metadata.Codecs.Decode(encoded.Span, Metadata.ChunkSpec));

    private T NameChunkErrors<T>(string key, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (ZarrException e) when (e.Key is null)
        {
            // Codecs don't know where the chunk came from; name it here.
            throw new ZarrException(e.Kind, $"Chunk '{key}' could not be decoded: {e.Message}", Store.Name, key, e);
        }
        catch (Exception e) when (e is not ZarrException and not OutOfMemoryException)
        {
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Chunk '{key}' could not be decoded: {e.Message}", Store.Name, key, e);
        }
    }
}
