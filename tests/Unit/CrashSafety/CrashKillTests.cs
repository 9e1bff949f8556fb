using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;
using Xunit.Abstractions;

namespace SciTex.Zarr.CrashSafety;

/// <summary>
/// The write protocol under SIGKILL: a child process re-saves the test tree with -Force semantics and is killed at
/// every protocol step and at seeded random instants. After each kill the store must open, every top-level node
/// must hold exactly its previous or its new generation (never a mix, never fill values), no staging residue may be
/// listed, and the next writer must clean up what the dead one left.
/// </summary>
[Collection(CrashSafetyCollection.Name)]
public sealed class CrashKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zarr-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Tracks which generation each node may hold: the one it held before the kill, or the one being saved.</summary>
    private sealed class Expectation(string store, int format)
    {
        public Dictionary<string, int> Held { get; } = new();
        public int Generation { get; private set; }
        public string Store { get; } = store;
        public int Format { get; } = format;

        public int Next() => ++Generation;

        public void Seed(int generation)
        {
            Generation = generation;
            foreach (var name in Generations.TopLevel) Held[name] = generation;
        }
    }

    private Expectation Seeded(string name, int format)
    {
        var expectation = new Expectation(Path.Combine(_dir, name), format);
        var outcome = CrashWriterProcess.Run(expectation.Store, 1, format);
        Assert.False(outcome.Killed, outcome.Errors);
        Assert.Equal(0, outcome.ExitCode);
        expectation.Seed(1);
        return expectation;
    }

    /// <summary>
    /// What every reader must see after a kill (before anyone recovers), and then again once the next writer's open
    /// has recovered what the dead one left: old or new per node, all nodes listed, no staging residue.
    /// </summary>
    private void VerifyAfterKill(Expectation expectation, int saved, string what)
    {
        using (var reader = StoreFactory.OpenOrCreate(expectation.Store, readOnly: true))
        {
            AssertOldOrNew(expectation, saved, Generations.Check(reader), what + " (reader before recovery)");
            var listed = NodeStore.Children(reader, "").Select(c => c.Path).Order().ToArray();
            Assert.Equal(Generations.TopLevel.Order().ToArray(), listed);
        }
        if (StoreFactory.IsZip(expectation.Store))
        {
            using (var zip = StoreFactory.OpenOrCreate(expectation.Store, readOnly: true))
                foreach (var (name, g) in Generations.Check(zip)) expectation.Held[name] = g;
            new ZipStore(expectation.Store).Dispose(); // a writer's open deletes the half-written archive a dead writer left
            var folder = Path.GetDirectoryName(expectation.Store)!;
            var archive = Path.GetFileName(expectation.Store);
            var leftovers = Directory.EnumerateFiles(folder, "." + archive + ".tmp-*").Concat(Directory.EnumerateFiles(folder, "." + archive + ".zip-append-*")).ToList();
            Assert.True(leftovers.Count == 0, $"{what}: temporary archives left after recovery: {string.Join(", ", leftovers)}");
            return;
        }
        using var writer = new DirectoryStore(expectation.Store); // a writer's open recovers what the dead one left
        var residue = TransactionFolder.Transactions(writer.Root).ToList();
        Assert.True(residue.Count == 0, $"{what}: staging residue left after recovery: {string.Join(", ", residue)}");
        foreach (var (name, g) in AssertOldOrNew(expectation, saved, Generations.Check(writer), what + " (after recovery)"))
            expectation.Held[name] = g;
    }

    private static Dictionary<string, int> AssertOldOrNew(Expectation expectation, int saved, Dictionary<string, int> seen, string what)
    {
        foreach (var name in Generations.TopLevel)
        {
            Assert.True(seen.TryGetValue(name, out var g), $"{what}: '{name}' is missing after the kill");
            Assert.True(g == expectation.Held[name] || g == saved,
                $"{what}: '{name}' holds generation {g}; expected its old {expectation.Held[name]} or the new {saved}");
        }
        return seen;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void KillAtEveryProtocolStepLeavesOldOrNew(int format)
    {
        var expectation = Seeded($"steps-v{format}.zarr", format);
        var steps = new[] { WriteProtocol.Staged, WriteProtocol.Committed, WriteProtocol.OldMovedAside, WriteProtocol.Swapped, WriteProtocol.Cleaned };
        var kills = 0;
        foreach (var node in Generations.TopLevel)
        foreach (var step in steps)
        {
            var g = expectation.Next();
            var outcome = CrashWriterProcess.Run(expectation.Store, g, format, step: (step, node));
            Assert.True(outcome.Killed, $"the writer was to die at {step} of {node} but exited {outcome.ExitCode}: {outcome.Errors}");
            kills++;
            var before = new Dictionary<string, int>(expectation.Held);
            VerifyAfterKill(expectation, g, $"kill at {step} of '{node}'");
            // The protocol's promise, step by step: nodes are staged together and swapped in order.
            var order = Array.IndexOf(Generations.TopLevel, node);
            for (var i = 0; i < Generations.TopLevel.Length; i++)
            {
                var name = Generations.TopLevel[i];
                // Before the commit record nothing is visible; from it on the killed node rolls forward.
                var expectNew = step == WriteProtocol.Staged ? i < order : i <= order;
                Assert.True(expectation.Held[name] == (expectNew ? g : before[name]),
                    $"kill at {step} of '{node}': '{name}' holds {expectation.Held[name]}, expected {(expectNew ? g : before[name])}");
            }
        }
        output.WriteLine($"format {format}: {kills} kills at protocol steps, no node lost or torn");
    }

    [Fact]
    public void KillWhileAZipArchiveIsAppendedToRollsItBack()
    {
        var expectation = Seeded("append.zarr.zip", 3);
        for (var i = 0; i < 3; i++)
        {
            var g = expectation.Next();
            var before = expectation.Held.ToDictionary();
            var outcome = CrashWriterProcess.Run(expectation.Store, g, 3, step: (WriteProtocol.ZipAppended, "*"));
            Assert.True(outcome.Killed, $"the writer was to die with its append on disk but exited {outcome.ExitCode}: {outcome.Errors}");
            VerifyAfterKill(expectation, g, $"kill {i} after the append, before its commit");
            Assert.Equal(before, expectation.Held); // the journal was not deleted: the append is rolled back
        }
        var done = CrashWriterProcess.Run(expectation.Store, expectation.Next(), 3);
        Assert.Equal(0, done.ExitCode);
        VerifyAfterKill(expectation, expectation.Generation, "uninterrupted save after the rolled-back appends");
        Assert.All(expectation.Held.Values, g => Assert.Equal(expectation.Generation, g));
    }

    [Theory]
    [InlineData("random-v3.zarr", 3, 30, 1001)]
    [InlineData("random-v2.zarr", 2, 12, 2002)]
    [InlineData("random.zarr.zip", 3, 8, 3003)]
    public void KillAtRandomMomentsLeavesOldOrNew(string name, int format, int kills, int seed)
    {
        var expectation = Seeded(name, format);
        // How long one whole save takes here, so kills spread over all of it (and a little past the end).
        var full = CrashWriterProcess.Run(expectation.Store, expectation.Next(), format);
        Assert.Equal(0, full.ExitCode);
        VerifyAfterKill(expectation, expectation.Generation, "uninterrupted save");
        var random = new Random(seed);
        var killed = 0;
        for (var i = 0; i < kills; i++)
        {
            var g = expectation.Next();
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * full.SinceReady.TotalMilliseconds * 1.1);
            var outcome = CrashWriterProcess.Run(expectation.Store, g, format, killAfter: delay);
            if (outcome.Killed) killed++;
            VerifyAfterKill(expectation, g, $"seed {seed}, kill {i} after {delay.TotalMilliseconds:0} ms");
        }
        output.WriteLine($"{name}: {killed} of {kills} runs killed mid-save (seed {seed}, full save {full.SinceReady.TotalMilliseconds:0} ms), no node lost or torn");
        Assert.True(killed >= kills / 2, $"only {killed} of {kills} runs were killed before they finished: the kills did not test anything");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashSafetyCollection
{
    public const string Name = "Crash safety (child processes, timing)";
}
