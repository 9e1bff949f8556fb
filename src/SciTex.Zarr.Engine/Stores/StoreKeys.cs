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
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts) ValidateSegment(part, path, store);
        return string.Join('/', parts);
    }

    /// <summary>Validates a full store key (same rules as paths, but must not be empty).</summary>
    public static string ValidateKey(string key, string? store = null)
    {
        if (string.IsNullOrEmpty(key)) throw new ZarrException(ZarrErrorKind.InvalidKey, "Store key is empty", store);
        if (key[0] == '/') throw new ZarrException(ZarrErrorKind.InvalidKey, "Store keys must be relative (no leading '/')", store, key);
        foreach (var part in key.Split('/'))
        {
            if (part.Length == 0) throw new ZarrException(ZarrErrorKind.InvalidKey, "Store key has an empty segment", store, key);
            ValidateSegment(part, key, store);
        }
        return key;
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
        if (part.IndexOfAny(['\\', '\0']) >= 0 || (part.Length >= 2 && part[1] == ':' && char.IsLetter(part[0])))
            throw new ZarrException(ZarrErrorKind.InvalidKey, $"Key segment '{part}' contains a character that is not allowed (\\, NUL or a drive)", store, whole);
    }
}
