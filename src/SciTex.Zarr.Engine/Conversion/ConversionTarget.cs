using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Engine.Conversion;

/// <summary>
/// Where a conversion writes before it is committed, so a failed or interrupted conversion never leaves a
/// half-written node where the user expects data, and never touches data that was there before.
/// <list type="bullet">
/// <item>A new store is written to the sibling folder <c>&lt;store&gt;.partial</c> and renamed into place.</item>
/// <item>A node added to an existing store follows the store's write protocol (docs/write-protocol.md): it is staged
/// in the store's hidden <c>.zarr-txn</c> folder and swapped in on commit; with <c>force</c> the node it replaces
/// stays readable until then. What a killed conversion leaves there is cleaned up by the next writer.</item>
/// </list>
/// <item>An object store (s3://, az://): a node is staged and rolled forward by the object-store protocol
/// (docs/object-stores.md), parent groups created just before; a whole new store is written with its root
/// documents held back until commit, so the URL holds no store until then (replacing a whole object store is refused).</item>
/// A new store left by a killed process keeps its ".partial" name; the next conversion to the same target refuses
/// to start unless <c>force</c> is given, and then replaces it.
/// </summary>
public sealed class ConversionTarget : IDisposable
{
    private readonly string _storeRoot;
    private readonly string? _stagingDirectory;
    private readonly IStagedWrite? _staged;
    private readonly bool _newStore;
    private readonly bool _force;
    /// <summary>The destination when it is a store URL (owned: disposed with the target).</summary>
    private readonly IZarrStore? _remote;
    private readonly HeldRootStore? _heldRoot;
    private bool _committed;

    private ConversionTarget(string storeRoot, string key, string? stagingDirectory, IStagedWrite? staged, bool newStore, bool force, int zarrFormat, IZarrStore store, string stagingPath,
        IZarrStore? remote = null, HeldRootStore? heldRoot = null)
    {
        _remote = remote;
        _heldRoot = heldRoot;
        _storeRoot = storeRoot;
        Key = key;
        _stagingDirectory = stagingDirectory;
        _staged = staged;
        _newStore = newStore;
        _force = force;
        ZarrFormat = zarrFormat;
        Store = store;
        Path = stagingPath;
    }

    /// <summary>The node path inside the store the conversion is for.</summary>
    public string Key { get; }
    public int ZarrFormat { get; }
    /// <summary>The store to write into, and the node path to write at, until <see cref="Commit"/>.</summary>
    public IZarrStore Store { get; }
    public string Path { get; }

    /// <summary>Checks the destination and opens a staging area. Nothing of the user's is changed yet.</summary>
    /// <param name="zarrFormat">2 or 3; null takes an existing store's format, else 3.</param>
    /// <param name="storeOptions">Options of a store URL destination.</param>
    public static ConversionTarget Begin(string storePath, string? key, bool force, int? zarrFormat, IReadOnlyDictionary<string, string?>? storeOptions = null)
    {
        if (StoreFactory.IsUrl(storePath)) return BeginRemote(storePath, key, force, zarrFormat, storeOptions);
        var root = System.IO.Path.GetFullPath(storePath).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        key = StoreKeys.NormalizePath(key, root);
        if (File.Exists(root))
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Destination '{root}' is a file, not a directory store", root);
        var existing = Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any();

        if (!existing || key.Length == 0)
        {
            if (existing)
            {
                if (!force) throw new ZarrException(ZarrErrorKind.NodeExists, $"Destination store '{root}' already exists; use -Force to replace it", root);
                CheckIsStore(root);
            }
            var staging = root + ".partial";
            ClearStaleStaging(staging, force, root);
            Directory.CreateDirectory(staging);
            var store = new DirectoryStore(staging);
            var format = zarrFormat ?? 3;
            if (key.Length > 0) NodeStore.EnsureGroup(store, StoreKeys.Parent(key), format);
            return new ConversionTarget(root, key, staging, null, newStore: true, force, format, store, key);
        }

        var target = new DirectoryStore(root);
        var rootNode = CheckIsStore(root);
        var storeFormat = rootNode.ZarrFormat;
        if (zarrFormat is { } wanted && wanted != storeFormat)
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Store '{root}' is Zarr format {storeFormat}; cannot add a format {wanted} node to it", root);
        if (NodeStore.TryRead(target, key) is not null && !force)
            throw new ZarrException(ZarrErrorKind.NodeExists, $"'{key}' already exists in '{root}'; use -Force to replace it", root, key);
        var staged = target.BeginNodeWrite(key);
        return new ConversionTarget(root, key, null, staged, newStore: false, force, storeFormat, staged.Store, key);
    }

    private static ConversionTarget BeginRemote(string url, string? key, bool force, int? zarrFormat, IReadOnlyDictionary<string, string?>? storeOptions)
    {
        var store = StoreFactory.OpenOrCreate(url, readOnly: false, storeOptions);
        try
        {
            key = StoreKeys.NormalizePath(key, store.Name);
            var root = NodeStore.TryRead(store, "");
            var format = root?.ZarrFormat ?? zarrFormat ?? 3;
            if (root is not null && zarrFormat is { } wanted && wanted != format)
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Store '{store.Name}' is Zarr format {format}; cannot add a format {wanted} node to it", store.Name);
            if (key.Length == 0)
            {
                if (root is not null)
                    throw force
                        ? new ZarrException(ZarrErrorKind.NotSupported, "Replacing a whole object store is not supported: convert into a key of it (-Key), or remove its nodes first", store.Name)
                        : new ZarrException(ZarrErrorKind.NodeExists, $"Destination store '{store.Name}' already exists; convert into a key of it (-Key)", store.Name);
                var held = new HeldRootStore(store);
                return new ConversionTarget(store.Name, key, null, null, newStore: false, force, format, held, key, store, held);
            }
            if (NodeStore.TryRead(store, key) is not null && !force)
                throw new ZarrException(ZarrErrorKind.NodeExists, $"'{key}' already exists in '{store.Name}'; use -Force to replace it", store.Name, key);
            var staged = store.BeginNodeWrite(key);
            return new ConversionTarget(store.Name, key, null, staged, newStore: false, force, format, staged.Store, key, store);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static NodeMetadata CheckIsStore(string root) =>
        NodeStore.TryRead(new DirectoryStore(root, readOnly: true), "")
        ?? throw new ZarrException(ZarrErrorKind.NotAStore, $"'{root}' exists but is not a Zarr store (no root group); refusing to write into it", root);

    private static void ClearStaleStaging(string staging, bool force, string root)
    {
        if (!Directory.Exists(staging)) return;
        if (!force)
            throw new ZarrException(ZarrErrorKind.NodeExists,
                $"An incomplete conversion was left at '{staging}' (an earlier run failed or was stopped); use -Force to replace it", root);
        Directory.Delete(staging, recursive: true);
    }

    /// <summary>Moves the staged node or store into place.</summary>
    public void Commit()
    {
        if (_remote is not null)
        {
            if (_heldRoot is not null) _heldRoot.Publish();
            else
            {
                if (!_force && NodeStore.TryRead(_remote, Key) is not null)
                    throw new ZarrException(ZarrErrorKind.NodeExists, $"'{Key}' appeared in '{_storeRoot}' during the conversion", _storeRoot, Key);
                NodeStore.EnsureGroup(_remote, StoreKeys.Parent(Key), ZarrFormat);
                _staged!.Commit();
            }
            _committed = true;
            return;
        }
        if (_newStore)
        {
            string? aside = null;
            if (Directory.Exists(_storeRoot))
            {
                aside = $"{_storeRoot}.replaced-{Guid.NewGuid():N}";
                // Only reached with force (checked in Begin), or when the folder was empty.
                Directory.Move(_storeRoot, aside);
            }
            Directory.Move(_stagingDirectory!, _storeRoot);
            if (aside is not null) Directory.Delete(aside, recursive: true);
        }
        else
        {
            var store = new DirectoryStore(_storeRoot);
            if (!_force && NodeStore.TryRead(store, Key) is not null)
                throw new ZarrException(ZarrErrorKind.NodeExists, $"'{Key}' appeared in '{_storeRoot}' during the conversion", _storeRoot, Key);
            NodeStore.EnsureGroup(store, StoreKeys.Parent(Key), ZarrFormat);
            _staged!.Commit();
        }
        _committed = true;
    }

    /// <summary>Without a commit, removes the staging area (only ever our own "partial" folder).</summary>
    public void Dispose()
    {
        _staged?.Dispose();
        if (_remote is not null)
        {
            if (!_committed) _heldRoot?.Discard();
            _remote.Dispose();
            return;
        }
        if (_committed || _stagingDirectory is null || !Directory.Exists(_stagingDirectory)) return;
        try { Directory.Delete(_stagingDirectory, recursive: true); }
        catch (IOException) { /* stays, clearly named; the next run with force replaces it */ }
        catch (UnauthorizedAccessException) { }
    }
}
