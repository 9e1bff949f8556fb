using System.Text;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Codecs.Blosc;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.Codecs.Sharding;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values.Pickle;
using SciTex.Zarr.Tests.Limits;

namespace SciTex.Zarr.Tests.Fuzz;

/// <summary>
/// One fuzzed entry point: seed inputs, the call under test, and whether it must run in a child process (a crash of
/// the code under test — a stack overflow — would otherwise end the test host).
/// </summary>
public sealed record FuzzTarget(string Name, Func<IEnumerable<byte[]>> Seeds, Action<byte[]> Run, int MaxLength = 4096, bool InChildProcess = false);

public static class FuzzTargets
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Sample(int length, int pattern) => Enumerable.Range(0, length).Select(i => pattern switch
    {
        0 => (byte)0,
        1 => (byte)(i * 31 + (i >> 5)),
        2 => (byte)(Math.Sin(i / 10.0) * 100),
        _ => (byte)(i % 7 == 0 ? 255 : i % 3),
    }).ToArray();

    public const int DecodedLength = 1000;

    private static Action<byte[]> Decodes(IBytesToBytesCodec codec) => input =>
    {
        using (codec.Decode(input, DecodedSize.Exactly(DecodedLength))) { }
        using (codec.Decode(input, DecodedSize.AtMost(1 << 20))) { }
    };

    private static IEnumerable<byte[]> Encoded(IBytesToBytesCodec codec)
    {
        for (var p = 0; p < 4; p++)
        {
            using var encoded = codec.Encode(Sample(DecodedLength, p));
            yield return encoded.ToArray();
        }
    }

    private static FuzzTarget Codec(string name, IBytesToBytesCodec codec) => new(name, () => Encoded(codec), Decodes(codec));

    private static readonly string[] V3Documents =
    [
        """{"zarr_format":3,"node_type":"group","attributes":{"a":[1,2.5,"x",null,true],"b":{"c":{}}}}""",
        """{"zarr_format":3,"node_type":"array","shape":[100,20],"data_type":"float64","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[10,20]}},"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":"NaN","codecs":[{"name":"transpose","configuration":{"order":[1,0]}},{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":3,"checksum":false}}],"attributes":{},"dimension_names":["t",null]}""",
        """{"zarr_format":3,"node_type":"array","shape":[7],"data_type":"string","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[3]}},"chunk_key_encoding":{"name":"v2"},"fill_value":"","codecs":[{"name":"vlen-utf8"},{"name":"gzip","configuration":{"level":1}}]}""",
        """{"zarr_format":3,"node_type":"array","shape":[64,64],"data_type":"int16","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[32,32]}},"chunk_key_encoding":{"name":"default"},"fill_value":0,"codecs":[{"name":"sharding_indexed","configuration":{"chunk_shape":[8,8],"codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"cname":"lz4","clevel":5,"shuffle":"shuffle","typesize":2,"blocksize":0}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"crc32c"}],"index_location":"end"}}]}""",
        """{"zarr_format":3,"node_type":"group","attributes":{},"consolidated_metadata":{"kind":"inline","must_understand":false,"metadata":{"a":{"zarr_format":3,"node_type":"array","shape":[2],"data_type":"complex64","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[2]}},"chunk_key_encoding":{"name":"default"},"fill_value":[0,"Infinity"],"codecs":["bytes"]}}}}""",
    ];

    private static readonly string[] V2Documents =
    [
        """{"zarr_format":2,"shape":[100,100],"chunks":[10,10],"dtype":"<f8","compressor":{"id":"blosc","cname":"zstd","clevel":5,"shuffle":1,"blocksize":0},"fill_value":"NaN","order":"F","filters":null,"dimension_separator":"/"}""",
        """{"zarr_format":2,"shape":[5],"chunks":[2],"dtype":"|O","compressor":{"id":"zlib","level":1},"fill_value":0,"order":"C","filters":[{"id":"vlen-utf8"}]}""",
        """{"zarr_format":2,"shape":[3],"chunks":[3],"dtype":">M8[ns]","compressor":{"id":"lz4","acceleration":1},"fill_value":"NaT","order":"C","filters":[{"id":"crc32c","location":"end"}]}""",
        """{"zarr_format":2,"shape":[4],"chunks":[4],"dtype":"<c16","compressor":null,"fill_value":[1.0,"-Infinity"],"order":"C","filters":null}""",
    ];

    private static void ParseV3(byte[] input)
    {
        var store = new MemoryStore();
        store.Set("zarr.json", input);
        NodeStore.TryRead(store, "");
        ConsolidatedMetadata.TryRead(store, "");
    }

    private static void ParseV2(byte[] input)
    {
        var store = new MemoryStore();
        store.Set("a/.zarray", input);
        store.Set("a/.zattrs", input);
        NodeStore.TryRead(store, "a");
    }

    private static readonly ChunkSpec VlenSpec = new([6], ZarrDataType.String, FillValue.Parse(System.Text.Json.Nodes.JsonValue.Create(""), ZarrDataType.String, false));
    private static readonly object?[] Strings = ["", "a", "zarr", "ünï", new string('x', 300), null];

    private static readonly ShardingCodec Shards = ShardingCodec.Create(ZarrDataType.Int32, [5], new GzipCodec(1));
    private static readonly ChunkSpec ShardSpec = new([20], ZarrDataType.Int32, FillValue.Default(ZarrDataType.Int32));

    private static IEnumerable<byte[]> ShardSeeds()
    {
        for (var p = 0; p < 3; p++)
        {
            var bytes = PooledBuffer.CopyOf(p == 2 ? new byte[80] : Sample(80, p));
            using var chunk = ChunkArray.FromBytes([20], bytes);
            using var encoded = Shards.Encode(chunk, ShardSpec);
            yield return encoded.ToArray();
        }
    }

    private static IEnumerable<byte[]> ZipSeeds()
    {
        yield return Bombs.Zip(
            Bombs.Stored("zarr.json", Utf8(V3Documents[0])),
            Bombs.Stored("a/zarr.json", Utf8(V3Documents[1])),
            Bombs.Stored("a/c/0/0", Sample(64, 1)));
        yield return Bombs.Zip(Bombs.Stored(".zgroup", Utf8("""{"zarr_format":2}""")), Bombs.Stored("x/.zarray", Utf8(V2Documents[3])));
        var deflated = new MemoryStream();
        using (var d = new System.IO.Compression.DeflateStream(deflated, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) d.Write(Sample(500, 3));
        var data = Sample(500, 3);
        yield return Bombs.Zip(new Bombs.ZipEntry("a/c/0", deflated.ToArray(), true, data.Length, Bombs.Crc32(data)));
    }

    private static void OpenZip(byte[] input)
    {
        var path = Path.Combine(Path.GetTempPath(), $"scitex-fuzz-{Environment.ProcessId}.zip");
        File.WriteAllBytes(path, input);
        try
        {
            using var store = new ZipStore(path, readOnly: true);
            foreach (var key in store.ListPrefix("").Take(64))
            {
                store.Get(key);
                if (store.GetSize(key) is > 4 and var size) store.GetRange(key, -4, 4);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<byte[]> PickleSeeds()
    {
        object?[] values =
        [
            null, 42, -7L, 3.5, "text", new byte[] { 1, 2, 3 }, new object?[] { 1, "a", null },
            new Dictionary<string, object?> { ["k"] = 1, ["n"] = new Dictionary<string, object?> { ["x"] = 2.5 } },
            new List<object?> { true, false, new object?[] { "deep", new object?[] { 1 } } },
            new double[] { 1, 2, 3 }, new int[,] { { 1, 2 }, { 3, 4 } },
        ];
        foreach (var value in values) yield return SciTex.Zarr.Engine.Values.PickledValues.Pickle(value);
    }

    public static readonly FuzzTarget[] All =
    [
        new("v3-metadata", () => V3Documents.Select(Utf8), ParseV3),
        new("v2-metadata", () => V2Documents.Select(Utf8), ParseV2),
        Codec("gzip", new GzipCodec(5)),
        Codec("zlib", new ZlibCodec(5)),
        Codec("zstd", new ZstdCodec(3)),
        Codec("lz4", new Lz4Codec()),
        Codec("blosc-lz4", new BloscCodec("lz4", 5, BloscShuffle.Shuffle, 4)),
        Codec("blosc-zstd-bitshuffle", new BloscCodec("zstd", 3, BloscShuffle.BitShuffle, 2)),
        Codec("blosc-blosclz", new BloscCodec("blosclz", 9, BloscShuffle.NoShuffle, 1)),
        Codec("crc32c", new Crc32cCodec()),
        new("vlen", () =>
        [
            VlenCodec.Utf8.Encode(ChunkArray.FromObjects([6], Strings), VlenSpec).ToArray(),
            VlenCodec.Bytes.Encode(ChunkArray.FromObjects([6], [.. Strings.Select(s => s is string t ? Utf8(t) : null)]), VlenSpec).ToArray(),
        ], input =>
        {
            VlenCodec.Utf8.Decode(input, VlenSpec).Dispose();
            VlenCodec.Bytes.Decode(input, VlenSpec with { DataType = ZarrDataType.Bytes }).Dispose();
        }),
        new("sharding", ShardSeeds, input => Shards.Decode(input, ShardSpec).Dispose()),
        // Zip entry names such as "/x" and pickled cycles crashed the process (issue 10 item 2): run them in a child.
        new("zip", ZipSeeds, OpenZip, InChildProcess: true),
        new("pickle", PickleSeeds, input => PickleReader.Read(input), MaxLength: 512, InChildProcess: true),
    ];

    public static FuzzTarget Find(string name) => All.Single(t => t.Name == name);
}
