using System.Buffers.Binary;
using System.Text;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Tests.Stores;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Limits;

/// <summary>
/// Issue 10 item 3: small hostile inputs that used to cost gigabytes. Each must fail with a named error within the
/// budgets (10 s, +512 MiB working set, 512 MiB allocated), measured around the failing call.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class HostileInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = InteropPeers.TempDir();
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const int BombBlocks = 24; // 24 × 64 MiB = 1.5 GiB of zeros, about 1.5 MB compressed

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string V3Array(string shape, string chunks, string dataType, string codecs, string fill = "0") =>
        $$$"""{"zarr_format":3,"node_type":"array","shape":{{{shape}}},"data_type":"{{{dataType}}}","chunk_grid":{"name":"regular","configuration":{"chunk_shape":{{{chunks}}}}},"chunk_key_encoding":{"name":"default"},"fill_value":{{{fill}}},"codecs":{{{codecs}}}}""";

    private ZarrException ReadFails(IZarrStore store, string path, ZarrErrorKind kind, string label)
    {
        ZarrException? error = null;
        Cost.Measure(() => error = ZarrAssert.Throws(kind, () => ZarrArray.Open(store, path).Read()), output, label);
        output.WriteLine($"  → {error!.Kind}: {error.Message}");
        return error;
    }

    [Fact]
    public void A_gzip_chunk_inflating_to_gigabytes_fails_at_the_chunk_size()
    {
        var bomb = Bombs.Gzip(BombBlocks);
        Assert.InRange(bomb.Length, 1_000_000, 2_000_000);
        var store = new MemoryStore();
        store.Set("a/.zarray", Utf8("""{"zarr_format":2,"shape":[1000],"chunks":[1000],"dtype":"<f8","compressor":{"id":"gzip","level":1},"fill_value":0,"order":"C","filters":null}"""));
        store.Set("a/0", bomb);
        var error = ReadFails(store, "a", ZarrErrorKind.CorruptChunk, $"gzip {bomb.Length} B → 1.5 GiB");
        Assert.Contains("decompresses to more than 8000 bytes", error.Message);
    }

    [Fact]
    public void A_zlib_chunk_inflating_to_gigabytes_fails_at_the_chunk_size()
    {
        var store = new MemoryStore();
        store.Set("a/zarr.json", Utf8(V3Array("[100,100]", "[100,100]", "float32", """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"numcodecs.zlib","configuration":{"level":1}}]""")));
        store.Set("a/c/0/0", Bombs.Zlib(BombBlocks));
        var error = ReadFails(store, "a", ZarrErrorKind.CorruptChunk, "zlib → 1.5 GiB");
        Assert.Contains("decompresses to more than 40000 bytes", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_zstd_string_chunk_decoding_to_gigabytes_fails_at_the_variable_length_cap(bool declaredSize)
    {
        var bomb = Bombs.Zstd(1_350_000_000, declaredSize);
        Assert.InRange(bomb.Length, 30_000, 50_000);
        var store = new MemoryStore();
        store.Set("s/zarr.json", Utf8(V3Array("[100]", "[100]", "string", """[{"name":"vlen-utf8"},{"name":"zstd","configuration":{"level":0}}]""", "\"\"")));
        store.Set("s/c/0", bomb);
        var error = ReadFails(store, "s", ZarrErrorKind.CorruptChunk, $"zstd {bomb.Length} B → 1.35 GB strings, content size {(declaredSize ? "declared" : "absent")}");
        Assert.Contains($"decompresses to more than {ZarrConfig.MaxVariableLengthChunkBytes} bytes", error.Message);
        Assert.Contains(ZarrConfig.MaxVariableLengthChunkBytesVariable, error.Message);
    }

    [Fact]
    public void A_zstd_chunk_declaring_more_than_the_chunk_fails_before_decoding()
    {
        var store = new MemoryStore();
        store.Set("a/zarr.json", Utf8(V3Array("[1000]", "[1000]", "int64", """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":0}}]""")));
        store.Set("a/c/0", Bombs.Zstd(1_350_000_000, declareSize: false));
        var error = ReadFails(store, "a", ZarrErrorKind.CorruptChunk, "zstd (no content size) → 1.35 GB int64");
        Assert.Contains("decompresses to more than 8000 bytes", error.Message);
    }

    private string ZipBomb(long declared)
    {
        var path = Path.Combine(_dir, $"bomb-{declared}.zarr.zip");
        File.WriteAllBytes(path, Bombs.Zip(
            Bombs.Stored("zarr.json", Utf8("""{"zarr_format":3,"node_type":"group","attributes":{}}""")),
            Bombs.Stored("a/zarr.json", Utf8(V3Array("[1000]", "[1000]", "float64", """[{"name":"bytes","configuration":{"endian":"little"}}]"""))),
            new Bombs.ZipEntry("a/c/0", Bombs.RawDeflate(BombBlocks), Deflated: true, DeclaredSize: declared)));
        return path;
    }

    [Fact]
    public void A_zip_entry_inflating_to_gigabytes_is_refused_by_its_declared_size()
    {
        using var store = StoreFactory.OpenOrCreate(ZipBomb(BombBlocks * Bombs.ZeroBlockBytes), readOnly: true);
        var error = ReadFails(store, "a", ZarrErrorKind.CorruptChunk, "zip entry 1.5 MB → 1.5 GiB, declared honestly");
        Assert.Contains($"decompresses to more than {ZarrConfig.MaxZipEntryBytes} bytes", error.Message);
        Assert.Contains(ZarrConfig.MaxZipEntryBytesVariable, error.Message);
    }

    [Fact]
    public void A_zip_entry_declaring_less_than_it_inflates_to_is_read_only_to_its_declared_size()
    {
        // .NET's entry stream ends at the declared size, so the bomb behind it is never inflated past 8000 bytes.
        using var store = StoreFactory.OpenOrCreate(ZipBomb(8000), readOnly: true);
        byte[]? value = null;
        Cost.Measure(() => value = store.Get("a/c/0"), output, "zip entry 1.5 MB → 1.5 GiB, declared as 8000 B");
        Assert.Equal(8000, value!.Length);
    }

    [Fact]
    public void A_zip_entry_claiming_more_than_deflate_can_produce_is_corrupt()
    {
        using var store = StoreFactory.OpenOrCreate(ZipBomb(uint.MaxValue), readOnly: true);
        var error = ZarrAssert.Throws(ZarrErrorKind.CorruptChunk, () => store.Get("a/c/0"));
        Assert.Contains("more than deflate can produce", error.Message);
    }

    [Fact]
    public void An_inner_shard_chunk_inflating_to_gigabytes_fails_at_the_inner_chunk_size()
    {
        var bomb = Bombs.Gzip(BombBlocks);
        var shard = new byte[bomb.Length + 10 * 16];
        bomb.CopyTo(shard, 0);
        for (var i = 0; i < 10; i++)
        {
            var entry = shard.AsSpan(bomb.Length + 16 * i, 16);
            BinaryPrimitives.WriteUInt64LittleEndian(entry, i == 0 ? 0 : ulong.MaxValue);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], i == 0 ? (ulong)bomb.Length : ulong.MaxValue);
        }
        var store = new MemoryStore();
        store.Set("a/zarr.json", Utf8(V3Array("[1000]", "[1000]", "float64", """[{"name":"sharding_indexed","configuration":{"chunk_shape":[100],"codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"gzip","configuration":{"level":1}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}}]}}]""")));
        store.Set("a/c/0", shard);
        var error = ReadFails(store, "a", ZarrErrorKind.CorruptChunk, "sharded inner gzip → 1.5 GiB");
        Assert.Contains("decompresses to more than 800 bytes", error.Message);
    }

    [Fact]
    public void An_array_of_1e8_one_element_chunks_is_refused_before_its_result_is_allocated()
    {
        var store = new MemoryStore();
        store.Set("a/zarr.json", Utf8(V3Array("[100000000]", "[1]", "float64", """[{"name":"bytes","configuration":{"endian":"little"}}]""")));
        var error = ReadFails(store, "a", ZarrErrorKind.InvalidSelection, "1e8 elements in 1-element chunks");
        Assert.Contains("touches 100000000 chunks", error.Message);
        Assert.Contains(ZarrConfig.MaxChunksPerOperationVariable, error.Message);
        // A window of the same array still reads.
        Assert.Equal(new double[10], (double[])ZarrArray.Open(store, "a").Read(SciTex.Zarr.Engine.Chunking.Selection.Parse("5:15", 1)));
    }

    [Fact]
    public void A_shard_with_a_billion_inner_chunks_is_refused_when_opened()
    {
        var store = new MemoryStore();
        store.Set("a/zarr.json", Utf8(V3Array("[1073741824]", "[1073741824]", "uint8", """[{"name":"sharding_indexed","configuration":{"chunk_shape":[1],"codecs":[{"name":"bytes"}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}}]}}]""")));
        store.Set("a/c/0", new byte[64]);
        ZarrException? error = null;
        Cost.Measure(() => error = ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => ZarrArray.Open(store, "a").Read(SciTex.Zarr.Engine.Chunking.Selection.Parse("0:10", 1))), output, "shard of 2^30 inner chunks");
        Assert.Contains($"more than {ZarrConfig.MaxChunksPerShard} inner chunks", error!.Message);
    }

    [Fact]
    public void An_80_MB_metadata_document_is_refused_by_size()
    {
        var document = Utf8("{\"zarr_format\":3,\"node_type\":\"group\",\"attributes\":{\"x\":[" + string.Join(',', Enumerable.Repeat("0", 40_000_000)) + "]}}");
        Assert.True(document.Length > 80_000_000);
        var store = new MemoryStore();
        store.Set("zarr.json", document);
        ZarrException? error = null;
        Cost.Measure(() => error = ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => NodeStore.Read(store, "")), output, "80 MB zarr.json");
        Assert.Contains($"more than the {ZarrConfig.MaxMetadataBytes}-byte limit", error!.Message);
        Assert.Contains(ZarrConfig.MaxMetadataBytesVariable, error.Message);
    }

    [Fact]
    public void A_metadata_document_of_millions_of_values_under_the_size_cap_is_refused_by_value_count()
    {
        var document = Utf8("{\"zarr_format\":3,\"node_type\":\"group\",\"attributes\":{\"x\":[" + string.Join(',', Enumerable.Repeat("0", 30_000_000)) + "]}}");
        Assert.True(document.Length < ZarrConfig.MaxMetadataBytes);
        var store = new MemoryStore();
        store.Set("zarr.json", document);
        ZarrException? error = null;
        Cost.Measure(() => error = ZarrAssert.Throws(ZarrErrorKind.InvalidMetadata, () => NodeStore.Read(store, "")), output, "60 MB zarr.json of 30 M values");
        Assert.Contains($"more than {ZarrConfig.MaxMetadataValues} JSON values", error!.Message);
    }
}
