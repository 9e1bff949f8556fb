using SciTex.Zarr.Engine.Codecs;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>zarrita writes v3 arrays (every dtype and codec chain it can encode); the engine reads every element.</summary>
public class ZarritaToEngineTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void EngineReadsEveryArrayZarritaWrote()
    {
        using var dir = new Peers.ScratchDir();
        output.WriteLine(Peers.RunNode("write_v3.mjs", dir.Path));
        var reader = new ManifestReader(dir.Path);
        reader.CheckAll(
            entry => entry["codecs"]!.AsArray().Select(c => c!.GetValue<string>()).FirstOrDefault(c => !CodecRegistry.V3Names.Contains(c)),
            (meta, entry) =>
            {
                Assert.Equal(entry["dtype"]!.GetValue<string>(), meta.DataType.Name);
                Assert.Equal(entry["codecs"]!.AsArray().Select(c => c!.GetValue<string>()), meta.Codecs.All.Select(c => c.Name));
                var names = entry["dimension_names"]?.AsArray().Select(n => n?.GetValue<string>()).ToArray();
                Assert.Equal(names, meta.DimensionNames);
            });
        output.WriteLine($"{reader.Manifest["peer"]}: compared {reader.Checked} arrays; {reader.Unsupported.Count} need a codec the engine lacks " +
                         $"({string.Join(", ", reader.Unsupported.Select(p => p.Split('/')[0]).Distinct())})");
        reader.AssertClean(minimumChecked: 180);
    }
}
