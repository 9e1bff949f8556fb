using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;
using Xunit.Abstractions;

namespace SciTex.Zarr.CrashSafety;

/// <summary>
/// In-place writes under SIGKILL (docs/write-protocol.md, "Region writes"): a child appending blocks is killed at
/// chunk writes and at random moments — afterwards the array's shape is one of the committed shapes and every element
/// inside it holds exactly the value its append wrote (no fill holes, no values of a killed append); a child writing a
/// region is killed mid-way — every chunk the region touches is wholly old or wholly new, everything outside unchanged.
/// </summary>
[Collection(CrashSafetyCollection.Name)]
public sealed class InPlaceKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zarr-inplace-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int TempFiles(string store) =>
        Directory.EnumerateFiles(store, ".zarr-tmp-*", SearchOption.AllDirectories).Count();

    // ------------------------------------------------------------------ appends

    /// <summary>The committed appends, in order, and the one number no child has used yet.</summary>
    private sealed class Log(string store)
    {
        public string Store { get; } = store;
        public List<int> Committed { get; } = [];
        public int NextAttempt { get; set; } = 1;
        public long Length => Committed.Sum(a => (long)InPlaceData.AppendBlock(a).Length);
    }

    private static CrashWriterProcess.Outcome Append(Log log, int count, TimeSpan? killAfter = null, string? killAt = null, int afterLines = 0)
    {
        var arguments = new List<string> { "append", log.Store, log.NextAttempt.ToString(), count.ToString() };
        if (killAt is not null) arguments.AddRange([killAt, InPlaceData.LogKey]);
        return CrashWriterProcess.Run(arguments, killAfter, afterLines);
    }

    /// <summary>
    /// Reads the log: its length must be the committed length plus the lengths of the first m blocks the killed child
    /// tried (m = 0 … <paramref name="tried"/>), and every value exactly what those appends wrote. Records the m blocks
    /// as committed and returns m.
    /// </summary>
    private static int VerifyLog(Log log, int tried, string what)
    {
        double[] values;
        using (var store = new DirectoryStore(log.Store, readOnly: true))
            values = (double[])ZarrArray.Open(store, InPlaceData.LogKey).Read();
        var shapes = new List<long> { log.Length };
        for (var m = 1; m <= tried; m++) shapes.Add(shapes[^1] + InPlaceData.AppendBlock(log.NextAttempt + m - 1).Length);
        var landed = shapes.IndexOf(values.Length);
        Assert.True(landed >= 0, $"{what}: the log has {values.Length} values, not one of the committed lengths [{string.Join(", ", shapes)}]");
        for (var m = 0; m < landed; m++) log.Committed.Add(log.NextAttempt + m);
        log.NextAttempt += tried; // a killed attempt's number is never reused: its stray chunks must not pass for data
        long offset = 0;
        foreach (var attempt in log.Committed)
        {
            var block = InPlaceData.AppendBlock(attempt);
            for (var k = 0; k < block.Length; k++)
                if (values[offset + k] != block[k])
                    throw new Xunit.Sdk.XunitException(
                        $"{what}: log[{offset + k}] = {values[offset + k]}, but append {attempt} wrote {block[k]} there{(values[offset + k] == 0 ? " (a fill hole)" : "")}");
            offset += block.Length;
        }
        return landed;
    }

    [Theory]
    [InlineData(3, 4004)]
    [InlineData(2, 5005)]
    public void KilledAppendsLeaveACommittedShapeWithExactValues(int format, int seed)
    {
        var log = new Log(Path.Combine(_dir, $"append-v{format}.zarr"));
        using (var store = new DirectoryStore(log.Store)) InPlaceData.CreateLog(store, format);

        // Uninterrupted: one child appends 20 blocks; that also times a run for the random kills.
        var full = Append(log, 20);
        Assert.True(full.ExitCode == 0, full.Errors);
        Assert.Equal(20, VerifyLog(log, 20, "uninterrupted appends"));

        // At an exact instant: the n-th chunk write of a single append (every block spans at least 2 chunks), so the
        // larger shape is never published: the old shape exactly, whatever chunks past the edge were written.
        var stepKills = 0;
        for (var n = 1; n <= 6; n++)
        {
            var (start, end) = (log.Length, log.Length + InPlaceData.AppendBlock(log.NextAttempt).Length);
            var chunks = (end - 1) / InPlaceData.LogChunk - start / InPlaceData.LogChunk + 1;
            var outcome = Append(log, 1, killAt: $"{WriteProtocol.ChunkWritten}@{n}");
            if (n > chunks) { Assert.Equal(0, outcome.ExitCode); VerifyLog(log, 1, $"append of {chunks} chunks (no kill at chunk {n})"); continue; }
            Assert.True(outcome.Killed, $"the appender was to die at chunk write {n} but exited {outcome.ExitCode}: {outcome.Errors}");
            stepKills++;
            Assert.Equal(0, VerifyLog(log, 1, $"kill at chunk write {n}"));
        }

        // At random moments of a child appending 20 blocks one after the other: after a random number of its appends
        // have reported back, plus a random fraction of the time one append takes (so the kill lands anywhere in it,
        // whatever the machine's load).
        var random = new Random(seed);
        var randomKills = 0;
        var landings = new List<int>();
        var perAppend = full.SinceReady.TotalMilliseconds / 20;
        for (var i = 0; i < 8; i++)
        {
            var after = random.Next(0, 19);
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * perAppend);
            var outcome = Append(log, 20, killAfter: delay, afterLines: after);
            if (outcome.Killed) randomKills++;
            landings.Add(VerifyLog(log, 20, $"seed {seed}, kill {i} {delay.TotalMilliseconds:0.0} ms after append {after}"));
        }

        // The next append after all those kills lands where the committed log ends.
        Assert.Equal(0, Append(log, 1).ExitCode);
        Assert.Equal(1, VerifyLog(log, 1, "append after the kills"));
        output.WriteLine($"v{format}: {stepKills} kills at chunk writes, {randomKills} of 8 random kills " +
                         $"(blocks committed before each: {string.Join(", ", landings)}; full run {full.SinceReady.TotalMilliseconds:0} ms); " +
                         $"log of {log.Committed.Count} appends, {log.Length} values, exact; {TempFiles(log.Store)} temporary chunk files left by the kills");
        Assert.True(stepKills >= 4, $"only {stepKills} kills at chunk writes");
        Assert.True(randomKills >= 6, $"only {randomKills} of 8 random runs were killed before they finished");
        Assert.Contains(landings, m => m is > 0 and < 20); // at least one kill landed between committed appends
    }

    // ------------------------------------------------------------------ region writes

    /// <summary>Which generation every element of the grid holds (0: never written).</summary>
    private sealed class Grid(string store)
    {
        public string Store { get; } = store;
        public int[,] Held { get; } = new int[InPlaceData.GridRows, InPlaceData.GridColumns];
        public int Generation { get; set; }
    }

    private static CrashWriterProcess.Outcome Region(Grid grid, (int R0, int R1, int C0, int C1) r, TimeSpan? killAfter = null, string? killAt = null, int afterLines = 0)
    {
        var arguments = new List<string> { "region", grid.Store, grid.Generation.ToString(), r.R0.ToString(), r.R1.ToString(), r.C0.ToString(), r.C1.ToString() };
        if (killAt is not null) arguments.AddRange([killAt, InPlaceData.GridKey]);
        return CrashWriterProcess.Run(arguments, killAfter, afterLines);
    }

    /// <summary>
    /// Every chunk's part of the region holds the previous values or generation g, all of it one or the other; every
    /// element outside the region its previous value. Records what landed; returns (chunks new, chunks touched).
    /// </summary>
    private static (int New, int Touched) VerifyGrid(Grid grid, (int R0, int R1, int C0, int C1) r, string what)
    {
        double[,] values;
        using (var store = new DirectoryStore(grid.Store, readOnly: true))
            values = (double[,])ZarrArray.Open(store, InPlaceData.GridKey).Read();
        var g = grid.Generation;
        for (var i = 0; i < InPlaceData.GridRows; i++)
            for (var j = 0; j < InPlaceData.GridColumns; j++)
            {
                if (i >= r.R0 && i < r.R1 && j >= r.C0 && j < r.C1) continue;
                if (values[i, j] != InPlaceData.GridValue(grid.Held[i, j], i, j))
                    throw new Xunit.Sdk.XunitException($"{what}: grid[{i},{j}] = {values[i, j]} outside the region; it held generation {grid.Held[i, j]}");
            }
        int fresh = 0, touched = 0;
        for (var cr = r.R0 / InPlaceData.GridChunkRows; cr * InPlaceData.GridChunkRows < r.R1; cr++)
        for (var cc = r.C0 / InPlaceData.GridChunkColumns; cc * InPlaceData.GridChunkColumns < r.C1; cc++)
        {
            touched++;
            int i0 = Math.Max(r.R0, cr * InPlaceData.GridChunkRows), i1 = Math.Min(r.R1, (cr + 1) * InPlaceData.GridChunkRows);
            int j0 = Math.Max(r.C0, cc * InPlaceData.GridChunkColumns), j1 = Math.Min(r.C1, (cc + 1) * InPlaceData.GridChunkColumns);
            bool allNew = true, allOld = true;
            for (var i = i0; i < i1; i++)
                for (var j = j0; j < j1; j++)
                {
                    allNew &= values[i, j] == InPlaceData.GridValue(g, i, j);
                    allOld &= values[i, j] == InPlaceData.GridValue(grid.Held[i, j], i, j);
                }
            Assert.True(allNew || allOld, $"{what}: chunk ({cr}, {cc}) is torn: part of it is generation {g}, part is not its old value");
            if (!allNew) continue;
            fresh++;
            for (var i = i0; i < i1; i++)
                for (var j = j0; j < j1; j++) grid.Held[i, j] = g;
        }
        return (fresh, touched);
    }

    private static (int, int, int, int) RandomRegion(Random random)
    {
        var r0 = random.Next(0, 80);
        var c0 = random.Next(0, 3000);
        return (r0, random.Next(r0 + 120, InPlaceData.GridRows + 1), c0, random.Next(c0 + 4000, InPlaceData.GridColumns + 1));
    }

    [Theory]
    [InlineData(3, 6006)]
    [InlineData(2, 7007)]
    public void KilledRegionWriteLeavesEveryChunkOldOrNew(int format, int seed)
    {
        var grid = new Grid(Path.Combine(_dir, $"region-v{format}.zarr"));
        using (var store = new DirectoryStore(grid.Store)) InPlaceData.CreateGrid(store, format);
        var whole = (0, InPlaceData.GridRows, 0, InPlaceData.GridColumns);
        grid.Generation = 1;
        var full = Region(grid, whole);
        Assert.True(full.ExitCode == 0, full.Errors);
        Assert.Equal((64, 64), VerifyGrid(grid, whole, "uninterrupted write of the whole grid"));

        var random = new Random(seed);
        var stepKills = 0;
        foreach (var n in new[] { 1, 5, 17, 30 })
        {
            grid.Generation++;
            var region = RandomRegion(random);
            var outcome = Region(grid, region, killAt: $"{WriteProtocol.ChunkWritten}@{n}");
            Assert.True(outcome.Killed, $"the writer was to die at chunk write {n} but exited {outcome.ExitCode}: {outcome.Errors}");
            stepKills++;
            var (fresh, touched) = VerifyGrid(grid, region, $"kill at chunk write {n} of region {region}");
            Assert.True(fresh >= n && fresh < touched, $"kill at chunk write {n}: {fresh} of {touched} chunks are new");
        }

        var randomKills = 0;
        var partial = 0;
        for (var i = 0; i < 8; i++)
        {
            grid.Generation++;
            var region = RandomRegion(random);
            // After a random number of chunks have been reported written (0: from the start), plus a random delay
            // of up to a few chunk writes: the kill lands anywhere in the write, whatever the machine's load.
            var after = random.Next(0, 20);
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * (after == 0 ? full.SinceReady.TotalMilliseconds : 20));
            var outcome = Region(grid, region, killAfter: delay, afterLines: after);
            if (outcome.Killed) randomKills++;
            var (fresh, touched) = VerifyGrid(grid, region, $"seed {seed}, kill {i} {delay.TotalMilliseconds:0} ms after chunk {after}, region {region}");
            if (fresh > 0 && fresh < touched) partial++;
            output.WriteLine($"  random kill {i} {delay.TotalMilliseconds:0.0} ms after chunk {after}: killed {outcome.Killed}, {fresh} of {touched} chunks new");
        }

        // Re-running a region write finishes the job: the whole grid at one generation.
        grid.Generation++;
        Assert.Equal(0, Region(grid, whole).ExitCode);
        Assert.Equal((64, 64), VerifyGrid(grid, whole, "the final whole-grid write"));
        output.WriteLine($"v{format}: {stepKills} kills at chunk writes, {randomKills} of 8 random kills ({partial} left the region part-written; " +
                         $"full write {full.SinceReady.TotalMilliseconds:0} ms), no chunk torn; {TempFiles(grid.Store)} temporary chunk files left by the kills");
        Assert.True(randomKills >= 6, $"only {randomKills} of 8 random runs were killed before they finished");
    }
}
