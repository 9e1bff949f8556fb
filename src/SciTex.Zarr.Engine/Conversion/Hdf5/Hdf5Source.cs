using System.Text.Json.Nodes;
using PureHDF;
using PureHDF.VOL.Native;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Conversion.Hdf5;

/// <summary>
/// An HDF5 file read with PureHDF (managed, MIT): groups, datasets and attributes, as h5py would present them.
/// Soft links are followed (h5py does too); external and dangling links are skipped with a warning.
/// </summary>
internal sealed class Hdf5Source : IConversionSource
{
    private readonly NativeFile _file;
    private readonly List<string> _warnings = [];

    static Hdf5Source() => LzfFilter.EnsureRegistered();

    private Hdf5Source(string path, NativeFile file)
    {
        FilePath = path;
        _file = file;
        Root = new Group(this, file, "");
    }

    public static Hdf5Source Open(string path)
    {
        NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not (IOException and not EndOfStreamException) and not UnauthorizedAccessException and not OutOfMemoryException)
        {
            throw SourceErrors.Corrupt(path, null, $"not a readable HDF5 file ({e.Message})", e);
        }
        return new Hdf5Source(path, file);
    }

    public string FilePath { get; }
    public ISourceNode Root { get; }
    public IReadOnlyList<string> Warnings => _warnings;

    public void Dispose() => _file.Dispose();

    /// <summary>Runs a metadata read, turning PureHDF's bare exceptions into named errors.</summary>
    private T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not Errors.ZarrException and not OutOfMemoryException)
        {
            throw SourceErrors.Corrupt(FilePath, "/" + path, e.Message, e);
        }
    }

    private sealed class Group(Hdf5Source owner, IH5Group group, string path) : ISourceGroup
    {
        public string Name { get; } = StoreKeys.LastSegment(path);
        public JsonObject Attributes { get; } = owner.Guard(path, () => Hdf5Attributes.Read(group, owner.FilePath, path, owner._warnings));

        public IEnumerable<ISourceNode> Children()
        {
            var children = owner.Guard(path, () => group.Children().ToList());
            foreach (var child in children.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                var childPath = StoreKeys.Join(path, child.Name);
                switch (child)
                {
                    case IH5Group subGroup:
                        yield return new Group(owner, subGroup, childPath);
                        break;
                    case IH5Dataset dataset when dataset.Space.Type == H5DataspaceType.Null:
                        owner._warnings.Add($"'{owner.FilePath}': dataset '/{childPath}' has a null dataspace (no data) and was skipped");
                        break;
                    case IH5Dataset dataset:
                        yield return owner.Guard(childPath, () => new Hdf5Dataset(owner.FilePath, (NativeDataset)dataset, childPath,
                            Hdf5Attributes.Read(dataset, owner.FilePath, childPath, owner._warnings)));
                        break;
                    case IH5UnresolvedLink link:
                        owner._warnings.Add($"'{owner.FilePath}': link '/{childPath}' could not be resolved and was skipped ({link.Reason?.Message})");
                        break;
                    // Committed (named) data types carry no data.
                }
            }
        }
    }
}
