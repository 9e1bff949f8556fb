namespace SciTex.Zarr.Engine.Codecs.Blosc;

/// <summary>The inner compressors of Blosc 1, numbered as libblosc's compressor codes.</summary>
public enum BloscCompressor
{
    BloscLz = 0,
    Lz4 = 1,
    Lz4Hc = 2,
    Snappy = 3,
    Zlib = 4,
    Zstd = 5,
}

/// <summary>Blosc's pre-compression filter. <see cref="Auto"/> is numcodecs' −1: bit shuffle for 1-byte items, else byte shuffle.</summary>
public enum BloscShuffle
{
    Auto = -1,
    NoShuffle = 0,
    Shuffle = 1,
    BitShuffle = 2,
}

internal static class BloscNames
{
    public static string Name(this BloscCompressor compressor) => compressor switch
    {
        BloscCompressor.BloscLz => "blosclz",
        BloscCompressor.Lz4 => "lz4",
        BloscCompressor.Lz4Hc => "lz4hc",
        BloscCompressor.Snappy => "snappy",
        BloscCompressor.Zlib => "zlib",
        _ => "zstd",
    };

    public static BloscCompressor? ParseCompressor(string name) => name switch
    {
        "blosclz" => BloscCompressor.BloscLz,
        "lz4" => BloscCompressor.Lz4,
        "lz4hc" => BloscCompressor.Lz4Hc,
        "snappy" => BloscCompressor.Snappy,
        "zlib" => BloscCompressor.Zlib,
        "zstd" => BloscCompressor.Zstd,
        _ => null,
    };

    /// <summary>The 3-bit format code stored in header flags bits 5–7 (lz4 and lz4hc share one format).</summary>
    public static int FormatCode(this BloscCompressor compressor) => compressor switch
    {
        BloscCompressor.BloscLz => BloscFormat.BloscLz,
        BloscCompressor.Lz4 or BloscCompressor.Lz4Hc => BloscFormat.Lz4,
        BloscCompressor.Snappy => BloscFormat.Snappy,
        BloscCompressor.Zlib => BloscFormat.Zlib,
        _ => BloscFormat.Zstd,
    };

    public static string V3Name(this BloscShuffle shuffle) => shuffle switch
    {
        BloscShuffle.NoShuffle => "noshuffle",
        BloscShuffle.Shuffle => "shuffle",
        _ => "bitshuffle",
    };

    public static BloscShuffle? ParseV3Shuffle(string name) => name switch
    {
        "noshuffle" => BloscShuffle.NoShuffle,
        "shuffle" => BloscShuffle.Shuffle,
        "bitshuffle" => BloscShuffle.BitShuffle,
        _ => null,
    };
}

/// <summary>Format codes in the header flags.</summary>
internal static class BloscFormat
{
    public const int BloscLz = 0;
    public const int Lz4 = 1;
    public const int Snappy = 2;
    public const int Zlib = 3;
    public const int Zstd = 4;

    public static string Name(int format) => format switch
    {
        BloscLz => "blosclz",
        Lz4 => "lz4",
        Snappy => "snappy",
        Zlib => "zlib",
        Zstd => "zstd",
        _ => $"unknown ({format})",
    };
}
