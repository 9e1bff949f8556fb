using System.Diagnostics;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Values;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>
/// What a full read of 256 chunks costs on S3 (moto_server), in requests and (printed, not asserted) in time straight
/// against the emulator at concurrency 1 and at the default: the latency acceptance (≥ 10× at 20 ms) is bound by the
/// emulator's own time per request, not by extra requests of ours.
/// </summary>
[Collection("remote")]
public class ObjectStoreRequestCountTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void AFullReadSendsOneGetPerChunkAndNothingElse()
    {
        var data = Enumerable.Range(0, 256 * 1024).Select(i => (float)i).ToArray();
        using var store = RemoteStoreTests.Open("s3");
        RemoteStoreTests.Save(store, "", new Dictionary<string, object?> { ["a"] = data }, new SaveOptions { ChunkShape = [1024] });
        using var reader = RemoteStoreTests.Open("s3", RemoteStoreTests.ContainerOf(store), readOnly: true);
        var array = ZarrArray.Open(reader, "a");
        Assert.Equal(data, (float[])array.Read()); // warm the connection pool
        var before = reader.Requests;
        var concurrent = Stopwatch.StartNew();
        Assert.Equal(data, (float[])array.Read());
        concurrent.Stop();
        Assert.Equal(256, reader.Requests - before); // no HEAD before a GET, no metadata request per chunk
        Assert.Equal(0, reader.Retries);
        var saved = ZarrConfig.IoConcurrency;
        try
        {
            ZarrConfig.IoConcurrency = 1;
            var sequential = Stopwatch.StartNew();
            Assert.Equal(data, (float[])array.Read());
            sequential.Stop();
            output.WriteLine($"moto_server, no proxy, 256 GETs of 4 KiB: default concurrency ({saved}) {concurrent.ElapsedMilliseconds} ms ({concurrent.Elapsed.TotalMilliseconds / 256:0.0} ms per GET), " +
                $"concurrency 1 {sequential.ElapsedMilliseconds} ms ({sequential.Elapsed.TotalMilliseconds / 256:0.0} ms per GET); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
        finally { ZarrConfig.IoConcurrency = saved; }
    }
}
