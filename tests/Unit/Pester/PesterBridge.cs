using Xunit.Sdk;

namespace SciTex.Zarr.Tests.Pester;

/// <summary>The xunit side of tests/Pester: each It is a test case (see <see cref="PesterItsAttribute"/>), run by real Pester.</summary>
public sealed class PesterBridge
{
    [PesterIts]
    public void Pester(string file, string? itKey, int occurrence, string displayPath) => Check(file, itKey, occurrence);

    /// <summary>Passes when Pester passed the It (or, for itKey null, reported nothing wrong outside its Its).</summary>
    public static void Check(string file, string? itKey, int occurrence)
    {
        var run = PesterSuite.RunCached(file);
        if (itKey is null)
        {
            var problems = run.Problems.ToList();
            if (run.Its.Count == 0) problems.Add("Pester found no It in the file");
            if (problems.Count > 0) throw new XunitException($"{file}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
            return;
        }

        var it = TryFind(file, itKey, occurrence)
                 ?? throw new XunitException($"'{itKey}' was discovered in {file} but Pester did not report it when running the file.");
        switch (it.Result)
        {
            case "Passed" or "Skipped":
                return;
            case "NotRun":
                throw new XunitException($"{itKey} did not run:{Environment.NewLine}{string.Join(Environment.NewLine, run.Problems)}");
            default:
                throw new XunitException($"{it.Path}: {it.Result}{Environment.NewLine}{it.Message}");
        }
    }

    internal static PesterIt? TryFind(string file, string itKey, int occurrence) =>
        PesterSuite.RunCached(file).Its.FirstOrDefault(i => i.Key == itKey && i.Occurrence == occurrence);
}
