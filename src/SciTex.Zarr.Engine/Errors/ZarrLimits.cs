using System.Globalization;

namespace SciTex.Zarr.Engine.Errors;

/// <summary>
/// The engine's limits on hostile or accidental input, in one place (documented in docs/limits.md, "Value trees,
/// pickles and hierarchies"). Each can be changed by code or by an environment variable read at start-up; a limit
/// reached is a <see cref="ZarrErrorKind.LimitExceeded"/> error naming the limit and how to raise it.
/// </summary>
public static class ZarrLimits
{
    /// <summary>Nesting levels of a value tree (hashtables, lists, PSCustomObjects, pickled containers, -Attributes). SCITEX_ZARR_MAX_VALUE_DEPTH.</summary>
    public static int MaxValueDepth { get; set; } = FromEnvironment("SCITEX_ZARR_MAX_VALUE_DEPTH", 1000);

    /// <summary>Decimal digits of one pickled integer (Python's own int/str limit is 4300). SCITEX_ZARR_MAX_PICKLE_INT_DIGITS.</summary>
    public static int MaxPickleIntegerDigits { get; set; } = FromEnvironment("SCITEX_ZARR_MAX_PICKLE_INT_DIGITS", 4300);

    /// <summary>UTF-8 bytes of one node name written by Save-Zarr (POSIX NAME_MAX).</summary>
    public const int MaxNameBytes = 255;

    internal static ZarrException Exceeded(string what, string setting, string? store = null, string? key = null) =>
        new(ZarrErrorKind.LimitExceeded, $"{what}; raise the limit with {setting} if this input is trusted", store, key);

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
}
