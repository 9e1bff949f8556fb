using System.Diagnostics;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Limits;

/// <summary>
/// Hostile-input tests run alone (no other test allocating beside them), so the process's memory and allocation
/// counters measure the input under test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileCollection
{
    public const string Name = "Hostile input (run alone: measures process memory)";
}

/// <summary>What one hostile case cost: wall time, peak working set over the baseline, and bytes allocated.</summary>
public sealed record Cost(TimeSpan Elapsed, long PeakWorkingSetDelta, long Allocated)
{
    public const long MemoryBudget = 512L << 20;
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(10);

    public override string ToString() =>
        $"{Elapsed.TotalMilliseconds:0} ms, peak working set +{PeakWorkingSetDelta / 1048576.0:0.0} MiB, allocated {Allocated / 1048576.0:0.0} MiB";

    /// <summary>Runs <paramref name="action"/> with a sampler thread recording the peak working set; asserts the budgets.</summary>
    public static Cost Measure(Action action, ITestOutputHelper? output = null, string? label = null)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var peak = baseline;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var stop = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            using var self = Process.GetCurrentProcess();
            while (!stop.Wait(2))
            {
                self.Refresh();
                var ws = self.WorkingSet64;
                if (ws > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, ws);
            }
        }) { IsBackground = true };
        sampler.Start();
        var watch = Stopwatch.StartNew();
        try
        {
            action();
        }
        finally
        {
            watch.Stop();
            stop.Set();
            sampler.Join();
        }
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        var cost = new Cost(watch.Elapsed, peak - baseline, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        output?.WriteLine($"{label}: {cost}");
        Assert.True(cost.Elapsed < TimeBudget, $"{label} took {cost}");
        Assert.True(cost.PeakWorkingSetDelta < MemoryBudget, $"{label} exceeded the memory budget: {cost}");
        Assert.True(cost.Allocated < MemoryBudget, $"{label} allocated past the memory budget: {cost}");
        return cost;
    }
}
