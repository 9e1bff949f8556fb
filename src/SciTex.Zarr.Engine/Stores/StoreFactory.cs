using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores;

/// <summary>Opens a filesystem path as the right store: a zip store for <c>*.zip</c> (and zip files under any name), a directory store otherwise.</summary>
public static class StoreFactory
{
    /// <summary>
    /// Opens <paramref name="path"/>. Zip when the name ends with <c>.zip</c> (so <c>.zarr.zip</c> too) or when an existing
    /// file starts with a zip signature (SciTeX can write a zip named <c>x.zarr</c>). Read-only opens fail on a missing path.
    /// </summary>
    public static IZarrStore OpenOrCreate(string path, bool readOnly = false)
    {
        var full = Path.GetFullPath(path);
        if (IsZip(full)) return new ZipStore(full, readOnly);
        if (File.Exists(full))
            throw new ZarrException(ZarrErrorKind.StoreNotFound, "Path is a file that is neither a zip archive nor a Zarr directory", full);
        if (readOnly && !Directory.Exists(full))
            throw new ZarrException(ZarrErrorKind.StoreNotFound, "Zarr store does not exist", full);
        return new DirectoryStore(full, readOnly);
    }

    public static bool IsZip(string path)
    {
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return true;
        if (!File.Exists(path)) return false;
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        // Local file header, or the end-of-central-directory record of an empty archive.
        return file.Read(magic) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] is 3 or 5 && magic[3] is 4 or 6;
    }
}
