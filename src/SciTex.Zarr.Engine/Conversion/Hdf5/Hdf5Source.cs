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
    private readonly ConversionOptions? _options;

    static Hdf5Source() => LzfFilter.EnsureRegistered();

    private Hdf5Source(string path, NativeFile file, ConversionOptions? options)
    {
        FilePath = path;
        _options = options;
        _file = file;
        Root = new Group(this, file, "");
    }

    public static Hdf5Source Open(string path, ConversionOptions? options = null)
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
        return new Hdf5Source(path, file, options);
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

    /// <summary>The dataset, or null (with a warning naming it and why) when it cannot be converted and skipping is on.</summary>
    private Hdf5Dataset? Open(IH5Dataset dataset, string path)
    {
        try
        {
            return Guard(path, () => new Hdf5Dataset(FilePath, (NativeDataset)dataset, path, Hdf5Attributes.Read(dataset, FilePath, path, _warnings)));
        }
        catch (Errors.ZarrException e) when (_options?.SkipUnsupported == true && e.Kind is Errors.ZarrErrorKind.UnsupportedDataType or Errors.ZarrErrorKind.UnsupportedCodec)
        {
            _warnings.Add($"'{FilePath}': dataset '/{path}' was skipped, it cannot be converted: {e.Message}");
            return null;
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
                if (child is IH5Group or IH5Dataset && owner._options?.Select is { } select && !select(childPath, child is IH5Group)) continue;
                switch (child)
                {
                    case IH5Group subGroup:
                        yield return new Group(owner, subGroup, childPath);
                        break;
                    case IH5Dataset dataset when dataset.Space.Type == H5DataspaceType.Null:
                        owner._warnings.Add($"'{owner.FilePath}': dataset '/{childPath}' has a null dataspace (no data) and was skipped");
                        break;
                    case IH5Dataset dataset:
                        if (owner.Open(dataset, childPath) is { } opened) yield return opened;
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
