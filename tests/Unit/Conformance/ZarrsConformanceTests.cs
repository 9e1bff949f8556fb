using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Conformance;

/// <summary>
/// Every array of the zarrs fixture suite reads with exactly the expected values, or (exotic codecs and types)
/// fails with a clean UnsupportedCodec/UnsupportedDataType naming it. Core codecs still missing are reported as pending.
/// </summary>
public class ZarrsConformanceTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<FixtureOutcome>> Outcomes = new(() =>
        ZarrsFixtures.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).AsParallel().AsOrdered()
            .Select(e => FixtureOutcome.Run(e.Key, e.Value)).ToList());

    [FixtureTheory]
    [MemberData(nameof(ZarrsFixtures.Names), MemberType = typeof(ZarrsFixtures))]
    public void FixtureReadsCorrectlyOrFailsCleanly(string fixture)
    {
        var outcome = Outcomes.Value.Single(o => o.Name == fixture);
        output.WriteLine($"{outcome.Result}: {fixture} {outcome.Detail}");
        Assert.True(outcome.Result != FixtureResult.Failed, $"{fixture}: {outcome.Detail}");
    }

    [FixtureFact]
    public void Summary()
    {
        var outcomes = Outcomes.Value;
        var counts = Enum.GetValues<FixtureResult>().ToDictionary(r => r, r => outcomes.Count(o => o.Result == r));
        output.WriteLine($"zarrs conformance: {counts[FixtureResult.Passed]} passed, {counts[FixtureResult.Unsupported]} unsupported (exotic, clean error), " +
                         $"{counts[FixtureResult.PendingCodec]} pending a codec not yet merged, {counts[FixtureResult.Failed]} failed, of {outcomes.Count}");
        foreach (var o in outcomes.Where(o => o.Result != FixtureResult.Passed)) output.WriteLine($"  {o.Result}: {o.Name} — {o.Detail}");
        Assert.Equal(68, outcomes.Count);
        Assert.Empty(outcomes.Where(o => o.Result == FixtureResult.Failed).Select(o => $"{o.Name}: {o.Detail}"));
        // bz2, adler32, fletcher32 and zarrs' optional type (optional + packbits codecs) are read now: only pcodec and
        // zfpy remain, each with a named error saying it is not supported, why, and what the user can do.
        var unsupported = outcomes.Where(o => o.Result != FixtureResult.Passed).ToList();
        Assert.Equal(6, unsupported.Count);
        Assert.All(unsupported, o => Assert.Matches(@"^Unsupported codec '(numcodecs\.)?(pcodec|zfpy)' in array '/' \(not supported: ", o.Detail));
        Assert.All(unsupported, o => Assert.Contains("no managed .NET implementation", o.Detail));
        Assert.All(unsupported, o => Assert.Contains("re-encode it", o.Detail));
        Assert.All(unsupported, o => Assert.Contains("zarr-python", o.Detail));
        Assert.Equal(62, counts[FixtureResult.Passed]);
    }
}
