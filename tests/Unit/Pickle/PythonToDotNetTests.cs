using SciTex.Zarr.Engine.Values.Pickle;

namespace SciTex.Zarr.Tests.Pickle;

/// <summary>Python pickles every case with protocols 0–5; the reader must return exactly the described .NET value.</summary>
public sealed class PythonToDotNetTests
{
    private static readonly Lazy<(string Dir, (string Name, string Expected)[] Cases)> Generated = new(() =>
    {
        var dir = PythonPeer.NewWorkDir();
        PythonPeer.RunScript("pickle_cases.py", dir);
        var cases = File.ReadAllLines(Path.Combine(dir, "expected.txt"))
            .Select(line => line.Split('\t', 2))
            .Select(parts => (parts[0], parts[1]))
            .ToArray();
        return (dir, cases);
    });

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_case_reads_back_exactly(int protocol)
    {
        var (dir, cases) = Generated.Value;
        Assert.True(cases.Length >= 80, $"only {cases.Length} cases were generated");
        var failures = new List<string>();
        foreach (var (name, expected) in cases)
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir, $"{name}.p{protocol}.pkl"));
            try
            {
                var actual = PickleDescriber.Describe(PickleReader.Read(bytes));
                if (actual != expected) failures.Add($"{name}: expected {Clip(expected)}\n   actual {Clip(actual)}");
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"protocol {protocol}: {failures.Count} of {cases.Length} cases differ:\n" + string.Join("\n", failures));
    }

    private static string Clip(string s) => s.Length <= 400 ? s : s[..400] + "…";
}
