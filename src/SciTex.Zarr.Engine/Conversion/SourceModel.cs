using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Engine.Conversion;

/// <summary>A node of a file being converted into Zarr: a group (HDF5 group, .npz archive) or a dataset.</summary>
public interface ISourceNode
{
    /// <summary>The node's name inside its parent ("" for a file's root).</summary>
    string Name { get; }

    /// <summary>Attributes as Zarr attributes (JSON).</summary>
    JsonObject Attributes { get; }
}

public interface ISourceGroup : ISourceNode
{
    /// <summary>Child nodes, opened lazily so a file with many datasets never holds them all.</summary>
    IEnumerable<ISourceNode> Children();
}

/// <summary>An n-d array in a source file, readable block by block.</summary>
public interface ISourceDataset : ISourceNode
{
    long[] Shape { get; }
    ZarrDataType DataType { get; }

    /// <summary>The source's own chunk shape (HDF5 chunked layout), or null when it has none.</summary>
    int[]? ChunkShape { get; }

    /// <summary>True when the data lies in Fortran order, so blocks should grow along the first axes instead of the last.</summary>
    bool IsFortranOrder => false;

    /// <summary>
    /// Reads the block that starts at <paramref name="start"/> and has <paramref name="destination"/>'s shape into it.
    /// The destination's element type is <see cref="ZarrDataType.ClrType"/>; a 0-d dataset reads into a one-element 1-D array.
    /// </summary>
    void ReadBlock(ReadOnlySpan<long> start, Array destination);
}

/// <summary>An opened source file. Disposing closes the file.</summary>
public interface IConversionSource : IDisposable
{
    /// <summary>The file's path, for messages.</summary>
    string FilePath { get; }

    /// <summary>The root: a group (HDF5, .npz) or a single dataset (.npy).</summary>
    ISourceNode Root { get; }

    /// <summary>Things that were skipped (e.g. attributes of types Zarr attributes cannot hold).</summary>
    IReadOnlyList<string> Warnings { get; }
}
