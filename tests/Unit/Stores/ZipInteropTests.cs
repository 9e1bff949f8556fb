using System.Text.Json;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Stores;

/// <summary>Zip stores against Debian's zarr 2.13, value by value, both directions.</summary>
public sealed class ZipInteropTests : IDisposable
{
    private readonly string _dir = InteropPeers.TempDir();
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void WeReadZipStoresZarr213Wrote()
    {
        var path = Path.Combine(_dir, "py.zip");
        InteropPeers.RunPython("zip_write.py", path);
        using var store = StoreFactory.OpenOrCreate(path, readOnly: true);

        var root = NodeStore.Read(store, "");
        Assert.Equal("second", root.Attributes["title"]!.GetValue<string>()); // the later duplicate .zattrs
        var grid = (double[,])ZarrArray.Open(store, "g/grid").Read();
        Assert.Equal(7, grid.GetLength(0));
        for (var i = 0; i < 7; i++) for (var j = 0; j < 5; j++) Assert.Equal((i * 5 + j) * 1.5, grid[i, j]);
        Assert.Equal(new[] { "a", "héllo", "", "z" }, (string[])ZarrArray.Open(store, "names").Read());
    }

    [SkippableFact]
    public void Zarr213ReadsZipStoresWeWrote()
    {
        var path = Path.Combine(_dir, "ours.zarr.zip");
        var values = Enumerable.Range(0, 24).Select(i => i * 0.5 - 3).ToArray();
        using (var store = StoreFactory.OpenOrCreate(path))
        {
            var root = NodeStore.EnsureGroup(store, "", 2);
            root.Attributes["made_by"] = "SciTex.Zarr";
            NodeStore.Write(store, root);
            NodeStore.EnsureGroup(store, "g", 2);
            var grid = new ArrayMetadata("g/v", 2, [4, 6], [3, 4], ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64),
                ChunkKeyEncoding.V2Dot, new CodecChain([], new BytesCodec(false), [new ZstdCodec(3)]));
            NodeStore.Write(store, grid);
            var matrix = new double[4, 6];
            Buffer.BlockCopy(values, 0, matrix, 0, values.Length * sizeof(double));
            new ZarrArray(store, grid).Write(matrix);
            store.Flush();
        }
        // A second save into the archive is appended in place (ZipAppend); zipfile must read the appended directory.
        var firstLength = new FileInfo(path).Length;
        using (var store = StoreFactory.OpenOrCreate(path))
        {
            var words = new ArrayMetadata("w", 2, [3], [2], ZarrDataType.String, FillValue.Default(ZarrDataType.String),
                ChunkKeyEncoding.V2Dot, new CodecChain([], VlenCodec.Utf8, []));
            NodeStore.Write(store, words);
            new ZarrArray(store, words).Write(new[] { "x", "ÿ", "" });
            store.Flush();
        }
        Assert.True(new FileInfo(path).Length > firstLength);

        var seen = InteropPeers.RunPython("zip_read.py", path)!.Value;
        Assert.Equal(new[] { 0 }, seen.GetProperty("compress_types").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("SciTex.Zarr", seen.GetProperty("attrs").GetProperty("made_by").GetString());
        var arrays = seen.GetProperty("arrays");
        Assert.Equal(values, arrays.GetProperty("g/v").GetProperty("values").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(new[] { 4, 6 }, arrays.GetProperty("g/v").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(new[] { "x", "ÿ", "" }, arrays.GetProperty("w").GetProperty("values").EnumerateArray().Select(e => e.GetString()));
    }
}
