using System.Management.Automation;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.PowerShell.Provider;

/// <summary>A node of a Zarr drive: the drive (its store) and the node's key in it ("" = the store's root).</summary>
public readonly record struct ZarrItemLocation(ZarrDriveInfo Drive, string Key);

/// <summary>
/// Provider paths ↔ (drive, key). A provider path is the drive's root (the store's path or URL) followed by the key.
/// The key is taken only from what follows a drive's root, and "." / ".." segments are resolved there with ".." at the
/// root staying at the root, so no path reaches outside its store.
/// </summary>
internal static class ZarrProviderPaths
{
    private static readonly StringComparison RootComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The drive whose root the path starts with (the longest such root), and the key after it.</summary>
    public static ZarrItemLocation Locate(IEnumerable<ZarrDriveInfo> drives, string path)
    {
        var canonical = Canonical(path);
        ZarrDriveInfo? best = null;
        var bestRoot = "";
        foreach (var drive in drives)
        {
            var root = Canonical(drive.Root);
            if (!IsUnder(canonical, root) || root.Length <= bestRoot.Length && best is not null) continue;
            best = drive;
            bestRoot = root;
        }
        if (best is null)
            throw new ZarrException(ZarrErrorKind.StoreNotFound,
                $"'{path}' is not inside any Zarr drive; create one with New-PSDrive -PSProvider Zarr -Root <store>", path);
        return new ZarrItemLocation(best, KeyOf(canonical[bestRoot.Length..], best.Location));
    }

    /// <summary>
    /// The location of a path: in <paramref name="current"/> (the drive the command runs on) when the path is in it,
    /// without listing the session's drives (every item written asks for its parent path and name); else in the Zarr
    /// drive of <paramref name="sessionDrives"/> whose root is the path's longest prefix.
    /// </summary>
    public static ZarrItemLocation Locate(PSDriveInfo? current, Func<IEnumerable<ZarrDriveInfo>> sessionDrives, string path) =>
        current is ZarrDriveInfo zarr && TryLocateIn(zarr, path) is { } quick ? quick : Locate(sessionDrives(), path);

    /// <summary>The location of a path in one drive, or null when the path is not under its root.</summary>
    public static ZarrItemLocation? TryLocateIn(ZarrDriveInfo drive, string path)
    {
        var canonical = Canonical(path);
        var root = Canonical(drive.Root);
        return IsUnder(canonical, root) ? new ZarrItemLocation(drive, KeyOf(canonical[root.Length..], drive.Location)) : null;
    }

    /// <summary>The provider path of a key of a drive (what PSPath, PSParentPath and PSChildName are built from).</summary>
    public static string PathOf(ZarrDriveInfo drive, string key)
    {
        if (key.Length == 0) return drive.Root;
        var separator = Separator;
        return drive.Root.TrimEnd('/', '\\') + separator + (separator == '/' ? key : key.Replace('/', separator));
    }

    /// <summary>PowerShell 7's item separator for providers: the platform's directory separator.</summary>
    public static char Separator => System.IO.Path.DirectorySeparatorChar;

    /// <summary>Slashes one way and single, no trailing one: the form roots and paths are compared in.</summary>
    public static string Canonical(string path)
    {
        // Most paths are canonical already: no allocation for them (every item written asks for its parent and name).
        if (path.IndexOf('\\') < 0 && !path.Contains("//", StringComparison.Ordinal) && (path.Length <= 1 || path[^1] != '/')) return path;
        var text = path.Replace('\\', '/');
        // Keep a URL's "scheme://" whole; collapse every other doubled slash.
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var head = scheme > 0 ? text[..(scheme + 3)] : "";
        var rest = text[head.Length..];
        while (rest.Contains("//", StringComparison.Ordinal)) rest = rest.Replace("//", "/", StringComparison.Ordinal);
        var whole = head + rest;
        return whole.Length > 1 && whole.EndsWith('/') && !whole.EndsWith("://", StringComparison.Ordinal) ? whole.TrimEnd('/') : whole;
    }

    private static bool IsUnder(string path, string root) =>
        path.StartsWith(root, RootComparison) && (path.Length == root.Length || path[root.Length] == '/' || root.EndsWith('/'));

    /// <summary>The key a drive-relative remainder names: "." dropped, ".." one level up but never above the root.</summary>
    private static string KeyOf(string remainder, string store)
    {
        var trimmed = remainder.TrimStart('/');
        // Fast path: no "." or ".." segment to resolve.
        if (!trimmed.Contains('.', StringComparison.Ordinal) || !trimmed.Split('/').Any(s => s is "." or "..")) return StoreKeys.NormalizePath(trimmed, store);
        var segments = new List<string>();
        foreach (var segment in remainder.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return StoreKeys.NormalizePath(string.Join('/', segments), store);
    }
}
