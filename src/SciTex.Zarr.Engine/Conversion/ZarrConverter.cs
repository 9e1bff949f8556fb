using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Conversion;

/// <summary>
/// Copies a source tree into a store: groups become groups, datasets arrays of the same shape and data type,
/// attributes attributes. Data moves one block at a time (see <see cref="BlockPlan"/>) with the next block read
/// while the current one is encoded, so memory stays bounded and the reader and the encoders overlap.
/// </summary>
public static class ZarrConverter
{
    public static ConversionResult Convert(IConversionSource source, IZarrStore store, string path, ConversionOptions options)
    {
        var format = options.ZarrFormat ?? 3;
        path = StoreKeys.NormalizePath(path, store.Name);
        var nodes = Flatten(source.Root, path).ToList();
        if (options.PruneEmptyGroups)
        {
            var datasetPaths = nodes.Where(n => n.Node is ISourceDataset).Select(n => n.Path).ToList();
            nodes = nodes.Where(n => n.Node is ISourceDataset || n.Path == path || datasetPaths.Any(d => d.StartsWith(n.Path + "/", StringComparison.Ordinal))).ToList();
        }
        CheckChunkShapes(nodes, path, options, source.FilePath);
        int[]? RequestedChunks(string nodePath)
        {
            var relative = nodePath.Length == path.Length ? "" : nodePath[(path.Length == 0 ? 0 : path.Length + 1)..];
            return options.ChunkShapes?.GetValueOrDefault(relative) ?? options.ChunkShapes?.GetValueOrDefault(StoreKeys.LastSegment(relative)) ?? options.ChunkShape;
        }
        var datasets = nodes.Where(n => n.Node is ISourceDataset).ToList();
        var totals = new Totals(datasets.Sum(n => ByteSize((ISourceDataset)n.Node)), datasets.Count);
        int groups = 0, arrays = 0;
        foreach (var (node, nodePath) in nodes)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            if (node is ISourceGroup)
            {
                NodeStore.Write(store, new GroupMetadata(nodePath, format, node.Attributes.DeepClone().AsObject()));
                groups++;
            }
            else
            {
                arrays++;
                CopyDataset(source.FilePath, (ISourceDataset)node, store, nodePath, RequestedChunks(nodePath), options with { ZarrFormat = format }, totals, arrays);
            }
        }
        return new ConversionResult(source.FilePath, path, groups, arrays, totals.BytesTotal, source.Warnings);
    }

    /// <summary>
    /// -ChunkShape must apply to something: every key of a chunk-shape table names a converted dataset (relative
    /// path or name), and a common shape matches the rank of at least one dataset. Checked before any data is copied.
    /// </summary>
    private static void CheckChunkShapes(IReadOnlyList<(ISourceNode Node, string Path)> nodes, string root, ConversionOptions options, string file)
    {
        string Relative(string p) => p.Length == root.Length ? "" : p[(root.Length == 0 ? 0 : root.Length + 1)..];
        var datasets = nodes.Where(n => n.Node is ISourceDataset d && d.Shape.Length > 0).Select(n => (Key: Relative(n.Path), ((ISourceDataset)n.Node).Shape.Length)).ToList();
        var listing = datasets.Count == 0 ? "it has no chunked datasets" : $"its datasets: {string.Join(", ", datasets.Take(10).Select(d => $"'{d.Key}' ({d.Length}-D)"))}{(datasets.Count > 10 ? ", …" : "")}";
        foreach (var key in options.ChunkShapes?.Keys ?? [])
        {
            if (!datasets.Any(d => d.Key == key || StoreKeys.LastSegment(d.Key) == key))
                throw new ZarrException(ZarrErrorKind.InvalidChunkShape, $"-ChunkShape names '{key}', but '{file}' has no dataset of that path or name ({listing}); check the spelling. Nothing was written", file, key);
            var rank = datasets.First(d => d.Key == key || StoreKeys.LastSegment(d.Key) == key).Length;
            if (options.ChunkShapes![key].Length != rank)
                throw new ZarrException(ZarrErrorKind.InvalidChunkShape, $"-ChunkShape for '{key}' has {options.ChunkShapes[key].Length} dimension(s) but the dataset has {rank}. Nothing was written", file, key);
        }
        if (options.ChunkShape is { } common && datasets.Count > 0 && !datasets.Any(d => d.Length == common.Length))
            throw new ZarrException(ZarrErrorKind.InvalidChunkShape, $"-ChunkShape [{string.Join(", ", common)}] has {common.Length} dimension(s) but no dataset of '{file}' has {common.Length} ({listing}). Nothing was written", file);
        if ((options.ChunkShape ?? []).Any(c => c <= 0) || (options.ChunkShapes?.Values ?? []).Any(v => v.Any(c => c <= 0)))
            throw new ZarrException(ZarrErrorKind.InvalidChunkShape, "Chunk sizes must be positive. Nothing was written", file);
    }

    /// <summary>Every node with its destination path, parents before children (groups' children are listed lazily by the source).</summary>
    private static IEnumerable<(ISourceNode Node, string Path)> Flatten(ISourceNode node, string path)
    {
        yield return (node, path);
        if (node is not ISourceGroup group) yield break;
        foreach (var child in group.Children())
            foreach (var item in Flatten(child, StoreKeys.Join(path, child.Name)))
                yield return item;
    }

    public static ArrayMetadata CreateArrayMetadata(ISourceDataset dataset, string path, int[]? requested, ConversionOptions options)
    {
        var type = dataset.DataType;
        IArrayToBytesCodec serializer = type.Kind switch
        {
            DataTypeKind.String => VlenCodec.Utf8,
            DataTypeKind.Bytes => VlenCodec.Bytes,
            _ => new BytesCodec(bigEndian: false),
        };
        var chunks = ChooseChunks(dataset, requested);
        var format = options.ZarrFormat ?? 3;
        var compressors = options.Compressor.CreateCodecs(type, chunks, format);
        return new ArrayMetadata(path, format, dataset.Shape, chunks, type, FillValue.Default(type),
            format == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot,
            new CodecChain([], serializer, compressors), dataset.Attributes.DeepClone().AsObject());
    }

    public static int[] ChooseChunks(ISourceDataset dataset, int[]? requested)
    {
        var shape = dataset.Shape;
        var chunks = requested is not null && requested.Length == shape.Length ? requested
            : dataset.ChunkShape is { } own && own.Length == shape.Length ? own
            : ChunkGuess.For(shape, ItemSize(dataset.DataType));
        // A chunk never needs to be larger than the array (0-length axes still need a positive chunk).
        return chunks.Select((c, i) => (int)Math.Max(1, Math.Min(c, Math.Max(shape[i], 1)))).ToArray();
    }

    // Variable-length elements are counted as a pointer, as NumPy's object dtype does for chunk guessing.
    private static int ItemSize(ZarrDataType type) => type.IsVariableLength ? 8 : type.ItemSize;

    private static long ByteSize(ISourceDataset dataset)
    {
        long n = ItemSize(dataset.DataType);
        foreach (var d in dataset.Shape) n *= d;
        return n;
    }

    private sealed class Totals(long bytesTotal, int datasetCount)
    {
        public long BytesTotal { get; } = bytesTotal;
        public int DatasetCount { get; } = datasetCount;
        public long BytesDone { get; set; }
    }

    private static void CopyDataset(string file, ISourceDataset dataset, IZarrStore store, string path, int[]? requested, ConversionOptions options, Totals totals, int number)
    {
        var metadata = CreateArrayMetadata(dataset, path, requested, options);
        NodeStore.Write(store, metadata);
        var array = new ZarrArray(store, metadata);
        var itemSize = ItemSize(dataset.DataType);
        var plan = BlockPlan.Create(dataset.Shape, metadata.ChunkShape, itemSize, options.BlockBytes, dataset.IsFortranOrder);
        var chunksTotal = metadata.ChunkGridShape.Aggregate(1L, (a, b) => a * b);
        long chunksDone = 0;
        Report();

        var pool = new BlockPool(dataset.DataType);
        using var blocks = plan.Blocks().GetEnumerator();
        Task<(long[] Start, Array Data)>? pending = blocks.MoveNext() ? StartRead(blocks.Current) : null;
        try
        {
            while (pending is not null)
            {
                var (start, data) = pending.GetAwaiter().GetResult();
                options.CancellationToken.ThrowIfCancellationRequested();
                pending = blocks.MoveNext() ? StartRead(blocks.Current) : null;
                var count = RawBlock.ShapeOf(data);
                var end = dataset.Shape.Length == 0 ? [] : start.Select((s, i) => s + count[i]).ToArray();
                array.Write(data, Selection.FromBounds(start.Length, start, end, null));
                pool.Return(data);
                BoundGarbage();
                chunksDone += plan.ChunksIn(dataset.Shape.Length == 0 ? [] : count);
                totals.BytesDone += data.LongLength * itemSize;
                Report();
            }
        }
        finally
        {
            // Never leave a read running against a source the caller is about to close.
            try { pending?.Wait(); } catch { /* the first failure is the one that matters */ }
        }

        Task<(long[] Start, Array Data)> StartRead((long[] Start, int[] Count) block)
        {
            var buffer = pool.Rent(block.Count);
            return Task.Run(() =>
            {
                try
                {
                    dataset.ReadBlock(block.Start, buffer);
                }
                catch (Exception e) when (e is not ZarrException and not OutOfMemoryException and not OperationCanceledException)
                {
                    throw SourceErrors.Corrupt(file, path, $"reading block at [{string.Join(", ", block.Start)}] failed: {e.Message}", e);
                }
                return (block.Start, buffer);
            });
        }

        void Report() => options.Progress?.Report(new ConversionProgress(file, path, number, totals.DatasetCount,
            chunksDone, chunksTotal, totals.BytesDone, totals.BytesTotal));
    }

    private static long _allocatedAtLastCollect;

    /// <summary>
    /// The reader allocates a fresh buffer per decoded HDF5 chunk (inside PureHDF), all large-object garbage that the
    /// GC, left alone, lets grow to hundreds of MiB before a full collection. Collecting after every 128 MiB of
    /// allocation keeps the process's footprint near what is actually alive, at the cost of a few ms per collection.
    /// </summary>
    private static void BoundGarbage()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        if (allocated - Interlocked.Read(ref _allocatedAtLastCollect) < 128L << 20) return;
        Interlocked.Exchange(ref _allocatedAtLastCollect, allocated);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
    }

    /// <summary>Reuses block arrays of the same shape: with two blocks in flight, steady state allocates nothing.</summary>
    private sealed class BlockPool(ZarrDataType type)
    {
        private readonly List<Array> _free = [];

        public Array Rent(int[] shape)
        {
            var wanted = shape.Length == 0 ? [1] : shape;
            var index = _free.FindIndex(a => RawBlock.ShapeOf(a).AsSpan().SequenceEqual(wanted));
            if (index < 0) return RawBlock.Allocate(type, shape);
            var array = _free[index];
            _free.RemoveAt(index);
            return array;
        }

        public void Return(Array array)
        {
            _free.Add(array);
            if (_free.Count > 2) _free.RemoveAt(0);
        }
    }
}
