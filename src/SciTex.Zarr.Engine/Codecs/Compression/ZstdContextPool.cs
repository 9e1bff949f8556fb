using System.Collections.Concurrent;
using Microsoft.Extensions.ObjectPool;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>
/// Pools ZstdSharp contexts, which allocate several hundred KB each. Compressors are pooled per (level, checksum);
/// return them with those settings unchanged. Pools are bounded and dispose what they drop.
/// </summary>
internal static class ZstdContextPool
{
    private static readonly int Retained = Math.Max(4, Environment.ProcessorCount * 2);
    private static readonly DefaultObjectPoolProvider Provider = new() { MaximumRetained = Retained };
    private static readonly ConcurrentDictionary<(int Level, bool Checksum), ObjectPool<Compressor>> Compressors = new();
    private static readonly ObjectPool<Decompressor> Decompressors = Provider.Create(new DecompressorPolicy());

    public static Compressor RentCompressor(int level, bool checksum = false) =>
        Compressors.GetOrAdd((level, checksum), static key => Provider.Create(new CompressorPolicy(key.Level, key.Checksum))).Get();

    public static void Return(Compressor compressor, int level, bool checksum = false)
    {
        if (Compressors.TryGetValue((level, checksum), out var pool)) pool.Return(compressor);
        else compressor.Dispose();
    }

    public static Decompressor RentDecompressor() => Decompressors.Get();

    public static void Return(Decompressor decompressor) => Decompressors.Return(decompressor);

    private sealed class CompressorPolicy(int level, bool checksum) : PooledObjectPolicy<Compressor>
    {
        public override Compressor Create()
        {
            var compressor = new Compressor(level);
            if (checksum) compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            return compressor;
        }

        public override bool Return(Compressor obj) => true;
    }

    private sealed class DecompressorPolicy : PooledObjectPolicy<Decompressor>
    {
        public override Decompressor Create() => new();
        public override bool Return(Decompressor obj) => true;
    }
}
