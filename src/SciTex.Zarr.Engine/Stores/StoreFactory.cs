using System.Collections.Concurrent;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores.Remote;

namespace SciTex.Zarr.Engine.Stores;

/// <summary>Opens a filesystem path as the right store: a zip store for <c>*.zip</c> (and zip files under any name), a directory store otherwise.</summary>
public static class StoreFactory
{
    /// <summary>
    /// Opens <paramref name="path"/>. Zip when the name ends with <c>.zip</c> (so <c>.zarr.zip</c> too) or when an existing
    /// file starts with a zip signature (SciTeX can write a zip named <c>x.zarr</c>). Read-only opens fail on a missing path.
    /// </summary>
    public static IZarrStore OpenOrCreate(string path, bool readOnly = false) => OpenOrCreate(path, readOnly, null);

    /// <summary>
    /// Opens a path or a store URL (<c>s3://</c>, <c>az://</c>, <c>http(s)://</c>; see <see cref="StoreUrl"/>) with
    /// store options (endpoint, region, profile, anonymous, …; ignored for local paths). URL schemes whose SDK lives in
    /// another assembly are opened by the opener <see cref="Register"/>ed for them.
    /// </summary>
    public static IZarrStore OpenOrCreate(string path, bool readOnly, IReadOnlyDictionary<string, string?>? options)
    {
        if (StoreUrl.IsUrl(path)) return OpenUrl(StoreUrl.Parse(path), options, readOnly);
        var full = Path.GetFullPath(path);
        if (IsZip(full)) return new ZipStore(full, readOnly);
        if (File.Exists(full))
            throw new ZarrException(ZarrErrorKind.StoreNotFound, "Path is a file that is neither a zip archive nor a Zarr directory", full);
        if (readOnly && !Directory.Exists(full))
            throw new ZarrException(ZarrErrorKind.StoreNotFound, "Zarr store does not exist", full);
        return new DirectoryStore(full, readOnly);
    }

    /// <summary>Opens a store URL: <c>(url, options, readOnly) → store</c>.</summary>
    public delegate IZarrStore UrlOpener(StoreUrl url, IReadOnlyDictionary<string, string?> options, bool readOnly);

    private static readonly ConcurrentDictionary<string, UrlOpener> Openers = new(StringComparer.OrdinalIgnoreCase)
    {
        [StoreUrl.Http] = HttpStore.Open,
    };

    /// <summary>Registers the opener of a URL kind (<see cref="StoreUrl.S3"/>, <see cref="StoreUrl.Azure"/>): the PowerShell module registers its SDK-backed stores.</summary>
    public static void Register(string kind, UrlOpener opener) => Openers[kind] = opener;

    public static bool IsUrl(string path) => StoreUrl.IsUrl(path);

    public static IZarrStore OpenUrl(StoreUrl url, IReadOnlyDictionary<string, string?>? options, bool readOnly)
    {
        if (!Openers.TryGetValue(url.Kind, out var opener))
            throw new ZarrException(ZarrErrorKind.NotSupported, $"No store adapter for {url.Kind}:// URLs is loaded", url.DisplayName);
        var normalized = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (options is not null) foreach (var (k, v) in options) normalized[k] = v;
        if (url.Kind == StoreUrl.Http && !readOnly)
            throw new ZarrException(ZarrErrorKind.NotSupported, "HTTP(S) stores are read-only; write to s3://, az:// or a local path", url.DisplayName);
        return opener(url, normalized, readOnly);
    }

    public static bool IsZip(string path)
    {
        if (StoreUrl.IsUrl(path)) return false;
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return true;
        if (!File.Exists(path)) return false;
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        // Local file header, or the end-of-central-directory record of an empty archive.
        return file.Read(magic) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] is 3 or 5 && magic[3] is 4 or 6;
    }
}
