using System.Text.Json;
using SciTex.Zarr.CrashSafety;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.Engine.Stores.Staging;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>
/// The object-store write protocol under SIGKILL, against moto_server (S3) and Azurite: a child process re-saves the
/// test tree with -Force semantics and is killed at every protocol step and at seeded random instants. After each
/// kill a reader (which rolls a dead writer's committed replacement forward once its 2 s lease expired) must see every
/// top-level node with exactly its old or its new generation, value by value; then the next writer's recovery must
/// leave no staging behind. In the crash-safety collection: the children share the machine with nothing else timed.
/// </summary>
[Collection(CrashSafetyCollection.Name)]
public sealed class ObjectStoreKillTests(ITestOutputHelper output)
{
    public static TheoryData<string> Kinds => RemoteStoreTests.Kinds;

    /// <summary>A lease short enough that readers roll a dead writer's replacement forward within seconds.</summary>
    private const double LeaseSeconds = 2;

    private sealed class Target(string kind)
    {
        public string Kind { get; } = kind;
        public string Url { get; } = kind == "s3" ? $"s3://{RemoteServers.NewBucket()}/lab/run.zarr" : $"az://{RemoteServers.NewContainer()}/lab/run.zarr";
        public Dictionary<string, string?> Options { get; } = new()
        {
            [kind == "s3" ? "Endpoint" : "ConnectionString"] = kind == "s3" ? RemoteServers.S3Endpoint : RemoteServers.AzuriteConnectionString,
            ["LockLease"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LockWait"] = "60",
        };
        public Dictionary<string, string> Environment => new() { ["SCITEX_CRASHWRITER_STORE_OPTIONS"] = JsonSerializer.Serialize(Options) };
        public Dictionary<string, int> Held { get; } = new();
        public int Generation { get; set; }

        public ObjectStore Open(bool readOnly) => (ObjectStore)StoreFactory.OpenOrCreate(Url, readOnly, Options);
    }

    private static CrashWriterProcess.Outcome Save(Target target, int generation, TimeSpan? killAfter = null, (string Step, string Node)? step = null)
    {
        var arguments = new List<string> { target.Url, generation.ToString(), "3" };
        if (step is { } s) { arguments.Add(s.Step); arguments.Add(s.Node); }
        return CrashWriterProcess.Run(arguments, killAfter, environment: target.Environment);
    }

    private static Target Seeded(string kind)
    {
        _ = kind == "s3" ? RemoteServers.S3Endpoint : RemoteServers.AzuriteEndpoint; // skips (or fails) by name without the server
        StoreFactory.Register(StoreUrl.S3, (url, options, readOnly) => SciTex.Zarr.Stores.S3.S3Store.Open(url, options, readOnly));
        StoreFactory.Register(StoreUrl.Azure, (url, options, readOnly) => SciTex.Zarr.Stores.Azure.AzureBlobStore.Open(url, options, readOnly));
        var target = new Target(kind);
        var outcome = Save(target, 1);
        Assert.True(outcome.ExitCode == 0, $"seeding failed ({outcome.ExitCode}): {outcome.Errors}");
        target.Generation = 1;
        foreach (var name in Generations.TopLevel) target.Held[name] = 1;
        return target;
    }

    /// <summary>Old or new per node for a reader right after the kill, then no staging left once the next writer recovered.</summary>
    private static void VerifyAfterKill(Target target, int saved, string what)
    {
        using (var reader = target.Open(readOnly: true))
        {
            // The whole tree first (what Import-Zarr does): a node being rolled forward must not go missing from its group.
            var whole = (SciTex.Zarr.Engine.Values.LoadedGroup)SciTex.Zarr.Engine.Values.ValueReader.Load(reader, "");
            Assert.True(whole.Children.Count == Generations.TopLevel.Length,
                $"{what}: the root group read right after the kill lists {string.Join(", ", whole.Children.Select(c => c.Path))}");
            AssertOldOrNew(target, saved, Generations.Check(reader), what + " (reader right after the kill)");
            Assert.Equal(Generations.TopLevel.Order().ToArray(), NodeStore.Children(reader, "").Select(c => c.Path).Order().ToArray());
        }
        using var writer = target.Open(readOnly: false);
        // Once the dead writer's lease expired its committed replacement is rolled forward and its uncommitted staging
        // discarded (until then its lock looks live, and a live writer's transaction is never touched).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(LeaseSeconds * 6);
        List<string> residue;
        while (true)
        {
            var pending = writer.RecoverDead();
            residue = writer.ListPrefixAsync(ObjectStore.HiddenPrefix.TrimEnd('/'), includeHidden: true).ToBlockingEnumerable()
                .Where(k => !k.StartsWith(ObjectStore.HiddenPrefix + "locks/", StringComparison.Ordinal)).ToList();
            if ((pending == 0 && residue.Count == 0) || DateTime.UtcNow > deadline) break;
            Thread.Sleep(250);
        }
        Assert.True(residue.Count == 0, $"{what}: staging left after recovery: {string.Join(", ", residue.Take(5))}");
        foreach (var (name, g) in AssertOldOrNew(target, saved, Generations.Check(writer), what + " (after recovery)"))
            target.Held[name] = g;
    }

    private static Dictionary<string, int> AssertOldOrNew(Target target, int saved, Dictionary<string, int> seen, string what)
    {
        foreach (var name in Generations.TopLevel)
        {
            Assert.True(seen.TryGetValue(name, out var g), $"{what}: '{name}' is missing after the kill");
            Assert.True(g == target.Held[name] || g == saved, $"{what}: '{name}' holds generation {g}; expected its old {target.Held[name]} or the new {saved}");
        }
        return seen;
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void KillAtEveryProtocolStepLeavesOldOrNew(string kind)
    {
        var target = Seeded(kind);
        var steps = new[] { WriteProtocol.Staged, WriteProtocol.Committed, ObjectSteps.Withdrawn, ObjectSteps.ChunksCopied, WriteProtocol.Swapped, WriteProtocol.Cleaned };
        var kills = 0;
        foreach (var node in Generations.TopLevel)
        foreach (var step in steps)
        {
            var g = ++target.Generation;
            var outcome = Save(target, g, step: (step, node));
            Assert.True(outcome.Killed, $"the writer was to die at {step} of {node} but exited {outcome.ExitCode}: {outcome.Errors}");
            kills++;
            var before = new Dictionary<string, int>(target.Held);
            VerifyAfterKill(target, g, $"{kind}: kill at {step} of '{node}'");
            // Nodes are staged together and committed in order; from its commit record on, a node rolls forward.
            var order = Array.IndexOf(Generations.TopLevel, node);
            for (var i = 0; i < Generations.TopLevel.Length; i++)
            {
                var name = Generations.TopLevel[i];
                var expectNew = step == WriteProtocol.Staged ? i < order : i <= order;
                Assert.True(target.Held[name] == (expectNew ? g : before[name]),
                    $"{kind}: kill at {step} of '{node}': '{name}' holds {target.Held[name]}, expected {(expectNew ? g : before[name])}");
            }
        }
        output.WriteLine($"{kind}: {kills} kills at protocol steps, no node lost or torn");
    }

    [SkippableTheory]
    [InlineData("s3", 10, 4004)]
    [InlineData("az", 10, 5005)]
    public void KillAtRandomMomentsLeavesOldOrNew(string kind, int kills, int seed)
    {
        var target = Seeded(kind);
        var full = Save(target, ++target.Generation);
        Assert.Equal(0, full.ExitCode);
        VerifyAfterKill(target, target.Generation, $"{kind}: uninterrupted save");
        var random = new Random(seed);
        var killed = 0;
        for (var i = 0; i < kills; i++)
        {
            var g = ++target.Generation;
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * full.SinceReady.TotalMilliseconds * 1.1);
            var outcome = Save(target, g, killAfter: delay);
            if (outcome.Killed) killed++;
            VerifyAfterKill(target, g, $"{kind}: seed {seed}, kill {i} after {delay.TotalMilliseconds:0} ms");
        }
        output.WriteLine($"{kind}: {killed} of {kills} runs killed mid-save (seed {seed}, full save {full.SinceReady.TotalMilliseconds:0} ms), no node lost or torn");
        Assert.True(killed >= kills / 2, $"only {killed} of {kills} runs were killed before they finished: the kills did not test anything");
    }
}
