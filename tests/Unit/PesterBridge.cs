using Xunit.Sdk;

namespace SciTex.Zarr.Tests;

/// <summary>The xunit side of tests/Pester: each It is a test case (see <see cref="PesterItsAttribute"/>).</summary>
public sealed class PesterBridge
{
    [PesterIts]
    public void Pester(string file, string? itPath, int occurrence)
    {
        if (itPath is null)
        {
            AssertFileRanCleanly(file);
            return;
        }

        var result = TryFind(file, itPath, occurrence)
                     ?? throw new XunitException($"'{itPath}' was discovered in {file} but did not run; see the file's own test case.");
        if (result.Result == "Failed") throw new XunitException($"{itPath}{Environment.NewLine}{result.Message}");
        Assert.Equal("Passed", result.Result);
    }

    internal static PesterResult? TryFind(string file, string itPath, int occurrence) =>
        PesterRunner.RunCached(file).Where(r => r.IsTest && r.Path == itPath).Skip(occurrence - 1).FirstOrDefault();

    /// <summary>A file must discover at least one It, run exactly those, and fail nowhere outside them.</summary>
    private static void AssertFileRanCleanly(string file)
    {
        var discovered = PesterRunner.Discover(file);
        var problems = discovered.Where(r => !r.IsTest).Select(r => $"discovery: {r.Path}: {r.Message}").ToList();
        var discoveredTests = discovered.Where(r => r.IsTest).Select(r => r.Path).ToList();
        if (discoveredTests.Count == 0) problems.Add("no It was discovered");

        var ran = PesterRunner.RunCached(file);
        problems.AddRange(ran.Where(r => !r.IsTest).Select(r => $"run: {r.Path}: {r.Message}"));
        var ranTests = ran.Where(r => r.IsTest).Select(r => r.Path).ToList();
        if (!ranTests.Order(StringComparer.Ordinal).SequenceEqual(discoveredTests.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            problems.Add($"ran [{string.Join("; ", ranTests)}] but discovered [{string.Join("; ", discoveredTests)}]");

        if (problems.Count > 0) throw new XunitException($"{file}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
