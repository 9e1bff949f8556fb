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
        /// <summary>Keys anywhere below; a folder with none is removed from its parent.</summary>
        public long Count;
    }

    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Folder> _folders = new(StringComparer.Ordinal) { [""] = new Folder() };

    public int Count => _keys.Count;

    public bool Contains(string key) => _keys.Contains(key);

    public void Add(string key)
    {
        if (!_keys.Add(key)) return;
        var folder = "";
        var start = 0;
        while (true)
        {
            var node = _folders[folder];
            node.Count++;
            var slash = key.IndexOf('/', start);
            if (slash < 0)
            {
                node.Files.Add(key[start..]);
                return;
            }
            var name = key[start..slash];
            var child = key[..slash];
            if (!_folders.ContainsKey(child))
            {
                _folders[child] = new Folder();
                node.Folders.Add(name);
            }
            folder = child;
            start = slash + 1;
        }
    }

    public void Remove(string key)
    {
        if (!_keys.Remove(key)) return;
        var folder = "";
        var start = 0;
        while (true)
        {
            var node = _folders[folder];
            node.Count--;
            var slash = key.IndexOf('/', start);
            if (slash < 0)
            {
                node.Files.Remove(key[start..]);
                return;
            }
            var child = key[..slash];
            if (_folders[child].Count == 1)
            {
                // The last key below this folder goes: the folder goes with it, and so does every folder on the rest
                // of the key's path (this key was the only one below each of them).
                node.Folders.Remove(key[start..slash]);
                for (var end = slash; end >= 0; end = key.IndexOf('/', end + 1)) _folders.Remove(key[..end]);
                return;
            }
            folder = child;
            start = slash + 1;
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
