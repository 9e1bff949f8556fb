using System.Buffers;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Engine.Conversion.Npy;

/// <summary>
/// The array of a .npy file (or .npz member), read block by block with positional reads: only the requested
/// block is ever in memory. Fortran-order data is read as the C-order array of reversed shape, then transposed.
/// </summary>
internal sealed class NpyDataset : ISourceDataset, IDisposable
{
    private readonly IByteSource _source;
    private readonly NpyHeader _header;
    private readonly long[] _storedShape;
    private readonly long[] _storedStrides;

    public NpyDataset(string name, IByteSource source, NpyHeader header)
    {
        Name = name;
        _source = source;
        _header = header;
        _storedShape = header.FortranOrder ? header.Shape.Reversed() : header.Shape;
        _storedStrides = StridedCopy.Strides(_storedShape);
    }

    public string Name { get; }
    public JsonObject Attributes { get; } = [];
    public long[] Shape => _header.Shape;
    public ZarrDataType DataType => _header.DataType;
    public int[]? ChunkShape => null;
    public bool IsFortranOrder => _header.FortranOrder;

    public void ReadBlock(ReadOnlySpan<long> start, Array destination)
    {
        var count = RawBlock.ShapeOf(destination).Select(c => (long)c).ToArray();
        if (Shape.Length == 0) count = [];
        var origin = start.ToArray();
        RawBlock.Read(destination, DataType, _header.BigEndian, raw =>
        {
            if (!_header.FortranOrder)
            {
                ReadStored(origin, count, raw);
                return;
            }
            var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
            try
            {
                var stored = rented.AsSpan(0, raw.Length);
                ReadStored(origin.Reversed(), count.Reversed(), stored);
                Transpose(stored, raw, count, DataType.ItemSize);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        });
    }

    /// <summary>Reads a block of the stored (C-order) array into <paramref name="target"/>, one contiguous run per read.</summary>
    private void ReadStored(long[] start, long[] count, Span<byte> target)
    {
        var item = DataType.ItemSize;
        var rank = _storedShape.Length;
        if (rank == 0)
        {
            _source.Read(_header.DataOffset, target[..item]);
            return;
        }
        if (count.Any(c => c == 0)) return;
        // The run spans the last axes that are read whole, plus the first partial one before them.
        var runAxis = rank - 1;
        while (runAxis > 0 && count[runAxis] == _storedShape[runAxis]) runAxis--;
        var runBytes = count[runAxis] * _storedStrides[runAxis] * item;
        var index = new long[runAxis];
        long written = 0;
        while (true)
        {
            long element = start[runAxis] * _storedStrides[runAxis];
            for (var i = 0; i < runAxis; i++) element += (start[i] + index[i]) * _storedStrides[i];
            _source.Read(_header.DataOffset + element * item, target.Slice((int)written, (int)runBytes));
            written += runBytes;
            var axis = runAxis - 1;
            while (axis >= 0)
            {
                if (++index[axis] < count[axis]) break;
                index[axis] = 0;
                axis--;
            }
            if (axis < 0) return;
        }
    }

    /// <summary>From a block laid out with reversed axes (Fortran order) to C order.</summary>
    private static void Transpose(ReadOnlySpan<byte> fortran, Span<byte> c, long[] count, int item)
    {
        // Element (i0..in) sits at sum(i_k * F-stride_k) in the Fortran block; F-strides are C-strides of the reversed shape, reversed.
        var fStrides = StridedCopy.Strides(count.Reversed()).Reversed();
        StridedCopy.Copy(fortran, 0, fStrides, c, 0, StridedCopy.Strides(count), count, item);
    }

    public void Dispose() => _source.Dispose();
}

/// <summary>A .npy file: its root is the one array.</summary>
internal sealed class NpySource : IConversionSource
{
    private readonly NpyDataset _dataset;

    private NpySource(string path, NpyDataset dataset)
    {
        FilePath = path;
        _dataset = dataset;
    }

    public static NpySource Open(string path)
    {
        var source = FileByteSource.Open(path);
        try
        {
            var header = NpyHeader.Read(source, path, null);
            return new NpySource(path, new NpyDataset("", source, header));
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public string FilePath { get; }
    public ISourceNode Root => _dataset;
    public IReadOnlyList<string> Warnings { get; } = [];
    public void Dispose() => _dataset.Dispose();
}
