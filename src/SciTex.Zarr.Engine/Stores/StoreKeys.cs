using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores;

/// <summary>Key validation and path joining shared by every store.</summary>
public static class StoreKeys
{
    /// <summary>
    /// Normalises a node path: drops leading, trailing and doubled slashes ("/a//b/" → "a/b"), and refuses
    /// "." / ".." segments, backslashes and NUL so no key can escape the store root.
    /// </summary>
    public static string NormalizePath(string? path, string? store = null)
    {
        if (string.IsNullOrEmpty(path)) return "";
        // Fast path, no allocation: an already normalised path (keys thousands of segments deep are checked per call).
        if (path[0] != '/' && path[^1] != '/' && !path.Contains("//", StringComparison.Ordinal))
        {
            ValidateSegments(path, store);
            return path;
        }
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts) ValidateSegment(part, path, store);
        return string.Join('/', parts);
    }

    /// <summary>Validates a full store key (same rules as paths, but must not be empty).</summary>
    public static string ValidateKey(string key, string? store = null)
    {
        if (string.IsNullOrEmpty(key)) throw new ZarrException(ZarrErrorKind.InvalidKey, "Store key is empty", store);
        if (key[0] == '/') throw new ZarrException(ZarrErrorKind.InvalidKey, "Store keys must be relative (no leading '/')", store, key);
        if (key[^1] == '/' || key.Contains("//", StringComparison.Ordinal))
            throw new ZarrException(ZarrErrorKind.InvalidKey, "Store key has an empty segment", store, key);
        ValidateSegments(key, store);
        return key;
    }

    private static void ValidateSegments(string whole, string? store)
    {
        var rest = whole.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            var part = slash < 0 ? rest : rest[..slash];
            if (part is "." or ".." || part.IndexOfAny('\\', '\0') >= 0) ValidateSegment(part.ToString(), whole, store);
            if (slash < 0) return;
            rest = rest[(slash + 1)..];
        }
    }

    public static string Join(string prefix, string name) =>
        prefix.Length == 0 ? name : name.Length == 0 ? prefix : prefix + "/" + name;

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static string LastSegment(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    private static void ValidateSegment(string part, string whole, string? store)
    {
        if (part is "." or "..")
            throw new ZarrException(ZarrErrorKind.InvalidKey, $"Key segment '{part}' is not allowed: keys may not escape the store", store, whole);
        // ':' is an ordinary character in Zarr keys ("x:y", even "C:x"); only Windows directory stores cannot hold it,
        // and NodeNameProblem refuses it there before anything is written. Windows' drive-rooted paths are also caught
        // by DirectoryStore's containment check.
        if (part.IndexOfAny(['\\', '\0']) >= 0)
            throw new ZarrException(ZarrErrorKind.InvalidKey, $"Key segment '{Printable(part)}' contains a character that is not allowed (\\ or NUL)", store, Printable(whole));
    }

    /// <summary>Names a store reserves for its own documents; never node names.</summary>
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "zarr.json", ".zarray", ".zgroup", ".zattrs", ".zmetadata",
    };

    private static readonly HashSet<string> WindowsDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>
    /// Why <paramref name="name"/> cannot be written as a node name into <paramref name="store"/>, or null when it can.
    /// Stricter than key validation (which reads whatever a store holds): every rule a write could trip over later is
    /// checked here, so a save fails in its plan, before anything is written. Portable rules everywhere: non-empty,
    /// no '/', '\\', NUL or other control characters, not '.'/'..', not starting with '__', not a metadata document
    /// name, at most <see cref="ZarrLimits.MaxNameBytes"/> UTF-8 bytes. Windows directory stores also refuse ':', the
    /// characters &lt;&gt;"|?*, device names (CON, NUL, COM1 …) and names ending in '.' or ' '.
    /// </summary>
    public static string? NodeNameProblem(string name, IZarrStore store)
    {
        if (name.Length == 0) return "names must not be empty";
        if (name is "." or "..") return "'.' and '..' are not names";
        if (name.Contains('/')) return "names contain no '/' (use -Key for nested groups)";
        if (name.Contains('\\')) return "names contain no '\\' (a path separator on Windows, refused in every store key)";
        if (name.Any(char.IsControl)) return "names contain no NUL or other control characters";
        if (name.StartsWith("__", StringComparison.Ordinal)) return "names starting with '__' are reserved for stores' own metadata";
        if (ReservedNames.Contains(name)) return $"'{name}' is a metadata document name";
        var bytes = System.Text.Encoding.UTF8.GetByteCount(name);
        if (bytes > ZarrLimits.MaxNameBytes) return $"names are at most {ZarrLimits.MaxNameBytes} UTF-8 bytes (this one has {bytes})";
        if (store is DirectoryStore && OperatingSystem.IsWindows())
        {
            if (name.IndexOfAny([':', '<', '>', '"', '|', '?', '*']) >= 0)
                return "Windows file names cannot contain : < > \" | ? * (a zip store, or a POSIX file system, can hold this name)";
            var stem = name.Split('.')[0].TrimEnd(' ');
            if (WindowsDeviceNames.Contains(stem)) return $"'{stem}' is a Windows device name";
            if (name.EndsWith('.') || name.EndsWith(' ')) return "Windows file names cannot end in '.' or ' '";
        }
        return null;
    }

    /// <summary>Throws <see cref="ZarrErrorKind.InvalidKey"/> unless <paramref name="name"/> can be written (see <see cref="NodeNameProblem"/>).</summary>
    public static string ValidateNodeName(string name, IZarrStore store, string parentPath)
    {
        if (NodeNameProblem(name, store) is { } problem)
            throw new ZarrException(ZarrErrorKind.InvalidKey, $"'{Printable(name)}' cannot be a node name: {problem}. Nothing was written",
                store.Name, parentPath.Length == 0 ? "/" : Printable(parentPath));
        return name;
    }

    /// <summary>A key for messages: control characters shown as \\uXXXX, very long keys shortened.</summary>
    public static string Printable(string key)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in key)
        {
            if (char.IsControl(c)) text.Append($"\\u{(int)c:X4}");
            else text.Append(c);
        }
        var s = text.ToString();
        return s.Length <= 300 ? s : s[..120] + " … " + s[^120..];
    }
}
