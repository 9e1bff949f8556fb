using System.Text.Json;
using System.Text.RegularExpressions;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Conformance;

public enum FixtureResult { Passed, Unsupported, PendingCodec, Failed }

public sealed record FixtureOutcome(string Name, FixtureResult Result, string Detail)
{
    /// <summary>What exotic fixtures may name when they fail cleanly (README "Exotic codecs and types").</summary>
    private static readonly string[] ExoticNames = ["pcodec", "zfpy", "bz2", "adler32", "fletcher32", "zlib", "optional", "packbits"];

    /// <summary>Core codecs delivered by the compression branch; until merged, fixtures needing them are reported, not failed.</summary>
    private static readonly string[] PendingCodecs = ["blosc", "gzip", "zlib", "lz4", "crc32c"];

    public static FixtureOutcome Run(string name, JsonElement entry)
    {
        var exotic = entry.TryGetProperty("exotic", out var e) && e.GetBoolean();
        try
        {
            using var store = new DirectoryStore(Path.Combine(ZarrsFixtures.Folder, name), readOnly: true);
            var read = ZarrArray.Open(store, "").Read();
            var difference = FixtureValues.FirstDifference(read, entry);
            return difference is null
                ? new(name, FixtureResult.Passed, exotic ? "exotic, but read correctly" : "")
                : new(name, FixtureResult.Failed, "wrong values: " + difference);
        }
        catch (Exception ex) when (Unwrap(ex) is ZarrException { Kind: ZarrErrorKind.UnsupportedCodec or ZarrErrorKind.UnsupportedDataType } z)
        {
            var message = z.Message;
            // The quoted name, so a codec merely listed among the supported ones does not count.
            if (exotic && ExoticNames.Any(n => Regex.IsMatch(message, $"'(numcodecs\\.)?{n}'")))
                return new(name, FixtureResult.Unsupported, message);
            var pending = PendingCodecs.FirstOrDefault(c => message.Contains($"'{c}'", StringComparison.Ordinal) && !CodecRegistry.V3Names.Contains(c));
            if (pending is not null) return new(name, FixtureResult.PendingCodec, $"needs '{pending}' (codecs branch not merged): {message}");
            return new(name, FixtureResult.Failed, $"{(exotic ? "exotic fixture failed without naming its codec/type" : "supported fixture reported unsupported")}: {message}");
        }
        catch (Exception ex)
        {
            var inner = Unwrap(ex);
            return new(name, FixtureResult.Failed, $"{inner.GetType().Name}: {inner.Message}");
        }
    }

    private static Exception Unwrap(Exception e) => e is AggregateException a ? a.Flatten().InnerExceptions[0] : e;
}
