using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Conversion;

/// <summary>Named errors for unreadable or unconvertible source files. Messages always name the file (and dataset).</summary>
internal static class SourceErrors
{
    public static ZarrException Corrupt(string file, string? dataset, string why, Exception? inner = null) =>
        new(ZarrErrorKind.CorruptSource, $"'{file}'{Where(dataset)} is corrupt or truncated: {why}", file, dataset, inner);

    public static ZarrException UnsupportedType(string file, string? dataset, string why) =>
        new(ZarrErrorKind.UnsupportedDataType, $"'{file}'{Where(dataset)}: {why}", file, dataset);

    public static ZarrException UnsupportedFeature(string file, string? dataset, string why, Exception? inner = null) =>
        new(ZarrErrorKind.UnsupportedCodec, $"'{file}'{Where(dataset)}: {why}", file, dataset, inner);

    private static string Where(string? dataset) => dataset is null ? "" : $", dataset '{dataset}'";
}
