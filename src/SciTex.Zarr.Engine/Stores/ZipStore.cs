using System.IO.Compression;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores;

/// <summary>
/// A store in a zip archive, laid out like a directory store (as zarr-python's ZipStore). Entries are written
/// uncompressed (ZIP_STORED), so chunks keep their own compression and byte ranges are cheap. When the archive holds
/// the same name twice (zarr-python rewrites a key by appending), the LAST entry wins, as Python's zipfile reads it.
/// Writes collect in memory; Flush/Dispose writes a new archive next to the old one and renames it over, so a failure
/// never damages an existing archive. One lock serialises archive access: ZipArchive is not thread-safe.
/// </summary>
public sealed class ZipStore : IZarrStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, byte[]?> _pending = new(StringComparer.Ordinal); // null = deleted
    private ZipArchive? _archive;
    private Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    /// <summary>The live keys (entries not deleted, plus pending writes) by folder: listings cost their answer, not the archive.</summary>
    private KeyIndex _index = new();
    private bool _disposed;
    /// <summary>The archive on disk changed under our own publish: read it again before the next access (not at once,
    /// so a cmdlet that publishes and closes never parses the new central directory).</summary>
    private bool _reopen;
    /// <summary>Length and write time of the archive when it was last read, to skip re-reading it before a publish.</summary>
    private (long Length, DateTime Written) _opened;

    public ZipStore(string path, bool readOnly = false)
    {
        Path = System.IO.Path.GetFullPath(path);
        IsReadOnly = readOnly;
        if (!readOnly) RemoveDeadTemporaries();
        if (File.Exists(Path)) OpenArchive();
        else if (readOnly) throw new ZarrException(ZarrErrorKind.StoreNotFound, "Zip store does not exist", Path);
    }

    public string Path { get; }
    public string Name => Path;

    private string TemporaryPrefix => "." + System.IO.Path.GetFileName(Path) + ".tmp-";

    /// <summary>
    /// Deletes new archives a killed writer left half-written beside this one. A live writer holds its temporary file
    /// open (a shared OS lock), so only files nobody holds can be opened exclusively and deleted.
    /// </summary>
    private void RemoveDeadTemporaries()
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory)) return;
        foreach (var temp in Directory.EnumerateFiles(directory, TemporaryPrefix + "*"))
            Staging.LockFile.TryClaim(temp, FileMode.Open)?.Dispose(); // deleted on close
    }
    public bool IsReadOnly { get; }

    private void OpenArchive()
    {
        try
        {
            Stream file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            // An append in progress (or left by a dead writer we may not repair): read the archive as it was before it.
            if (ZipAppend.FindJournal(Path) is { } journal && (IsReadOnly || !ZipAppend.RecoverDead(Path, journal)))
                file = new BoundedReadStream(file, journal.Length);
            _opened = (file.Length, File.GetLastWriteTimeUtc(Path));
            _archive = new ZipArchive(file, ZipArchiveMode.Read);
            _entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (var entry in _archive.Entries)
            {
                // Later duplicates replace earlier ones, also when two names normalise to the same key ('/x' and 'x').
                if (EntryKey(entry.FullName) is { } key) _entries[key] = entry;
            }
            _index = new KeyIndex();
            foreach (var key in _entries.Keys) if (!_pending.ContainsKey(key)) _index.Add(key);
            foreach (var (key, value) in _pending) if (value is not null) _index.Add(key);
        }
        catch (ZarrException)
        {
            _archive?.Dispose();
            _archive = null;
            throw;
        }
        catch (InvalidDataException e)
        {
            _archive?.Dispose();
            throw new ZarrException(ZarrErrorKind.CorruptSource, $"Not a readable zip archive: {e.Message}", Path, null, e);
        }
    }

    /// <summary>Reads the archive again after our own publish, before anything looks at the entries. Under the gate.</summary>
    private void EnsureCurrent()
    {
        if (!_reopen) return;
        _reopen = false;
        if (File.Exists(Path)) OpenArchive();
    }

    /// <summary>True when the archive on disk is the one last read (same length and write time, no append journal).</summary>
    private bool UnchangedSinceRead()
    {
        if (_archive is null || _reopen) return false;
        var info = new FileInfo(Path);
        return info.Exists && info.Length == _opened.Length && info.LastWriteTimeUtc == _opened.Written && ZipAppend.FindJournal(Path) is null;
    }

    /// <summary>
    /// The store key of a zip entry name, as zip tools and Python's zipfile extract it: '\\' is a separator (the
    /// zip spec allows only '/', Windows tools wrote '\\'), leading, doubled and trailing '/' and '.' segments are
    /// dropped ('/x', 'a//b', './x' → 'x', 'a/b', 'x'). Null for folder entries. A '..' segment or NUL cannot name a
    /// key inside the store: the archive is refused with <see cref="ZarrErrorKind.CorruptSource"/> naming the entry.
    /// </summary>
    internal string? EntryKey(string name)
    {
        if (name.EndsWith('/') || name.EndsWith('\\')) return null;
        if (IsPlainKey(name)) return name; // what every writer we know produces: no allocation per entry on open
        var segments = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Length == 0) return null;
        if (segments.Contains("..") || name.Contains('\0'))
            throw new ZarrException(ZarrErrorKind.CorruptSource,
                $"The zip archive has an entry named '{StoreKeys.Printable(name)}', which points outside the store ('..' or NUL); refusing to read it", Path);
        return string.Join('/', segments);
    }

    // Already a key: non-empty '/'-separated segments, none of them '.' or '..', no '\\' and no NUL.
    private static bool IsPlainKey(string name)
    {
        if (name.AsSpan().IndexOfAny('\\', '\0') >= 0) return false;
        var rest = name.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (segment.Length == 0 || segment is "." or "..") return false;
            if (slash < 0) break;
            rest = rest[(slash + 1)..];
        }
        return true;
    }

    public byte[]? Get(string key)
    {
        StoreKeys.ValidateKey(key, Name);
        lock (_gate)
        {
            EnsureCurrent();
            if (_pending.TryGetValue(key, out var pending)) return pending;
            if (!_entries.TryGetValue(key, out var entry)) return null;
            return ReadEntry(entry, key);
        }
    }

    // Deflate's best case: a 258-byte match in 2 bits of code (1032:1), plus block and stream overhead.
    private const long MaxDeflateRatio = 1032;

    /// <summary>
    /// Reads a whole entry, checking its declared sizes before allocating and its actual size while reading: a
    /// compressed entry may not claim more than deflate can produce from its bytes nor more than
    /// <see cref="Arrays.ZarrConfig.MaxZipEntryBytes"/>; a stored entry must be its compressed size; any entry must
    /// decompress to exactly the size it declares.
    /// </summary>
    private byte[] ReadEntry(ZipArchiveEntry entry, string key)
    {
        var declared = CheckDeclared(entry, key);
        try
        {
            using var stream = entry.Open();
            var buffer = new byte[declared];
            stream.ReadExactly(buffer);
            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) != 0)
                throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Zip entry decompresses to more than the {declared} bytes it declares", Name, key);
            return buffer;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or NotSupportedException)
        {
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Zip entry cannot be read: {e.Message}", Name, key, e);
        }
    }

    /// <summary>The entry's declared size once it is known to be plausible and within the limits.</summary>
    private long CheckDeclared(ZipArchiveEntry entry, string key)
    {
        var declared = entry.Length;
        var compressed = entry.CompressedLength;
        var isStored = declared == compressed;
        if (!isStored)
        {
            if (declared > compressed * MaxDeflateRatio + 1024)
                throw new ZarrException(ZarrErrorKind.CorruptChunk,
                    $"Zip entry declares {declared} bytes from {compressed} compressed bytes, more than deflate can produce", Name, key);
            if (declared > Arrays.ZarrConfig.MaxZipEntryBytes)
                throw new ZarrException(ZarrErrorKind.CorruptChunk,
                    $"Zip entry decompresses to more than {Arrays.ZarrConfig.MaxZipEntryBytes} bytes (it declares {declared}), the limit for compressed entries "
                    + $"({Arrays.ZarrConfig.HowToRaise(nameof(Arrays.ZarrConfig.MaxZipEntryBytes), Arrays.ZarrConfig.MaxZipEntryBytesVariable)})", Name, key);
        }
        if (declared > Array.MaxLength)
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Zip entry of {declared} bytes is larger than one value may be ({Array.MaxLength} bytes)", Name, key);
        return declared;
    }

    public byte[]? GetRange(string key, long offset, int length)
    {
        StoreKeys.ValidateKey(key, Name);
        lock (_gate)
        {
            EnsureCurrent();
            if (_pending.TryGetValue(key, out var pending))
                return pending is null ? null : Slice(pending, pending.Length, offset, length, key).ToArray();
            if (!_entries.TryGetValue(key, out var entry)) return null;
            var start = Start(CheckDeclared(entry, key), offset, length, key);
            try
            {
                using var stream = entry.Open();
                if (stream.CanSeek) stream.Seek(start, SeekOrigin.Begin);
                else Skip(stream, start);
                var buffer = new byte[length];
                stream.ReadExactly(buffer);
                return buffer;
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or NotSupportedException)
            {
                throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Zip entry cannot be read: {e.Message}", Name, key, e);
            }
        }
    }

    private long Start(long size, long offset, int length, string key)
    {
        var start = offset < 0 ? size + offset : offset;
        if (start < 0 || length < 0 || start + length > size)
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Byte range {offset}+{length} lies outside the {size}-byte value", Name, key);
        return start;
    }

    private ReadOnlySpan<byte> Slice(byte[] value, long size, long offset, int length, string key) => value.AsSpan((int)Start(size, offset, length, key), length);

    private static void Skip(Stream stream, long count)
    {
        var scratch = new byte[Math.Min(count, 81920)];
        while (count > 0)
        {
            var n = stream.Read(scratch, 0, (int)Math.Min(count, scratch.Length));
            if (n == 0) throw new EndOfStreamException();
            count -= n;
        }
    }

    public long? GetSize(string key)
    {
        StoreKeys.ValidateKey(key, Name);
        lock (_gate)
        {
            EnsureCurrent();
            if (_pending.TryGetValue(key, out var pending)) return pending?.Length;
            return _entries.TryGetValue(key, out var entry) ? entry.Length : null;
        }
    }

    public bool Exists(string key) => GetSize(key) is not null;

    public void Set(string key, ReadOnlySpan<byte> value)
    {
        EnsureWritable(key);
        StoreKeys.ValidateKey(key, Name);
        var copy = value.ToArray();
        lock (_gate)
        {
            EnsureCurrent();
            _pending[key] = copy;
            _index.Add(key);
        }
    }

    public void Delete(string key)
    {
        EnsureWritable(key);
        lock (_gate)
        {
            EnsureCurrent();
            _pending[key] = null;
            _index.Remove(key);
        }
    }

    public void DeletePrefix(string prefix)
    {
        EnsureWritable(prefix.Length == 0 ? "/" : prefix);
        lock (_gate)
        {
            EnsureCurrent();
            foreach (var key in ListPrefixLocked(StoreKeys.NormalizePath(prefix, Name)))
            {
                _pending[key] = null;
                _index.Remove(key);
            }
        }
    }

    public IEnumerable<string> ListPrefix(string prefix)
    {
        var normalized = StoreKeys.NormalizePath(prefix, Name);
        lock (_gate)
        {
            EnsureCurrent();
            return ListPrefixLocked(normalized);
        }
    }

    private List<string> ListPrefixLocked(string prefix) => _index.ListPrefix(prefix);

    public (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix)
    {
        var normalized = StoreKeys.NormalizePath(prefix, Name);
        lock (_gate)
        {
            EnsureCurrent();
            return _index.ListDir(normalized);
        }
    }

    /// <summary>
    /// Publishes pending changes, one writer at a time (a lock file beside the archive), on top of the archive as it is
    /// now on disk (so two processes' saves do not undo each other): appended in place when the archive allows it
    /// (<see cref="ZipAppend"/>: a series of saves costs what each adds), otherwise written as a new archive beside
    /// the old one and renamed over it. Either way a crash leaves the archive as it was or as it will be.
    /// </summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (IsReadOnly || _pending.Count == 0) return;
            var directory = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(directory);
            using var writer = AcquireWriterLock(directory);
            try
            {
                if (File.Exists(Path))
                {
                    // The current archive (a rolled-back dead append included) with our pending changes on top; when it
                    // is still the one we read, what we parsed then is current.
                    if (!UnchangedSinceRead())
                    {
                        _reopen = false;
                        _archive?.Dispose();
                        _archive = null;
                        OpenArchive();
                    }
                    if (TryAppendPending()) return;
                }
                Rewrite(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new ZarrException(ZarrErrorKind.WriteFailed, $"Could not write the zip archive: {e.Message}", Name, null, e);
            }
            finally
            {
                if (_archive is null) _reopen = true;
            }
        }
    }

    private FileStream AcquireWriterLock(string directory)
    {
        var path = System.IO.Path.Combine(directory, "." + System.IO.Path.GetFileName(Path) + ".zip-writer.lock");
        return Staging.LockFile.Acquire(path, TimeSpan.FromSeconds(30), e =>
            new ZarrException(ZarrErrorKind.WriteFailed, "Another process has been writing the zip archive for 30 s", Name, null, e));
    }

    private bool TryAppendPending()
    {
        var writes = _pending.Where(p => p.Value is not null).Select(p => (p.Key, p.Value!)).ToList();
        var deletes = _pending.Where(p => p.Value is null && _entries.ContainsKey(p.Key)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        _archive?.Dispose();
        _archive = null;
        if (!ZipAppend.TryAppend(Path, writes, deletes, EntryKey, ZarrStoreDefaults.DurableWrites)) return false;
        _pending.Clear();
        _reopen = true;
        return true;
    }

    /// <summary>Writes the whole store as a new archive beside the old one and renames it over (compacts, too).</summary>
    private void Rewrite(string directory)
    {
        if (_archive is null && File.Exists(Path)) OpenArchive();
        var temp = System.IO.Path.Combine(directory, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                using (var output = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var key in ListPrefixLocked(""))
                    {
                        var entry = output.CreateEntry(key, CompressionLevel.NoCompression);
                        using var target = entry.Open();
                        if (_pending.TryGetValue(key, out var value)) target.Write(value);
                        else
                        {
                            using var source = _entries[key].Open();
                            source.CopyTo(target);
                        }
                    }
                }
                // The new archive is complete on disk before it replaces the old one (see ZarrStoreDefaults.DurableWrites).
                if (ZarrStoreDefaults.DurableWrites) file.Flush(flushToDisk: true);
            }
            _archive?.Dispose();
            _archive = null;
            File.Move(temp, Path, overwrite: true);
            _pending.Clear();
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Closes the archive. Writes not published by <see cref="Flush"/> are discarded: a save that failed half-way leaves the archive as it was.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _pending.Clear();
        _archive?.Dispose();
    }

    private void EnsureWritable(string key)
    {
        if (IsReadOnly) throw new ZarrException(ZarrErrorKind.WriteFailed, "Store is opened read-only", Name, key);
        if (_disposed) throw new ObjectDisposedException(nameof(ZipStore));
    }
}
