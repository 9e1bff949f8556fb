using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// What a decoder may produce for one chunk: exactly <see cref="Limit"/> bytes (the codec next to <c>bytes</c> for a
/// fixed-size type: elements × item size) or at most <see cref="Limit"/> bytes (everything else). Decoders check it
/// while they decode, so output beyond it fails as soon as the decoder wants more, never after a full decompression.
/// An <c>int?</c> converts to it: a number is an exact size, null the generic cap for sizes the chain cannot know.
/// </summary>
public readonly record struct DecodedSize(int Limit, bool IsExact)
{
    public static DecodedSize Exactly(int size) => new(size, true);

    public static DecodedSize AtMost(long size) => new((int)Math.Clamp(size, 0, Array.MaxLength), false);

    /// <summary>The bound for output nothing in the chain sizes: the variable-length chunk cap.</summary>
    public static DecodedSize Unknown => AtMost(ZarrConfig.MaxVariableLengthChunkBytes);

    public static implicit operator DecodedSize(int? exact) => exact is { } n ? Exactly(n) : Unknown;

    /// <summary>True when <paramref name="size"/> bytes of output are allowed.</summary>
    public bool Allows(long size) => size <= Limit;

    /// <summary>
    /// A generous bound on what a compressor may make of <paramref name="decoded"/> bytes (every format here expands
    /// incompressible input by well under 2× plus a header), for the codecs further out in a chain.
    /// </summary>
    public static long EncodedBound(long decoded) => 2 * decoded + (64 << 10);

    /// <summary>The named error for output beyond the limit.</summary>
    public ZarrException TooLarge(string codec, long? declared = null) => new(ZarrErrorKind.CorruptChunk,
        $"{codec}: chunk decompresses to more than {Limit} bytes" + (declared is { } d ? $" (its header says {d})" : "")
        + (IsExact ? ", the chunk's size" : $", the limit ({ZarrConfig.HowToRaise(nameof(ZarrConfig.MaxVariableLengthChunkBytes), ZarrConfig.MaxVariableLengthChunkBytesVariable)})"));

    /// <summary>The named error for exact-size output that came out short.</summary>
    public ZarrException TooSmall(string codec, long actual) => new(ZarrErrorKind.CorruptChunk,
        $"{codec}: chunk decompresses to {actual} bytes but the chunk needs {Limit}");
}
