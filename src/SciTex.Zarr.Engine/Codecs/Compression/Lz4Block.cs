using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Engine;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>Raw LZ4 blocks (no frame) as numcodecs and c-blosc write them.</summary>
internal static unsafe class Lz4Block
{
    public static int MaxCompressedSize(int length) => LZ4Codec.MaximumOutputSize(length);

    /// <summary>LZ4_compress_fast equivalent. Returns the compressed size, or ≤ 0 when it does not fit in <paramref name="destination"/>.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int acceleration)
    {
        if (source.IsEmpty)
        {
            // liblz4 encodes nothing as a single empty-literals token.
            if (destination.IsEmpty) return 0;
            destination[0] = 0;
            return 1;
        }
        if (acceleration <= 1) return LZ4Codec.Encode(source, destination, LZ4Level.L00_FAST);

        // K4os only exposes acceleration through the streaming API; a fresh context has no dictionary, so its first
        // block is an independent block identical in format to LZ4_compress_fast's.
        using var context = new Pubternal.FastContext();
        fixed (byte* src = source)
        fixed (byte* dst = destination)
            return Pubternal.CompressFast(context, src, dst, source.Length, destination.Length, acceleration);
    }

    /// <summary>LZ4_compress_HC with c-blosc's level (1–9; levels below HC's minimum use the minimum).</summary>
    public static int CompressHc(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        if (source.IsEmpty) return Compress(source, destination, 1);
        var hcLevel = (LZ4Level)Math.Clamp(level, (int)LZ4Level.L03_HC, (int)LZ4Level.L12_MAX);
        return LZ4Codec.Encode(source, destination, hcLevel);
    }

    /// <summary>Decodes one block; returns the decoded size or a negative value for malformed input.</summary>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination) =>
        source.IsEmpty ? -1 : LZ4Codec.Decode(source, destination);
}
