using System.Text.Json;
using SciTex.Zarr.Tests.Stores;

namespace SciTex.Zarr.Tests.Conformance;

/// <summary>The zarrs conformance fixtures in <c>&lt;repo&gt;/../shared/fixtures/zarrs</c> and their <c>expected.json</c>.</summary>
public static class ZarrsFixtures
{
    /// <summary>
    /// <c>SCITEX_ZARRS_FIXTURES</c> when set, else the first <c>shared/fixtures/zarrs</c> beside the repository or one of
    /// its parents (a git worktree under <c>wt/</c> finds the main checkout's shared folder).
    /// </summary>
    public static string Folder { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SCITEX_ZARRS_FIXTURES") is { Length: > 0 } configured) return Path.GetFullPath(configured);
        var first = Path.GetFullPath(Path.Combine(InteropPeers.RepoRoot, "..", "shared", "fixtures", "zarrs"));
        for (var dir = Directory.GetParent(InteropPeers.RepoRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "zarrs");
            if (File.Exists(Path.Combine(candidate, "expected.json"))) return candidate;
        }
        return first;
    }
    public static bool Available => File.Exists(Path.Combine(Folder, "expected.json"));
    public static string SkipReason => $"zarrs fixtures not found: {Folder}/expected.json is absent (they live in the shared folder beside the repository)";

    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> Expected = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "expected.json")));
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    });

    public static IReadOnlyDictionary<string, JsonElement> Entries => Expected.Value;

    /// <summary>Theory rows: every fixture path, or one placeholder row when the folder is absent (the theory is skipped then).</summary>
    public static IEnumerable<object[]> Names() => Available ? Entries.Keys.Order(StringComparer.Ordinal).Select(k => new object[] { k }) : [["(absent)"]];
}

/// <summary>A theory that is skipped, with the reason, when the fixtures are not there.</summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (!ZarrsFixtures.Available) Skip = ZarrsFixtures.SkipReason;
    }
}

public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (!ZarrsFixtures.Available) Skip = ZarrsFixtures.SkipReason;
    }
}
