using System.Management.Automation;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.PowerShell.Abstractions;

namespace SciTex.Zarr.PowerShell.Provider;

/// <summary>
/// A Zarr drive: one store (directory, zip archive or store URL) and a cached read handle on it, so a listing or a
/// pipeline of item calls does not reopen the store per item. Writes through the drive open their own writable
/// handle and then drop the cached one (a zip store publishes a new archive; its old handle would read the old one).
/// </summary>
public sealed class ZarrDriveInfo : PSDriveInfo
{
    private readonly object _gate = new();
    private IZarrStore? _store;
    private string? _storeStamp;
    private Snapshot? _snapshot;
    private (string Stamp, NodeMetadata Node)? _root;

    internal ZarrDriveInfo(PSDriveInfo drive, string location, IReadOnlyDictionary<string, string?> options)
        : base(drive.Name, drive.Provider, location, string.IsNullOrEmpty(drive.Description) ? $"Zarr store {location}" : drive.Description, drive.Credential)
    {
        Location = location;
        Options = options;
    }

    /// <summary>The store's file-system path or URL, as the Zarr cmdlets take it (ZarrNodeInfo.StorePath).</summary>
    public string Location { get; }

    internal IReadOnlyDictionary<string, string?> Options { get; }

    private bool IsUrl => StoreUrl.IsUrl(Location);

    /// <summary>The cached read-only handle, reopened when a local zip archive was replaced since it was opened.</summary>
    internal IZarrStore Store
    {
        get
        {
            lock (_gate)
            {
                var stamp = IsUrl ? null : FileStamp(Location);
                if (_store is not null && stamp != _storeStamp) DropLocked();
                _storeStamp = stamp;
                return _store ??= StoreAccess.OpenExisting(Location, readOnly: true, Options);
            }
        }
    }

    /// <summary>The node at <paramref name="key"/> or null: from the last consolidated listing while the store's metadata is unchanged, else read.</summary>
    internal NodeMetadata? TryNode(string key)
    {
        var store = Store;
        lock (_gate)
        {
            if (_snapshot is { } s && s.Stamp == ConsolidatedStamp(store) && s.Nodes.TryGetValue(key, out var known)) return known;
        }
        if (key.Length > 0) return NodeStore.TryRead(store, key);
        // The root is asked for by every path check; its document may carry megabytes of consolidated metadata.
        var stamp = RootStamp(store);
        lock (_gate)
        {
            if (_root is { } cached && stamp is not null && cached.Stamp == stamp) return cached.Node;
        }
        var root = NodeStore.TryRead(store, "");
        if (root is not null && stamp is not null)
            lock (_gate) _root = (stamp, root);
        return root;
    }

    /// <summary>The children of a group, from the same cache as <see cref="TryNode"/>.</summary>
    internal IReadOnlyList<NodeMetadata> Children(string key)
    {
        var store = Store;
        lock (_gate)
        {
            if (_snapshot is { } s && s.Stamp == ConsolidatedStamp(store) && s.Nodes.ContainsKey(key)) return s.Children[key].ToList();
        }
        return NodeStore.Children(store, key).ToList();
    }

    /// <summary>
    /// The hierarchy below <paramref name="key"/>: one read of fresh consolidated metadata when the store has it (remembered
    /// for the item calls that follow), else node by node; and the stored size of every node, from the same listing.
    /// </summary>
    internal HierarchyListing Walk(string key, out NodeSizes? sizes)
    {
        var store = Store;
        var listing = ConsolidatedTree.Walk(store, key, out sizes, key.Length == 0 ? TryNode("") : null);
        if (listing.FromConsolidated && key.Length == 0)
        {
            var nodes = new Dictionary<string, NodeMetadata>(StringComparer.Ordinal) { [listing.Root.Path] = listing.Root };
            foreach (var node in listing.Descendants) nodes[node.Path] = node;
            lock (_gate) _snapshot = new Snapshot(ConsolidatedStamp(store), nodes, listing.Descendants.ToLookup(n => StoreKeys.Parent(n.Path), StringComparer.Ordinal));
        }
        return listing;
    }

    /// <summary>Runs a change on a writable handle of the store, then forgets every cached view of it.</summary>
    internal T Change<T>(Func<IZarrStore, T> change)
    {
        lock (_gate) DropLocked();
        try
        {
            using var writable = StoreAccess.OpenExisting(Location, readOnly: false, Options);
            return change(writable);
        }
        finally
        {
            lock (_gate) DropLocked();
        }
    }

    /// <summary>Releases the cached handle (Remove-PSDrive, or a change through the drive).</summary>
    internal void Drop()
    {
        lock (_gate) DropLocked();
    }

    private void DropLocked()
    {
        _store?.Dispose();
        _store = null;
        _snapshot = null;
        _root = null;
    }

    /// <summary>Changes whenever consolidated metadata is rewritten (every write by this module to a consolidated store rewrites it).</summary>
    private string? ConsolidatedStamp(IZarrStore store)
    {
        if (!IsUrl && File.Exists(Location)) return FileStamp(Location);
        return $"{store.GetVersion(V3Metadata.DocumentName)}|{store.GetVersion(ConsolidatedMetadata.V2Document)}";
    }

    /// <summary>Changes whenever the root's metadata documents are rewritten; null when the store cannot tell (then nothing is cached).</summary>
    private string? RootStamp(IZarrStore store)
    {
        if (!IsUrl && File.Exists(Location)) return FileStamp(Location);
        var v3 = store.GetVersion(V3Metadata.DocumentName);
        var v2 = store.GetVersion(V2Metadata.GroupDocument) ?? store.GetVersion(V2Metadata.ArrayDocument);
        if (v3 is null && v2 is null) return null;
        return $"{v3}|{v2}|{store.GetVersion(V2Metadata.AttributesDocument)}";
    }

    /// <summary>A local zip archive's last write and size (its writers publish a new archive by rename); null for folders.</summary>
    private static string? FileStamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"{info.LastWriteTimeUtc.Ticks}:{info.Length}" : null;
    }

    private sealed record Snapshot(string? Stamp, Dictionary<string, NodeMetadata> Nodes, ILookup<string, NodeMetadata> Children);
}
