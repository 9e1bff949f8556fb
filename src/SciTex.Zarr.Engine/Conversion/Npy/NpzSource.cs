using System.IO.Compression;
using System.Text.Json.Nodes;

namespace SciTex.Zarr.Engine.Conversion.Npy;

/// <summary>
/// A .npz archive (np.savez or np.savez_compressed): every <c>name.npy</c> member becomes an array <c>name</c>.
/// Members named with '/' become arrays inside groups. Members are streamed from the archive, never extracted.
/// </summary>
internal sealed class NpzSource : IConversionSource
{
    private readonly ZipArchive _archive;
    private readonly List<NpyDataset> _opened = [];
    private readonly List<string> _warnings = [];

    private NpzSource(string path, ZipArchive archive)
    {
        FilePath = path;
        _archive = archive;
        Root = BuildTree();
    }

    public static NpzSource Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw SourceErrors.Corrupt(path, null, $"not a readable zip archive ({e.Message})", e);
        }
        return new NpzSource(path, archive);
    }

    public string FilePath { get; }
    public ISourceNode Root { get; }
    public IReadOnlyList<string> Warnings => _warnings;

    private Group BuildTree()
    {
        var root = new Group("");
        foreach (var entry in _archive.Entries)
        {
            if (entry.FullName.EndsWith('/')) continue; // a directory entry
            if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
            {
                _warnings.Add($"'{FilePath}': member '{entry.FullName}' is not a .npy array and was skipped");
                continue;
            }
            var parts = entry.FullName[..^4].Split('/', StringSplitOptions.RemoveEmptyEntries);
            var group = root;
            foreach (var part in parts[..^1]) group = group.SubGroup(part);
            group.Members.Add(new Member(parts[^1], entry, this));
        }
        return root;
    }

    private NpyDataset OpenMember(string name, ZipArchiveEntry entry)
    {
        var bytes = new ZipEntryByteSource(entry);
        try
        {
            var header = NpyHeader.Read(bytes, FilePath, entry.FullName);
            var dataset = new NpyDataset(name, bytes, header);
            _opened.Add(dataset);
            return dataset;
        }
        catch (InvalidDataException e)
        {
            bytes.Dispose();
            throw SourceErrors.Corrupt(FilePath, entry.FullName, $"the member cannot be decompressed ({e.Message})", e);
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var dataset in _opened) dataset.Dispose();
        _archive.Dispose();
    }

    private sealed record Member(string Name, ZipArchiveEntry Entry, NpzSource Owner);

    private sealed class Group(string name) : ISourceGroup
    {
        private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
        public List<Member> Members { get; } = [];
        public string Name { get; } = name;
        public JsonObject Attributes { get; } = [];

        public Group SubGroup(string name)
        {
            if (!_groups.TryGetValue(name, out var group)) _groups[name] = group = new Group(name);
            return group;
        }

        public IEnumerable<ISourceNode> Children()
        {
            foreach (var group in _groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal)) yield return group;
            // Headers are read when listed, data only when copied.
            foreach (var member in Members.OrderBy(m => m.Name, StringComparer.Ordinal))
                yield return member.Owner.OpenMember(member.Name, member.Entry);
        }
    }
}
