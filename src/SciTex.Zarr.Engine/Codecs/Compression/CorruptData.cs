using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>One place that words "this chunk cannot be decoded" so every codec reports it the same way.</summary>
internal static class CorruptData
{
    public static ZarrException Error(string codec, string message, Exception? inner = null) =>
        new(ZarrErrorKind.CorruptChunk, $"{codec}: {message}", inner: inner);
}
