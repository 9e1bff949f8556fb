using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Hierarchy;

/// <summary>
/// Removing, copying and moving nodes (Remove-ZarrNode, Copy-ZarrNode, Move-ZarrNode). A removal is one atomic step
/// (<see cref="IZarrStore.DeleteNode"/>); a copy is staged in full on the destination and swapped in (so it
/// replaces atomically); a move within a directory store is one folder rename, otherwise a copy then a removal.
/// Consolidated metadata is withdrawn around each change and written again after it.
/// </summary>
public static class NodeOperations
{
    /// <summary>Removes a node; a group with children needs <paramref name="recurse"/>.</summary>
    public static NodeMetadata Remove(IZarrStore store, string path, bool recurse)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        if (path.Length == 0)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, "The store's root cannot be removed as a node; remove the store itself (Remove-Item)", store.Name, "/");
        var node = NodeStore.Read(store, path);
        if (node is GroupMetadata && !recurse && NodeStore.Children(store, path).Any())
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Group '{path}' is not empty; use -Recurse to remove it with everything in it. Nothing was removed", store.Name, path);
        var consolidated = ConsolidatedMetadata.Withdraw(store);
        store.DeleteNode(path);
        if (consolidated) ConsolidatedMetadata.Write(store);
        store.Flush();
        return node;
    }

    /// <summary>
    /// Creates an empty group (parents too) through a staged write. An existing group is returned untouched when
    /// <paramref name="force"/> is set (as New-Item -Force returns an existing folder); anything else in the way is ZarrNodeExists.
    /// </summary>
    public static GroupMetadata CreateGroup(IZarrStore store, string path, int? zarrFormat, System.Text.Json.Nodes.JsonObject? attributes, bool force)
    {
        path = StoreKeys.NormalizePath(path, store.Name);
        var format = zarrFormat ?? NodeStore.TryRead(store, "")?.ZarrFormat ?? 3;
        if (path.Length == 0)
            throw new ZarrException(ZarrErrorKind.NodeExists, "The store's root already exists", store.Name, "/");
        ArrayCreator.CheckName(store, path);
        if (force && NodeStore.TryRead(store, path) is GroupMetadata existing) return existing;
        ArrayCreator.CheckPlace(store, path, format, force: false, "group");
        var group = new GroupMetadata(path, format, attributes);
        using var write = store.BeginNodeWrite(path);
        NodeStore.Write(write.Store, group);
        var consolidated = ConsolidatedMetadata.IsPresent(store);
        NodeStore.EnsureGroup(store, StoreKeys.Parent(path), format);
        write.Commit();
        if (consolidated) ConsolidatedMetadata.Write(store);
        store.Flush();
        return group;
    }

    /// <summary>A planned copy: the nodes (source paths, the top one first) and the format they are written in.</summary>
    public sealed record CopyPlan(IZarrStore Source, string SourcePath, IZarrStore Destination, string DestinationPath, int ZarrFormat,
        bool Replaces, IReadOnlyList<NodeMetadata> Nodes, long KeyCount)
    {
        public bool SameStore => ReferenceEquals(Source, Destination);
        public bool Converts => Nodes[0].ZarrFormat != ZarrFormat || Nodes.Any(n => n.ZarrFormat != ZarrFormat);
    }

    public static CopyPlan PlanCopy(IZarrStore source, string sourcePath, IZarrStore destination, string destinationPath, int? zarrFormat, bool force)
    {
        sourcePath = StoreKeys.NormalizePath(sourcePath, source.Name);
        destinationPath = StoreKeys.NormalizePath(destinationPath, destination.Name);
        if (destinationPath.Length == 0)
            throw new ZarrException(ZarrErrorKind.InvalidKey, "Give a destination key: a copy cannot replace the destination's root", destination.Name, "/");
        if (ReferenceEquals(source, destination) && Overlaps(sourcePath, destinationPath))
            throw new ZarrException(ZarrErrorKind.InvalidArgument,
                $"Cannot copy or move '{(sourcePath.Length == 0 ? "/" : sourcePath)}' onto '{destinationPath}': one lies inside the other", source.Name, destinationPath);
        var top = NodeStore.Read(source, sourcePath);
        var nodes = new List<NodeMetadata> { top };
        // Iterative walk (no recursion on deep trees).
        var pending = new Stack<NodeMetadata>();
        if (top is GroupMetadata) pending.Push(top);
        while (pending.Count > 0)
        {
            var group = pending.Pop();
            foreach (var child in NodeStore.Children(source, group.Path))
            {
                nodes.Add(child);
                if (child is GroupMetadata) pending.Push(child);
            }
        }
        var format = zarrFormat ?? NodeStore.TryRead(destination, "")?.ZarrFormat ?? top.ZarrFormat;
        ArrayCreator.CheckName(destination, destinationPath);
        var replaces = ArrayCreator.CheckPlace(destination, destinationPath, format, force, "node");
        foreach (var node in nodes)
        {
            if (node.ZarrFormat == format || node is not ArrayMetadata array) continue;
            try { _ = Convert(array, Rebase(array.Path, sourcePath, destinationPath), format); }
            catch (ZarrException e)
            {
                throw new ZarrException(e.Kind, $"'{array.Path}' cannot be written as Zarr format {format}: {e.Message}. Nothing was written", source.Name, array.Path, e);
            }
        }
        var keys = source.ListPrefix(sourcePath).LongCount();
        return new CopyPlan(source, sourcePath, destination, destinationPath, format, replaces, nodes, keys);
    }

    /// <summary>
    /// Copies through one staged write on the destination. Chunk bytes are copied without decoding: in the same
    /// format every key is copied as it is; between formats the metadata is re-encoded and each chunk moves to its key
    /// in the new chunk key encoding (the codec chain, and so the bytes, are the same in both formats).
    /// </summary>
    public static void Copy(CopyPlan plan, Action<long, long>? progress = null)
    {
        var destination = plan.Destination;
        long done = 0;
        using (var write = destination.BeginNodeWrite(plan.DestinationPath))
        {
            if (!plan.Converts)
            {
                foreach (var key in plan.Source.ListPrefix(plan.SourcePath).ToList())
                {
                    var relative = plan.SourcePath.Length == 0 ? key : key[(plan.SourcePath.Length + 1)..];
                    if (plan.SourcePath.Length == 0 && !BelongsToNode(relative)) continue;
                    if (plan.Source.Get(key) is { } bytes) write.Store.Set(StoreKeys.Join(plan.DestinationPath, relative), bytes);
                    progress?.Invoke(++done, plan.KeyCount);
                }
            }
            else
            {
                foreach (var node in plan.Nodes)
                {
                    var path = Rebase(node.Path, plan.SourcePath, plan.DestinationPath);
                    if (node is not ArrayMetadata array)
                    {
                        NodeStore.Write(write.Store, new GroupMetadata(path, plan.ZarrFormat, node.Attributes));
                        continue;
                    }
                    var converted = Convert(array, path, plan.ZarrFormat);
                    NodeStore.Write(write.Store, converted);
                    var prefix = array.Path.Length == 0 ? "" : array.Path + "/";
                    foreach (var key in plan.Source.ListPrefix(array.Path).ToList())
                    {
                        if (!ChunkKeys.TryParse(array.ChunkKeyEncoding, key[prefix.Length..], array.Rank, out var coordinates)) continue;
                        if (plan.Source.Get(key) is { } bytes) write.Store.Set(converted.ChunkKey(coordinates), bytes);
                        progress?.Invoke(++done, plan.KeyCount);
                    }
                }
            }
            var consolidated = plan.Replaces ? ConsolidatedMetadata.Withdraw(destination) : ConsolidatedMetadata.IsPresent(destination);
            NodeStore.EnsureGroup(destination, StoreKeys.Parent(plan.DestinationPath), plan.ZarrFormat);
            write.Commit();
            if (consolidated) ConsolidatedMetadata.Write(destination);
        }
        destination.Flush();
    }

    /// <summary>
    /// Moves a node. Within one directory store, without replacing anything and without a format change, it is one
    /// folder rename; otherwise a staged copy followed by an atomic removal (a crash between the two leaves both, never neither).
    /// </summary>
    public static void Move(CopyPlan plan, Action<long, long>? progress = null)
    {
        if (plan.SameStore && !plan.Replaces && !plan.Converts)
        {
            var store = plan.Source;
            NodeStore.EnsureGroup(store, StoreKeys.Parent(plan.DestinationPath), plan.ZarrFormat);
            var consolidated = ConsolidatedMetadata.Withdraw(store);
            var renamed = store.TryRenameNode(plan.SourcePath, plan.DestinationPath);
            if (renamed)
            {
                if (consolidated) ConsolidatedMetadata.Write(store);
                store.Flush();
                return;
            }
            if (consolidated) ConsolidatedMetadata.Write(store);
        }
        Copy(plan, progress);
        Remove(plan.Source, plan.SourcePath, recurse: true);
    }

    /// <summary>Root-level keys that are part of the root node (not the staging area or consolidated documents of the whole store).</summary>
    private static bool BelongsToNode(string relative) => !relative.StartsWith(".zarr-", StringComparison.Ordinal);

    private static bool Overlaps(string a, string b) =>
        a.Length == 0 || b.Length == 0 || a == b || b.StartsWith(a + "/", StringComparison.Ordinal) || a.StartsWith(b + "/", StringComparison.Ordinal);

    private static string Rebase(string path, string from, string to) =>
        path == from ? to : StoreKeys.Join(to, from.Length == 0 ? path : path[(from.Length + 1)..]);

    /// <summary>The array's metadata in another format at another path (same codecs, so chunks are byte-identical).</summary>
    private static ArrayMetadata Convert(ArrayMetadata m, string path, int format)
    {
        var encoding = format == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot;
        var fill = m.FillValue.IsUndefined && format == 3 ? DataTypes.FillValue.Default(m.DataType) : m.FillValue;
        var converted = new ArrayMetadata(path, format, m.Shape, m.ChunkShape, m.DataType, fill, encoding, m.Codecs, m.Attributes, m.DimensionNames);
        // Throws a named error when the codecs have no form in the target format (e.g. sharding in v2).
        _ = format == 3 ? V3Metadata.ToJson(converted) : V2Metadata.ArrayToJson(converted);
        return converted;
    }
}
