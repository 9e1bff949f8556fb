using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Engine;

/// <summary>
/// Whole contiguous chunks are decoded straight into the caller's array and encoded straight from it; these tests
/// pin that path against the general strided one (same values either way, same errors, same fill handling).
/// </summary>
public class DirectPathTests
{
    public static TheoryData<string, bool> Chains => new()
    {
        { "none", false }, { "none", true }, { "zstd", false }, { "zstd", true }, { "lz4", false }, { "gzip", true },
    };

    private static ArrayMetadata RowBlocks(string compressor, bool bigEndian) => new(
        "x", 3, [12, 8], [4, 8], ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64), ChunkKeyEncoding.DefaultSlash,
        new CodecChain([], new BytesCodec(bigEndian), compressor switch
        {
            "zstd" => [new ZstdCodec(3)],
            "lz4" => [new Lz4Codec(1)],
            "gzip" => [new GzipCodec(5)],
            _ => [],
        }));

    private static double[,] Ramp(int rows, int columns)
    {
        var data = new double[rows, columns];
        for (var i = 0; i < rows; i++) for (var j = 0; j < columns; j++) data[i, j] = i * 100 + j - 0.25;
        return data;
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void RowBlocksRoundTripThroughTheDirectAndTheStridedPaths(string compressor, bool bigEndian)
    {
        var store = new MemoryStore();
        var meta = RowBlocks(compressor, bigEndian);
        NodeStore.Write(store, meta);
        var array = new ZarrArray(store, meta);
        var data = Ramp(12, 8);
        array.Write(data);

        Assert.Equal(data, (double[,])array.Read());
        // A strided read decodes the same chunks through the general path.
        var odd = (double[,])array.Read(Selection.Parse("1::2, ::3", 2));
        Assert.Equal(data[3, 6], odd[1, 2]);
        Assert.Equal(data[11, 3], odd[5, 1]);
        // Rows 4..8 are exactly chunk 1: a whole-chunk window of a larger read.
        Assert.Equal(data[5, 7], ((double[,])array.Read(Selection.Parse("4:8, :", 2)))[1, 7]);
    }

    [Fact]
    public void StoredBytesAreLittleOrBigEndianAsDeclared()
    {
        var store = new MemoryStore();
        var meta = RowBlocks("none", bigEndian: true);
        NodeStore.Write(store, meta);
        new ZarrArray(store, meta).Write(Ramp(12, 8));
        var chunk = store.Get("x/c/0/0")!;
        Assert.Equal(BitConverter.GetBytes(-0.25).Reverse(), chunk.Take(8));
    }

    [Fact]
    public void WholeChunksOfFillAreRemovedOnTheDirectWritePath()
    {
        var store = new MemoryStore();
        var meta = RowBlocks("zstd", bigEndian: false);
        NodeStore.Write(store, meta);
        var array = new ZarrArray(store, meta);
        array.Write(Ramp(12, 8));
        Assert.Equal(3, store.ListPrefix("x/c").Count());
        array.Write(new double[4, 8], Selection.Parse("4:8, :", 2));
        Assert.Equal(["x/c/0/0", "x/c/2/0"], store.ListPrefix("x/c"));
        Assert.Equal(0.0, ((double[,])array.Read())[5, 5]);
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("lz4")]
    public void ACorruptChunkOnTheDirectPathNamesItsKey(string compressor)
    {
        var store = new MemoryStore();
        var meta = RowBlocks(compressor, bigEndian: false);
        NodeStore.Write(store, meta);
        new ZarrArray(store, meta).Write(Ramp(12, 8));
        var chunk = store.Get("x/c/1/0")!;
        store.Set("x/c/1/0", chunk.AsSpan(0, chunk.Length / 2));
        var error = Assert.Throws<ZarrException>(() => new ZarrArray(store, meta).Read());
        Assert.Equal(ZarrErrorKind.CorruptChunk, error.Kind);
        Assert.Equal("x/c/1/0", error.Key);
    }
}
