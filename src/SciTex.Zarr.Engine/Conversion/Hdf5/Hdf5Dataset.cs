using System.Text.Json.Nodes;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Conversion.Hdf5;

/// <summary>One HDF5 dataset, read by hyperslab so only the requested block (and the HDF5 chunks under it) is decoded.</summary>
internal sealed class Hdf5Dataset : ISourceDataset
{
    /// <summary>Filters PureHDF decodes (plus LZF, which we register); anything else is refused before copying starts.</summary>
    private static readonly HashSet<int> SupportedFilters = [1 /* deflate */, 2 /* shuffle */, 3 /* fletcher32 */, 5 /* nbit */, 6 /* scaleoffset */, LzfFilter.Id];

    private readonly string _file;
    private readonly NativeDataset _dataset;
    private readonly Hdf5Type _type;
    private readonly H5DatasetAccess _access = new(ChunkCache: new BoundedChunkCache(16L << 20));

    public Hdf5Dataset(string file, NativeDataset dataset, string path, JsonObject attributes)
    {
        _file = file;
        _dataset = dataset;
        Name = StoreKeys.LastSegment(path);
        Path = "/" + path;
        Attributes = attributes;
        _type = Hdf5Type.Map(dataset.Type, file, Path);
        Shape = dataset.Space.Type == H5DataspaceType.Scalar ? [] : dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray();
        if (dataset.Layout.Class == H5DataLayoutClass.Chunked)
            ChunkShape = dataset.Layout.Chunks.Take(Shape.Length).Select(c => checked((int)c)).ToArray();
        else if (dataset.Layout.Class == H5DataLayoutClass.VirtualStorage)
            throw SourceErrors.UnsupportedFeature(file, Path, "virtual datasets (VDS) are not supported; copy the data into a regular dataset first");
        foreach (var (id, name) in PureHdfInternals.Filters(dataset))
            if (!SupportedFilters.Contains(id))
                throw SourceErrors.UnsupportedFeature(file, Path, $"HDF5 filter '{name}' (id {id}) is not supported; supported: deflate (gzip), shuffle, fletcher32, nbit, scaleoffset, lzf");
    }

    public string Name { get; }
    public string Path { get; }
    public JsonObject Attributes { get; }
    public long[] Shape { get; }
    public ZarrDataType DataType => _type.DataType;
    public int[]? ChunkShape { get; }

    /// <summary>Fixed-length ASCII/UTF-8 strings: each element's bytes up to the first NUL (or without trailing spaces), decoded as UTF-8.</summary>
    private void ReadFixedStrings(Array destination, Selection? selection)
    {
        var size = _type.FixedStringSize;
        var raw = new byte[checked(destination.Length * size)];
        _dataset.Read(_access, raw.AsSpan(), selection);
        var items = new object?[destination.Length];
        var utf8 = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var i = 0; i < items.Length; i++)
        {
            var element = raw.AsSpan(i * size, size);
            var end = element.IndexOf((byte)0);
            if (end >= 0) element = element[..end];
            if (_type.SpacePadded) element = element.TrimEnd((byte)' ');
            try
            {
                items[i] = utf8.GetString(element);
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw SourceErrors.UnsupportedType(_file, Path, $"element {i} of this ASCII/UTF-8 string dataset is not valid UTF-8 text");
            }
        }
        ElementLayout.FromObjects(items, destination);
    }

    public void ReadBlock(ReadOnlySpan<long> start, Array destination)
    {
        Selection? selection = null;
        if (Shape.Length > 0)
        {
            var starts = new ulong[Shape.Length];
            var counts = new ulong[Shape.Length];
            for (var i = 0; i < Shape.Length; i++)
            {
                starts[i] = (ulong)start[i];
                counts[i] = (ulong)destination.GetLength(i);
            }
            selection = new HyperslabSelection(Shape.Length, starts, counts);
        }
        try
        {
            if (_type.IsVariableString)
            {
                var values = _dataset.Read<string?[]>(_access, selection);
                var items = new object?[values.Length];
                for (var i = 0; i < values.Length; i++) items[i] = values[i] ?? "";
                ElementLayout.FromObjects(items, destination);
                return;
            }
            if (_type.FixedStringSize > 0)
            {
                ReadFixedStrings(destination, selection);
                return;
            }
            RawBlock.Read(destination, DataType, _type.BigEndian, raw => _dataset.Read(_access, raw, selection));
        }
        catch (Exception e) when (e is not Errors.ZarrException and not OutOfMemoryException)
        {
            throw e.Message.Contains("filter", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("find", StringComparison.OrdinalIgnoreCase)
                ? SourceErrors.UnsupportedFeature(_file, Path, e.Message, e)
                : SourceErrors.Corrupt(_file, Path, e.Message, e);
        }
    }
}
