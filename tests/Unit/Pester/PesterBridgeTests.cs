using Xunit.Sdk;

namespace SciTex.Zarr.Tests.Pester;

/// <summary>The bridge on a sample file with a deliberate failure: Pester's verdict and message reach the xunit case.</summary>
public sealed class PesterBridgeTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "Pester", "Samples", "Sample.Tests.ps1");

    [Fact]
    public void Discovery_lists_every_It_with_expanded_names_as_Pester_does()
    {
        var its = PesterSuite.Discover([Sample]).Its;

        Assert.Equal(
            ["Sample > passes", "Sample > fails on purpose", "Sample > is skipped", "Sample > expands one", "Sample > expands two",
             "Sample > with a failing BeforeAll > does not run"],
            its.Select(i => i.Path));
        Assert.All(its, i => Assert.Equal("Discovered", i.Result));
        Assert.Equal([("Sample > expands <Name>", 1), ("Sample > expands <Name>", 2)],
            its.Where(i => i.Path.StartsWith("Sample > expands")).Select(i => (i.Key, i.Occurrence)));
    }

    [Fact]
    public void A_failing_It_fails_its_xunit_case_with_Pesters_message()
    {
        var failure = Assert.Throws<XunitException>(() => PesterBridge.Check(Sample, "Sample > fails on purpose", 1));

        Assert.Contains("Expected 3, but got 2.", failure.Message);
        Assert.Contains("Sample.Tests.ps1:4", failure.Message);
    }

    [Fact]
    public void Passing_and_skipped_Its_pass_and_the_skip_is_known()
    {
        PesterBridge.Check(Sample, "Sample > passes", 1);
        PesterBridge.Check(Sample, "Sample > expands <Name>", 2);
        Assert.Equal("Sample > expands two", PesterBridge.TryFind(Sample, "Sample > expands <Name>", 2)?.Path);
        Assert.Equal("Skipped", PesterBridge.TryFind(Sample, "Sample > is skipped", 1)?.Result);
    }

    [Fact]
    public void A_failing_BeforeAll_fails_its_Its_and_the_file_case()
    {
        var it = Assert.Throws<XunitException>(() => PesterBridge.Check(Sample, "Sample > with a failing BeforeAll > does not run", 1));
        Assert.Contains("setup broke", it.Message);

        var file = Assert.Throws<XunitException>(() => PesterBridge.Check(Sample, null, 0));
        Assert.Contains("setup broke", file.Message);
    }
}
