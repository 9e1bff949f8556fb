using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;
using ZstdSharp;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>
/// zstd frames without a content size, as tensorstore and other streaming writers produce them: decoded as a stream
/// into the destination, still bounded by the chunk's size.
/// </summary>
public class ZstdStreamedFrameTests
{
    /// <summary>A frame from ZstdSharp's streaming compressor: it never pledges the source size, so the header has none.</summary>
    private static byte[] Streamed(byte[] data, int chunkWrites = 3)
    {
        using var output = new MemoryStream();
        using (var stream = new CompressionStream(output, level: 3))
        {
            var step = Math.Max(1, data.Length / chunkWrites);
            for (var offset = 0; offset < data.Length; offset += step)
                stream.Write(data, offset, Math.Min(step, data.Length - offset));
        }
        return output.ToArray();
    }

    private static ZarrArray V3(MemoryStore store, string dataType, int length, string serializer)
    {
        var json = "{\"zarr_format\":3,\"node_type\":\"array\",\"shape\":[" + length + "],\"data_type\":\"" + dataType + "\"," +
                   "\"chunk_grid\":{\"name\":\"regular\",\"configuration\":{\"chunk_shape\":[" + length + "]}}," +
                   "\"chunk_key_encoding\":{\"name\":\"default\",\"configuration\":{\"separator\":\"/\"}}," +
                   "\"fill_value\":" + (dataType == "string" ? "\"\"" : "0") + ",\"codecs\":[" + serializer + ",{\"name\":\"zstd\",\"configuration\":{\"level\":3}}]}";
        store.Set("a/zarr.json", Encoding.UTF8.GetBytes(JsonNode.Parse(json)!.ToJsonString()));
        return ZarrArray.Open(store, "a");
    }

    [Fact]
    public void The_streaming_compressor_writes_frames_without_a_content_size()
    {
        var frame = Streamed(new byte[1000]);
        Assert.Null(ZstdCodec.DeclaredSize(frame));
        Assert.Equal(0, frame[4] >> 6); // Frame_Content_Size_flag 0 …
        Assert.Equal(0, frame[4] & 0x20); // … and not single-segment: no content size field at all
    }

    [Fact]
    public void A_fixed_size_chunk_in_a_frame_without_a_content_size_reads_exactly()
    {
        var values = Enumerable.Range(0, 5000).Select(i => i * 7 - 1234).ToArray();
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        var store = new MemoryStore();
        var array = V3(store, "int32", values.Length, """{"name":"bytes","configuration":{"endian":"little"}}""");
        store.Set("a/c/0", Streamed(raw));
        Assert.Equal(values, array.Read());
        // The codec on its own, exact size and upper bound.
        var codec = new ZstdCodec();
        using (var exact = codec.Decode(Streamed(raw), DecodedSize.Exactly(raw.Length))) Assert.Equal(raw, exact.ToArray());
        using (var bounded = codec.Decode(Streamed(raw), DecodedSize.AtMost(raw.Length + 100))) Assert.Equal(raw, bounded.ToArray());
    }

    [Fact]
    public void A_string_chunk_in_a_frame_without_a_content_size_reads_exactly()
    {
        var store = new MemoryStore();
        var array = V3(store, "string", 3, """{"name":"vlen-utf8"}""");
        array.Write(new[] { "alpha", "βeta", "" });
        byte[] written;
        using (var decoded = new ZstdCodec().Decode(store.Get("a/c/0")!, DecodedSize.AtMost(1 << 20))) written = decoded.ToArray();
        store.Set("a/c/0", Streamed(written, chunkWrites: 2));
        Assert.Null(ZstdCodec.DeclaredSize(store.Get("a/c/0")!));
        Assert.Equal(new[] { "alpha", "βeta", "" }, ZarrArray.Open(store, "a").Read());
    }

    [Fact]
    public void A_frame_without_a_content_size_decoding_beyond_the_chunk_fails_named_with_bounded_memory()
    {
        // 64 MiB of zeros behind a header that says nothing about its size, for a 4 KiB chunk.
        var hostile = Streamed(new byte[64 << 20], chunkWrites: 64);
        Assert.Null(ZstdCodec.DeclaredSize(hostile));
        var codec = new ZstdCodec();
        foreach (var size in new[] { DecodedSize.Exactly(4096), DecodedSize.AtMost(4096) })
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<ZarrException>(() => codec.Decode(hostile, size).Dispose());
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(ZarrErrorKind.CorruptChunk, e.Kind);
            Assert.Contains("more than 4096 bytes", e.Message);
            Assert.True(allocated < 8 << 20, $"{allocated} bytes allocated to refuse a 64 MiB frame for a 4 KiB chunk");
        }
        var store = new MemoryStore();
        var array = V3(store, "int32", 1024, """{"name":"bytes","configuration":{"endian":"little"}}""");
        store.Set("a/c/0", hostile);
        var error = Assert.Throws<ZarrException>(() => array.Read());
        Assert.Equal(ZarrErrorKind.CorruptChunk, error.Kind);
        Assert.Equal("a/c/0", error.Key);
        Assert.Contains("zstd", error.Message);
    }

    [Fact]
    public void A_frame_without_a_content_size_that_falls_short_of_the_chunk_fails_named()
    {
        var store = new MemoryStore();
        var array = V3(store, "int32", 1024, """{"name":"bytes","configuration":{"endian":"little"}}""");
        store.Set("a/c/0", Streamed(new byte[100]));
        var error = Assert.Throws<ZarrException>(() => array.Read());
        Assert.Equal(ZarrErrorKind.CorruptChunk, error.Kind);
        Assert.Equal("a/c/0", error.Key);
    }
}
