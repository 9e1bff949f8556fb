using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Hierarchy;

/// <summary>
/// Reads a node so that a concurrent replacement can never show through as a mix of old and new, or as fill-value
/// holes where chunks were moved away mid-read: the node's metadata version is taken before and after the read, and
/// the read is repeated when it changed (or the node vanished while a replacement was being swapped in).
/// </summary>
public static class ConsistentRead
{
    /// <summary>Attempts before a node that keeps being replaced is reported as <see cref="ZarrErrorKind.ConcurrentModification"/>.</summary>
    public const int MaxAttempts = 20;

    public static T Node<T>(IZarrStore store, string path, Func<NodeMetadata, T> read)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        for (var attempt = 1; ; attempt++)
        {
            var before = Version(store, path);
            T result;
            try
            {
                var node = NodeStore.TryRead(store, path);
                if (node is null)
                {
                    if (attempt < MaxAttempts && store.WaitForPendingCommit(path)) continue;
                    return read(NodeStore.Read(store, path)); // throws the usual KeyNotFound
                }
                result = ReadOutermost(node, read, out var outermost);
                // A group read on an object store lists its children; a child being copied into place by a committed
                // replacement is absent meanwhile (for a whole round of copies, not microseconds), so the outermost
                // group read checks once for such a replacement below it and reads again after it.
                if (outermost && node is GroupMetadata && attempt < MaxAttempts && store.Capabilities.HasFlag(StoreCapabilities.HighLatency)
                    && store.WaitForPendingCommit(path)) continue;
            }
            catch (Exception e) when (e is ZarrException or IOException && attempt < MaxAttempts && (Version(store, path) != before || store.WaitForPendingCommit(path)))
            {
                continue; // the error came from a replacement under our feet (a chunk or a child moved away)
            }
            if (Version(store, path) == before) return result;
            if (attempt >= MaxAttempts)
                throw new ZarrException(ZarrErrorKind.ConcurrentModification,
                    $"The node was replaced {MaxAttempts} times while it was being read; try again when the writers are done", store.Name, path);
            store.WaitForPendingCommit(path);
        }
    }

    [ThreadStatic] private static int _groupDepth;

    /// <summary>Runs <paramref name="read"/>, telling whether it is the outermost group read on this thread (nested group reads are covered by it).</summary>
    private static T ReadOutermost<T>(NodeMetadata node, Func<NodeMetadata, T> read, out bool outermost)
    {
        outermost = _groupDepth == 0;
        if (node is not GroupMetadata) return read(node);
        _groupDepth++;
        try { return read(node); }
        finally { _groupDepth--; }
    }

    /// <summary>The version of whichever metadata document the node has (v3 first, as <see cref="NodeStore.TryRead"/> does).</summary>
    public static string? Version(IZarrStore store, string path) =>
        store.GetVersion(StoreKeys.Join(path, V3Metadata.DocumentName))
        ?? store.GetVersion(StoreKeys.Join(path, V2Metadata.ArrayDocument))
        ?? store.GetVersion(StoreKeys.Join(path, V2Metadata.GroupDocument));

    /// <summary>Throws when the node's version moved on since <paramref name="expected"/> (for reads emitted in parts).</summary>
    public static void EnsureUnchanged(IZarrStore store, string path, string? expected)
    {
        if (Version(store, path) != expected)
            throw new ZarrException(ZarrErrorKind.ConcurrentModification,
                "The array was replaced while it was being streamed; the blocks already emitted belong to the old array", store.Name, path);
    }
}
