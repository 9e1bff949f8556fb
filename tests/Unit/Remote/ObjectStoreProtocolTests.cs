using SciTex.Zarr.CrashSafety;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.Engine.Stores.Staging;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>
/// The object-store write protocol step by step, in process, against moto_server and Azurite: the writer is stopped
/// (or failed) at a protocol step through the process-wide <see cref="WriteProtocol.StepReached"/> hook — hence the
/// crash-safety collection, whose other tests set the same hook.
/// </summary>
[Collection(CrashSafetyCollection.Name)]
public class ObjectStoreProtocolTests
{
    public static TheoryData<string> Kinds => RemoteStoreTests.Kinds;

    private static ObjectStore Open(string kind, string? container = null, bool readOnly = false) => RemoteStoreTests.Open(kind, container, readOnly: readOnly);

    private static void SaveA(IZarrStore store, int value, bool force) =>
        RemoteStoreTests.Save(store, "", new Dictionary<string, object?> { ["a"] = Enumerable.Repeat(value, 400).ToArray() }, new SaveOptions { ChunkShape = [10], Force = force });

    private static int[] ReadA(IZarrStore store) => ConsistentRead.Node(store, "a", n => (int[])new ZarrArray(store, (ArrayMetadata)n).Read());

    private static List<string> Hidden(ObjectStore store) => store.ListPrefixAsync(".zarr-txn", includeHidden: true).ToBlockingEnumerable().ToList();

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void ReadersSeeTheOldNodeWhileTheNewOneIsStagedAndWaitWhileItIsCopiedIn(string kind)
    {
        using var store = Open(kind);
        SaveA(store, 1, force: false);
        using var reader = Open(kind, RemoteStoreTests.ContainerOf(store), readOnly: true);
        int[]? whileStaged = null;
        string[]? listedWhileStaged = null;
        Task<int[]>? duringCopy = null;
        WriteProtocol.StepReached = (step, node) =>
        {
            if (node != "a") return;
            if (step == WriteProtocol.Staged)
            {
                whileStaged = ReadA(reader);
                listedWhileStaged = reader.ListPrefix("").ToArray();
            }
            if (step == ObjectSteps.Withdrawn)
            {
                // The node is absent now; a reader must wait for the live writer's commit, not report it missing.
                duringCopy = Task.Run(() => ReadA(reader));
                Thread.Sleep(600);
                Assert.False(duringCopy.IsCompleted, "the reader did not wait for the committed replacement");
            }
        };
        try { SaveA(store, 2, force: true); }
        finally { WriteProtocol.StepReached = null; }
        Assert.Equal(Enumerable.Repeat(1, 400), whileStaged!);
        Assert.DoesNotContain(listedWhileStaged!, k => k.StartsWith(".zarr-txn", StringComparison.Ordinal)); // staging is never listed
        Assert.Equal(Enumerable.Repeat(2, 400), duringCopy!.GetAwaiter().GetResult());
        Assert.Empty(Hidden(store));
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void AWriterThatFailsAfterItsCommitRecordIsRolledForwardByTheNextReader(string kind)
    {
        using var store = Open(kind);
        SaveA(store, 1, force: false);
        WriteProtocol.StepReached = (step, node) => { if (step == ObjectSteps.Withdrawn && node == "a") throw new IOException("injected failure mid-roll-forward"); };
        try { Assert.Throws<IOException>(() => SaveA(store, 2, force: true)); }
        finally { WriteProtocol.StepReached = null; }
        // The writer unlocked but left its committed transaction: the node is absent until somebody rolls it forward.
        Assert.Null(NodeStore.TryRead(store, "a"));
        Assert.Contains(Hidden(store), k => k.EndsWith("/commit", StringComparison.Ordinal));
        using var reader = Open(kind, RemoteStoreTests.ContainerOf(store), readOnly: true);
        Assert.Equal(Enumerable.Repeat(2, 400), ReadA(reader)); // a read-only reader rolls it forward
        Assert.Empty(Hidden(store));
        Assert.Equal(Enumerable.Repeat(2, 400), (int[])ZarrArray.Open(store, "a").Read());
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void AFailedNewSaveLeavesNoVisibleNode(string kind)
    {
        using var store = Open(kind);
        RemoteStoreTests.Save(store, "", new Dictionary<string, object?> { ["keep"] = new[] { 1 } }, new SaveOptions());
        WriteProtocol.StepReached = (step, node) => { if (step == WriteProtocol.Staged && node == "fresh") throw new IOException("injected failure after the chunks"); };
        try
        {
            Assert.ThrowsAny<Exception>(() => RemoteStoreTests.Save(store, "", new Dictionary<string, object?> { ["fresh"] = Enumerable.Range(0, 100).ToArray() }, new SaveOptions { ChunkShape = [10] }));
        }
        finally { WriteProtocol.StepReached = null; }
        Assert.Null(NodeStore.TryRead(store, "fresh"));
        Assert.Empty(store.ListPrefix("fresh")); // nothing reached the node's keys
        Assert.Equal([1], (int[])ZarrArray.Open(store, "keep").Read());
        Assert.Empty(Hidden(store)); // the staging and the lock are gone
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void ServerSideCopyCopiesTheBytes(string kind)
    {
        using var store = Open(kind);
        var value = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        store.Set("src/c/0", value);
        store.CopyAsync("src/c/0", "dst/c/0").AsTask().GetAwaiter().GetResult();
        Assert.Equal(value, store.Get("dst/c/0"));
        var missing = Assert.Throws<ZarrException>(() => store.CopyAsync("src/none", "dst/none").AsTask().GetAwaiter().GetResult());
        Assert.Equal(ZarrErrorKind.KeyNotFound, missing.Kind);
    }
}
