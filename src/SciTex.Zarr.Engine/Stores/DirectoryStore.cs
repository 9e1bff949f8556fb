using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores;

/// <summary>
/// A store backed by a local directory: each key is a file. Writes go to a temporary sibling file that is then
/// renamed over the target, so a crash or a failed write never leaves a half-written value behind.
/// </summary>
public sealed class DirectoryStore : IZarrStore
{
    private const string TempMarker = ".zarr-tmp-";

    public DirectoryStore(string root, bool readOnly = false)
    {
        Root = Path.GetFullPath(root);
        IsReadOnly = readOnly;
    }

    public string Root { get; }
    public string Name => Root;
    public bool IsReadOnly { get; }

    private string FilePath(string key)
    {
        StoreKeys.ValidateKey(key, Name);
        var full = Path.GetFullPath(Path.Combine(Root, key));
        // Belt and braces: validation already forbids "..", but a symlink-free containment check costs nothing.
        if (!full.StartsWith(Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ZarrException(ZarrErrorKind.InvalidKey, "Key escapes the store root", Name, key);
        return full;
    }

    public byte[]? Get(string key)
    {
        var path = FilePath(key);
        try { return File.ReadAllBytes(path); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (UnauthorizedAccessException) when (Directory.Exists(path)) { return null; }
    }

    public PooledBuffer? GetPooled(string key)
    {
        var path = FilePath(key);
        PooledBuffer? buffer = null;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength) throw new IOException($"The file is too long ({length} bytes) to read into one buffer");
            buffer = PooledBuffer.Rent((int)length);
            var read = 0;
            while (read < buffer.Length)
            {
                var n = RandomAccess.Read(handle, buffer.Span[read..], read);
                if (n == 0) break; // truncated while we read: return what is there, as File.ReadAllBytes does
                read += n;
            }
            buffer.SetLength(read);
            return buffer;
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (UnauthorizedAccessException) when (Directory.Exists(path)) { buffer?.Dispose(); return null; }
        catch
        {
            buffer?.Dispose();
            throw;
        }
    }

    public byte[]? GetRange(string key, long offset, int length)
    {
        var path = FilePath(key);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var size = RandomAccess.GetLength(handle);
            var start = offset < 0 ? size + offset : offset;
            if (start < 0 || start + length > size)
                throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Byte range {offset}+{length} lies outside the {size}-byte value", Name, key);
            var buffer = new byte[length];
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(read), start + read);
                if (n == 0) throw new ZarrException(ZarrErrorKind.CorruptChunk, "Value ended before the requested range", Name, key);
                read += n;
            }
            return buffer;
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    public long? GetSize(string key)
    {
        var info = new FileInfo(FilePath(key));
        return info.Exists ? info.Length : null;
    }

    public bool Exists(string key) => File.Exists(FilePath(key));

    public void Set(string key, ReadOnlySpan<byte> value)
    {
        EnsureWritable(key);
        var path = FilePath(key);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, TempMarker + Guid.NewGuid().ToString("N"));
        try
        {
            // One positional write through a raw handle: no FileStream buffer, no flush (the rename gives atomicity).
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                RandomAccess.Write(handle, value, 0);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ZarrException(ZarrErrorKind.WriteFailed, $"Could not write: {e.Message}", Name, key, e);
        }
    }

    public void Delete(string key)
    {
        EnsureWritable(key);
        TryDelete(FilePath(key));
    }

    public void DeletePrefix(string prefix)
    {
        EnsureWritable(prefix);
        var normalized = StoreKeys.NormalizePath(prefix, Name);
        if (normalized.Length == 0)
        {
            // Never remove the store directory itself or unrelated files in it: only Zarr content.
            foreach (var key in ListPrefix("").ToList()) TryDelete(FilePath(key));
            return;
        }
        var dir = FilePath(normalized);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        else TryDelete(dir);
    }

    public IEnumerable<string> ListPrefix(string prefix)
    {
        var normalized = StoreKeys.NormalizePath(prefix, Name);
        var dir = normalized.Length == 0 ? Root : FilePath(normalized);
        if (!Directory.Exists(dir)) yield break;
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith(TempMarker, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var f in files) yield return f;
    }

    public (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix)
    {
        var normalized = StoreKeys.NormalizePath(prefix, Name);
        var dir = normalized.Length == 0 ? Root : FilePath(normalized);
        if (!Directory.Exists(dir)) return ([], []);
        var keys = Directory.EnumerateFiles(dir).Select(Path.GetFileName)
            .Where(n => !n!.StartsWith(TempMarker, StringComparison.Ordinal)).Select(n => n!)
            .OrderBy(n => n, StringComparer.Ordinal).ToList();
        var prefixes = Directory.EnumerateDirectories(dir).Select(d => Path.GetFileName(d)!)
            .OrderBy(n => n, StringComparer.Ordinal).ToList();
        return (keys, prefixes);
    }

    public void Flush() { }
    public void Dispose() { }

    private void EnsureWritable(string key)
    {
        if (IsReadOnly) throw new ZarrException(ZarrErrorKind.WriteFailed, "Store is opened read-only", Name, key);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
    }
}
