using System.Text.Json;
using SciTex.Zarr.CrashSafety;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>
/// Two processes appending to one array on S3 (moto_server) at the same time, each append its own Add-ZarrSlice
/// call (ArrayGrowth.Append): every append must land exactly once — or fail with the named ZarrWriteConflict — and
/// the final array must hold every landed block whole, in each writer's order, with no hole and no duplicate.
/// </summary>
[Collection(CrashSafetyCollection.Name)]
public sealed class ObjectStoreAppendRaceTests(ITestOutputHelper output)
{
    private const int AppendsPerWriter = 20, Rounds = 2;

    [SkippableFact]
    public void TwoProcessesAppendingToOneS3ArrayLoseNothing()
    {
        var endpoint = RemoteServers.S3Endpoint; // skips (or fails) by name without moto_server
        StoreFactory.Register(StoreUrl.S3, (url, options, readOnly) => SciTex.Zarr.Stores.S3.S3Store.Open(url, options, readOnly));
        var url = $"s3://{RemoteServers.NewBucket()}/lab/log.zarr";
        var options = new Dictionary<string, string?> { ["Endpoint"] = endpoint, ["LockWait"] = "120" };
        using (var store = StoreFactory.OpenOrCreate(url, false, options)) InPlaceData.CreateLog(store, 3);
        var environment = new Dictionary<string, string> { ["SCITEX_CRASHWRITER_STORE_OPTIONS"] = JsonSerializer.Serialize(options) };

        var landed = new List<int>[] { [], [] };
        var conflicts = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // Writer w appends blocks (w + 1) · 1000 + round · 100 + 1 …, so every block's values name its writer and number.
            var firsts = new[] { 1000 + round * 100 + 1, 2000 + round * 100 + 1 };
            var children = firsts.Select(first => CrashWriterProcess.Start(["append", url, first.ToString(), AppendsPerWriter.ToString()], environment)).ToArray();
            var outputs = children.Select(c => c.StandardOutput.ReadToEndAsync()).ToArray();
            var errors = children.Select(c => c.StandardError.ReadToEndAsync()).ToArray();
            for (var w = 0; w < 2; w++)
            {
                Assert.True(children[w].WaitForExit(TimeSpan.FromSeconds(300)), "an appender hung");
                var lines = outputs[w].Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var appended = lines.Count(l => l.StartsWith("appended ", StringComparison.Ordinal));
                landed[w].AddRange(Enumerable.Range(firsts[w], appended));
                if (children[w].ExitCode != 0)
                {
                    // The only acceptable failure is the named conflict (a lost race after waiting for the lock).
                    Assert.Contains("Conflict", errors[w].Result);
                    conflicts++;
                }
                children[w].Dispose();
            }
        }

        double[] values;
        using (var reader = StoreFactory.OpenOrCreate(url, true, options)) values = (double[])ZarrArray.Open(reader, InPlaceData.LogKey).Read();
        // Walk the log block by block: each block's first value names the append that wrote it.
        var found = new List<int>();
        long offset = 0;
        while (offset < values.Length)
        {
            var attempt = (int)(values[offset] / 1e6);
            var block = InPlaceData.AppendBlock(attempt);
            Assert.True(attempt > 0 && offset + block.Length <= values.Length, $"log[{offset}] = {values[offset]} starts no block (a hole or a torn append)");
            for (var k = 0; k < block.Length; k++)
                Assert.True(values[offset + k] == block[k], $"log[{offset + k}] = {values[offset + k]}, but append {attempt} wrote {block[k]} there");
            found.Add(attempt);
            offset += block.Length;
        }
        Assert.Equal(landed.SelectMany(l => l).Order(), found.Order()); // every reported append exactly once, nothing else
        for (var w = 0; w < 2; w++) Assert.Equal(landed[w], found.Where(a => a / 1000 == w + 1).ToList()); // each writer's order kept
        var switches = found.Zip(found.Skip(1)).Count(p => p.First / 1000 != p.Second / 1000);
        output.WriteLine($"{found.Count} of {2 * Rounds * AppendsPerWriter} appends landed ({conflicts} writers stopped by ZarrWriteConflict), {switches} switches between the writers, {values.Length} values checked");
        Assert.True(found.Count >= Rounds * AppendsPerWriter, "fewer appends landed than one writer alone made");
        Assert.True(switches > 0, "the two writers never overlapped: the test raced nothing");
    }
}
