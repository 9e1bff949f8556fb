using SciTex.Zarr.Engine.Conversion.Hdf5;
using SciTex.Zarr.Engine.Conversion.Npy;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Conversion;

/// <summary>Opens a file to convert, by its content (magic bytes) first and its extension second.</summary>
public static class ConversionSources
{
    public static readonly string[] Extensions = [".h5", ".hdf5", ".he5", ".hdf", ".npy", ".npz"];

    private static ReadOnlySpan<byte> Hdf5Magic => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> ZipMagic => "PK"u8;

    /// <param name="options">Which datasets to read and whether unsupported ones are skipped (HDF5); null reads all, strictly.</param>
    public static IConversionSource Open(string path, ConversionOptions? options = null)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
            throw new ZarrException(ZarrErrorKind.StoreNotFound, $"Source file '{path}' does not exist", path);
        Span<byte> head = stackalloc byte[8];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];

        if (NpyHeader.HasMagic(head)) return NpySource.Open(path);
        if (head.StartsWith(ZipMagic)) return NpzSource.Open(path);
        // HDF5 may start with a user block (512, 1024, … bytes), so the extension decides when the magic is not at 0.
        if (head.StartsWith(Hdf5Magic) || IsHdf5Extension(path)) return Hdf5Source.Open(path, options);

        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".npy" or ".npz")
            throw SourceErrors.Corrupt(path, null, extension == ".npy" ? "no .npy magic (\\x93NUMPY) at the start" : "not a zip archive");
        throw new ZarrException(ZarrErrorKind.InvalidArgument,
            $"'{path}' is not an HDF5, .npy or .npz file (supported extensions: {string.Join(", ", Extensions)})", path);
    }

    private static bool IsHdf5Extension(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".h5" or ".hdf5" or ".he5" or ".hdf";
}
