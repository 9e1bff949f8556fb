using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Engine;

public class ArrayRoundTripTests
{
    private static ArrayMetadata Double2D(string path, long[] shape, int[] chunks, int format = 3) => new(
        path, format, shape, chunks, ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64),
        format == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot,
        new CodecChain([], new BytesCodec(false), [new ZstdCodec(3)]));

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void WholeArrayRoundTripsWithEdgeChunks(int format)
    {
        var store = new MemoryStore();
        var meta = Double2D("g/x", [7, 5], [3, 2], format);
        NodeStore.EnsureGroup(store, "g", format);
        NodeStore.Write(store, meta);
        var data = new double[7, 5];
        for (var i = 0; i < 7; i++) for (var j = 0; j < 5; j++) data[i, j] = i * 10 + j + 0.5;
        new ZarrArray(store, meta).Write(data);

        var reopened = ZarrArray.Open(store, "/g//x/");
        var back = (double[,])reopened.Read();
        Assert.Equal(data, back);
        Assert.Equal(format == 3 ? "g/x/c/2/2" : "g/x/2.2", meta.ChunkKey([2, 2]));
        Assert.True(store.Exists(meta.ChunkKey([2, 2])));
    }

    [Fact]
    public void StridedWindowAndDroppedAxis()
    {
        var store = new MemoryStore();
        var meta = Double2D("x", [10, 12], [4, 5]);
        NodeStore.Write(store, meta);
        var data = new double[10, 12];
        for (var i = 0; i < 10; i++) for (var j = 0; j < 12; j++) data[i, j] = i * 100 + j;
        var array = new ZarrArray(store, meta);
        array.Write(data);

        var window = (double[,])array.Read(Selection.Parse("1:9:3, ::5", 2));
        Assert.Equal(new double[,] { { 100, 105, 110 }, { 400, 405, 410 }, { 700, 705, 710 } }, window);
        var row = (double[])array.Read(Selection.Parse("-1, 2:5", 2));
        Assert.Equal(new double[] { 902, 903, 904 }, row);
        Assert.Equal(507.0, array.ReadValue(Selection.Parse("5, 7", 2)));
    }

    [Fact]
    public void PartialWriteKeepsNeighboursAndFillChunksAreNotStored()
    {
        var store = new MemoryStore();
        var meta = Double2D("x", [6, 6], [3, 3]);
        NodeStore.Write(store, meta);
        var array = new ZarrArray(store, meta);
        array.Write(new double[,] { { 1, 2 }, { 3, 4 } }, Selection.Parse("2:4, 2:4", 2));
        Assert.Equal(4, store.ListPrefix("x/c").Count());
        array.Write(new double[,] { { 9 } }, Selection.Parse("0:1, 0:1", 2));
        var all = (double[,])array.Read();
        Assert.Equal(9, all[0, 0]);
        Assert.Equal(1, all[2, 2]);
        Assert.Equal(4, all[3, 3]);
        Assert.Equal(0, all[5, 5]);
        // Overwriting a chunk with fill removes it.
        array.Write(new double[6, 6]);
        Assert.Empty(store.ListPrefix("x/c"));
    }

    [Fact]
    public void StringsAndZeroDimensional()
    {
        var store = new MemoryStore();
        var strings = new ArrayMetadata("s", 3, [5], [2], ZarrDataType.String, FillValue.Default(ZarrDataType.String),
            ChunkKeyEncoding.DefaultSlash, new CodecChain([], VlenCodec.Utf8, [new ZstdCodec(1)]));
        NodeStore.Write(store, strings);
        new ZarrArray(store, strings).Write(new[] { "a", "héllo", "", "✓", "z" });
        Assert.Equal(new[] { "a", "héllo", "", "✓", "z" }, (string[])ZarrArray.Open(store, "s").Read());

        var scalar = new ArrayMetadata("n", 3, [], [], ZarrDataType.Int32, FillValue.Default(ZarrDataType.Int32),
            ChunkKeyEncoding.DefaultSlash, new CodecChain([], new BytesCodec(false), []));
        NodeStore.Write(store, scalar);
        new ZarrArray(store, scalar).Write(new[] { 42 });
        Assert.True(store.Exists("n/c"));
        Assert.Equal(42, ZarrArray.Open(store, "n").ReadValue());
    }
}
