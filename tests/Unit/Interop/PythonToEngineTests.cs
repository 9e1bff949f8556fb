using SciTex.Zarr.Engine.Codecs;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>zarr-python 2.13 writes a v2 store over the dtype × compressor × order × separator matrix; the engine reads every element.</summary>
public class PythonToEngineTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void EngineReadsEveryArrayZarrPythonWrote()
    {
        using var dir = new Peers.ScratchDir();
        output.WriteLine(Peers.RunPython("write_v2.py", dir.Path));
        var reader = new ManifestReader(dir.Path);
        reader.CheckAll(entry =>
        {
            // Manifest labels: none, zstd, lz4, gzip, zlib, blosc-<cname>.
            var label = entry["compressor"]!.GetValue<string>();
            var id = label.Split('-')[0];
            return label == "none" || CodecRegistry.V2Ids.Contains(id) ? null : id;
        }, (meta, entry) =>
        {
            var dtype = entry["dtype"]!.GetValue<string>();
            var bigEndian = meta.Codecs.ArrayToBytes is BytesCodec { BigEndian: true };
            Assert.Equal(dtype, meta.DataType.ToV2DType(bigEndian));
            var fortran = entry["order"]!.GetValue<string>() == "F" && meta.Rank > 1;
            Assert.Equal(fortran, meta.Codecs.ArrayToArray.Count == 1);
        });
        output.WriteLine($"{reader.Manifest["peer"]}: compared {reader.Checked} arrays; {reader.Unsupported.Count} need a codec the engine lacks " +
                         $"({string.Join(", ", reader.Unsupported.Select(p => p.Split('/')[0]).Distinct())})");
        reader.AssertClean(minimumChecked: 650); // every case: all planned compressors are in the engine now
    }
}
