using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.Tests.Interop;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>
/// Interop over the network: what zarr-python 2.13 wrote, uploaded to moto_server / Azurite, is read here value by
/// value; what the engine wrote is read by zarrita 0.7.5 through its FetchStore from a local HTTP server.
/// </summary>
[Collection("remote")]
public class RemoteInteropTests(ITestOutputHelper output)
{
    [SkippableTheory, MemberData(nameof(RemoteStoreTests.Kinds), MemberType = typeof(RemoteStoreTests))]
    public void EngineReadsWhatZarrPythonWroteFromAnObjectStore(string kind)
    {
        using var dir = new Peers.ScratchDir();
        output.WriteLine(Peers.RunPython("write_v2.py", dir.Path));
        using var upload = RemoteStoreTests.Open(kind, prefix: "py/v2.zarr");
        var container = RemoteStoreTests.ContainerOf(upload);
        var files = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir.Path, f).Replace('\\', '/')).Where(k => k != "manifest.json").ToList();
        Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = ZarrConfig.IoConcurrency },
            async (key, cancel) => await upload.SetAsync(key, await File.ReadAllBytesAsync(Path.Combine(dir.Path, key), cancel), cancel)).GetAwaiter().GetResult();
        var reader = new ManifestReader(dir.Path, () => RemoteStoreTests.Open(kind, container, "py/v2.zarr", readOnly: true));
        reader.CheckAll(entry =>
        {
            var label = entry["compressor"]!.GetValue<string>();
            var id = label.Split('-')[0];
            return label == "none" || CodecRegistry.V2Ids.Contains(id) ? null : id;
        });
        output.WriteLine($"{reader.Manifest["peer"]} via {kind}: {files.Count} keys uploaded, compared {reader.Checked} arrays");
        reader.AssertClean(minimumChecked: 650);
    }

    [SkippableFact]
    public void ZarritaReadsWhatTheEngineWroteOverHttp()
    {
        PeerGate.RequireZarrita();
        var (root, url) = RemoteServers.RangeHttpServer;
        var name = "zt" + Guid.NewGuid().ToString("N")[..8];
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        EngineToZarritaTests.WriteInteropStore(dir, output);
        EngineToZarritaTests.AssertZarritaReads(Peers.RunNode("read_v3.mjs", dir, $"{url}/{name}"), output);
        // The same store through the engine's own HTTP store (read-only, no listing).
        using var http = new HttpStore(new Uri($"{url}/{name}/"));
        Assert.Equal(ZarrArray.Open(new SciTex.Zarr.Engine.Stores.DirectoryStore(dir, readOnly: true), "zstd/int32_slash").Read(), ZarrArray.Open(http, "zstd/int32_slash").Read());
    }
}
