namespace SciTex.Zarr.Engine.Stores;

/// <summary>
/// The keys of an in-memory listing (a zip archive's entries plus pending writes) indexed by folder, so that
/// <see cref="ListDir"/> costs the size of its answer and <see cref="ListPrefix"/> the size of the subtree, instead
/// of a scan over every key per call (which made tree walks over deep or wide zip hierarchies quadratic).
/// Not thread-safe: the owning store serialises access.
/// </summary>
internal sealed class KeyIndex
{
    private sealed class Folder
    {
        public readonly SortedSet<string> Files = new(StringComparer.Ordinal);
        public readonly SortedSet<string> Folders = new(StringComparer.Ordinal);
        public bool IsEmpty => Files.Count == 0 && Folders.Count == 0;
    }

    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Folder> _folders = new(StringComparer.Ordinal) { [""] = new Folder() };

    public int Count => _keys.Count;

    public bool Contains(string key) => _keys.Contains(key);

    /// <summary>
    /// Adds a key: its folder gets the file, and missing folders are linked upwards only until one that exists, so
    /// a key costs its own length (no per-ancestor substrings: those made deep hierarchies quadratic).
    /// </summary>
    public void Add(string key)
    {
        if (!_keys.Add(key)) return;
        var slash = key.LastIndexOf('/');
        FolderAt(slash < 0 ? "" : key[..slash]).Files.Add(key[(slash + 1)..]);
    }

    private Folder FolderAt(string path)
    {
        if (_folders.TryGetValue(path, out var existing)) return existing;
        var created = new Folder();
        _folders[path] = created;
        var slash = path.LastIndexOf('/');
        FolderAt(slash < 0 ? "" : path[..slash]).Folders.Add(path[(slash + 1)..]);
        return created;
    }

    /// <summary>Removes a key; folders left empty are unlinked upwards until one that still holds something.</summary>
    public void Remove(string key)
    {
        if (!_keys.Remove(key)) return;
        var slash = key.LastIndexOf('/');
        var path = slash < 0 ? "" : key[..slash];
        var folder = _folders[path];
        folder.Files.Remove(key[(slash + 1)..]);
        while (path.Length > 0 && folder.IsEmpty)
        {
            _folders.Remove(path);
            slash = path.LastIndexOf('/');
            var name = path[(slash + 1)..];
            path = slash < 0 ? "" : path[..slash];
            folder = _folders[path];
            folder.Folders.Remove(name);
        }
    }

    /// <summary>Immediate files and folders of a (normalised) prefix, sorted.</summary>
    public (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix) =>
        _folders.TryGetValue(prefix, out var node) ? (node.Files.ToList(), node.Folders.ToList()) : ([], []);

    /// <summary>Every key below a (normalised) prefix, ordinally sorted; walks only that subtree, iteratively.</summary>
    public List<string> ListPrefix(string prefix)
    {
        var result = new List<string>();
        if (!_folders.ContainsKey(prefix)) return result;
        var pending = new Stack<string>();
        pending.Push(prefix);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            var node = _folders[folder];
            foreach (var file in node.Files) result.Add(StoreKeys.Join(folder, file));
            foreach (var child in node.Folders) pending.Push(StoreKeys.Join(folder, child));
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
