using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>Broken stores must give a ZarrException of the right kind whose message names the store and the key, never a crash.</summary>
public sealed class CorruptInputTests : IDisposable
{
    private readonly Peers.ScratchDir _dir = new();
    private readonly DirectoryStore _store;

    public CorruptInputTests() => _store = new DirectoryStore(_dir.Path);
    public void Dispose() => _dir.Dispose();

    private ZarrArray WriteArray(int format, IBytesToBytesCodec[] compressors)
    {
        var meta = new ArrayMetadata("a", format, [4, 4], [2, 2], ZarrDataType.Float64, FillValue.Default(ZarrDataType.Float64),
            format == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot, new CodecChain([], new BytesCodec(false), compressors));
        NodeStore.Write(_store, meta);
        var array = new ZarrArray(_store, meta);
        array.Write(new double[,] { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 }, { 13, 14, 15, 16 } });
        return array;
    }

    private void SetText(string key, string text) => File.WriteAllText(Path.Combine(_dir.Path, key), text);

    private ZarrException Fails(ZarrErrorKind kind, Action action, string key)
    {
        var e = Assert.Throws<ZarrException>(action);
        Assert.Equal(kind, e.Kind);
        Assert.Contains(_store.Name, e.Message);
        Assert.Contains(key, e.Message);
        return e;
    }

    [Theory]
    [InlineData(2, "a/.zarray")]
    [InlineData(3, "a/zarr.json")]
    public void MalformedJson(int format, string key)
    {
        WriteArray(format, []);
        SetText(key, """{"zarr_format": 2, "shape": [4, 4""");
        Fails(ZarrErrorKind.InvalidMetadata, () => ZarrArray.Open(_store, "a"), key);
    }

    [Theory]
    [InlineData(2, "a/0.1")]
    [InlineData(3, "a/c/0/1")]
    public void TruncatedGarbageAndWrongSizeChunks(int format, string key)
    {
        var array = WriteArray(format, [new ZstdCodec(3)]);
        var path = Path.Combine(_dir.Path, key);
        var good = File.ReadAllBytes(path);
        File.WriteAllBytes(path, good[..(good.Length / 2)]);
        Fails(ZarrErrorKind.CorruptChunk, () => array.Read(), key);
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("this is not a zstd frame at all"));
        Fails(ZarrErrorKind.CorruptChunk, () => array.Read(), key);

        var raw = WriteArray(format, []);
        File.WriteAllBytes(path, new byte[7]); // 2×2 float64 needs 32 bytes
        Fails(ZarrErrorKind.CorruptChunk, () => raw.Read(), key);
        // Chunks the selection does not touch are not read, so the rest of the array stays usable.
        Assert.Equal(1.0, raw.ReadValue(Selection.Parse("0, 0", 2)));
    }

    [Fact]
    public void ShapeAndChunkRankMismatch()
    {
        WriteArray(2, []);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "a/.zarray")))!;
        json["chunks"] = new JsonArray(2);
        SetText("a/.zarray", json.ToJsonString());
        var e = Fails(ZarrErrorKind.InvalidMetadata, () => ZarrArray.Open(_store, "a"), "a/.zarray");
        Assert.Contains("chunks", e.Message);
    }

    [Fact]
    public void UnknownDataTypes()
    {
        WriteArray(2, []);
        var v2 = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "a/.zarray")))!;
        v2["dtype"] = "<q9";
        SetText("a/.zarray", v2.ToJsonString());
        Assert.Contains("<q9", Fails(ZarrErrorKind.UnsupportedDataType, () => ZarrArray.Open(_store, "a"), "a/.zarray").Message);

        Directory.Delete(Path.Combine(_dir.Path, "a"), recursive: true);
        WriteArray(3, []);
        var v3 = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "a/zarr.json")))!;
        v3["data_type"] = "float128";
        SetText("a/zarr.json", v3.ToJsonString());
        Assert.Contains("float128", Fails(ZarrErrorKind.UnsupportedDataType, () => ZarrArray.Open(_store, "a"), "a/zarr.json").Message);
    }

    [Fact]
    public void UnknownCodecNamesCodecArrayAndStore()
    {
        WriteArray(3, []);
        var v3 = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "a/zarr.json")))!;
        v3["codecs"]!.AsArray().Add(new JsonObject { ["name"] = "squash", ["configuration"] = new JsonObject() });
        SetText("a/zarr.json", v3.ToJsonString());
        var e = Fails(ZarrErrorKind.UnsupportedCodec, () => ZarrArray.Open(_store, "a"), "a");
        Assert.Contains("'squash'", e.Message);

        // The same codec marked must_understand: false is skipped.
        v3["codecs"]![1]!["must_understand"] = false;
        SetText("a/zarr.json", v3.ToJsonString());
        Assert.Equal(16.0, ZarrArray.Open(_store, "a").ReadValue(Selection.Parse("3, 3", 2)));

        Directory.Delete(Path.Combine(_dir.Path, "a"), recursive: true);
        WriteArray(2, []);
        var v2 = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "a/.zarray")))!;
        v2["compressor"] = new JsonObject { ["id"] = "squash" };
        SetText("a/.zarray", v2.ToJsonString());
        Assert.Contains("'squash'", Fails(ZarrErrorKind.UnsupportedCodec, () => ZarrArray.Open(_store, "a"), "a").Message);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("./a")]
    public void KeysCannotEscapeTheStore(string path)
    {
        WriteArray(2, []);
        // A real node just outside the store: reaching it would be the escape.
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(_dir.Path)!, "x"), "{}");
        Fails(ZarrErrorKind.InvalidKey, () => ZarrArray.Open(_store, path), path);
        Fails(ZarrErrorKind.InvalidKey, () => _store.Get(path + "/.zarray"), path);
        Fails(ZarrErrorKind.InvalidKey, () => _store.Set(path + "/.zarray", "{}"u8), path);
    }

    [Fact]
    public void UnknownV3FieldNeedsMustUnderstandFalse()
    {
        WriteArray(3, []);
        var v3 = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "a/zarr.json")))!;
        v3["future_extension"] = new JsonObject { ["name"] = "future", ["configuration"] = new JsonObject() };
        SetText("a/zarr.json", v3.ToJsonString());
        Assert.Contains("future_extension", Fails(ZarrErrorKind.InvalidMetadata, () => ZarrArray.Open(_store, "a"), "a/zarr.json").Message);

        v3["future_extension"]!["must_understand"] = false;
        SetText("a/zarr.json", v3.ToJsonString());
        Assert.Equal(16.0, ZarrArray.Open(_store, "a").ReadValue(Selection.Parse("3, 3", 2)));
    }
}
