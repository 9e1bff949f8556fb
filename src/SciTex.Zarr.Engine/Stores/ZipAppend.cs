using System.Buffers.Binary;
using System.Text;

namespace SciTex.Zarr.Engine.Stores;

/// <summary>
/// Publishes a zip store's pending changes by appending to the archive instead of rewriting it, so a series of saves
/// costs what each adds, not the whole archive each time. New values are appended as stored entries after the old
/// end of the file, followed by a new central directory (the old one's records minus those replaced or deleted) and
/// a new end record; every existing byte stays where it is, so readers that already opened the archive keep reading
/// it. Crash safety: a journal file <c>.&lt;name&gt;.zip-append-&lt;old length&gt;</c>, created and held open
/// (exclusively) for the whole append, names the length to roll back to; an opener that finds a journal whose writer
/// died truncates the archive to that length, and one that finds a live writer reads only the first that-many bytes
/// (the archive as it was). Deleting the journal is the commit. Replaced entries stay in the file as unreferenced
/// bytes until a full rewrite compacts them (when they are over half the file). Archives this format cannot extend
/// (ZIP64, a central directory not at the end, over 65 535 entries or 4 GiB) are rewritten instead.
/// </summary>
internal static class ZipAppend
{
    private const uint LocalHeader = 0x04034b50, CentralHeader = 0x02014b50, EndRecord = 0x06054b50, Zip64Locator = 0x07064b50;
    private const ushort Utf8Names = 0x0800;

    public static string JournalPrefix(string archive) => "." + Path.GetFileName(archive) + ".zip-append-";

    /// <summary>The length a live or dead append journal says the archive had, or null when there is none.</summary>
    public static (long Length, string Journal)? FindJournal(string archive)
    {
        var directory = Path.GetDirectoryName(archive)!;
        if (!Directory.Exists(directory)) return null;
        foreach (var journal in Directory.EnumerateFiles(directory, JournalPrefix(archive) + "*"))
            if (long.TryParse(Path.GetFileName(journal)[JournalPrefix(archive).Length..], out var length)) return (length, journal);
        return null;
    }

    /// <summary>Rolls back an append whose writer died (truncates to the journaled length). False while its writer is alive.</summary>
    public static bool RecoverDead(string archive, (long Length, string Journal) found)
    {
        using var claimed = Staging.LockFile.TryClaim(found.Journal, FileMode.Open);
        if (claimed is null) return false;
        using (var file = new FileStream(archive, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            if (file.Length > found.Length) file.SetLength(found.Length);
        return true;
    }

    /// <summary>
    /// Appends <paramref name="writes"/> (new or replaced keys) and drops <paramref name="deletes"/>; false (nothing
    /// changed) when the archive is not one this can extend or compaction is due — the caller rewrites it then.
    /// </summary>
    public static bool TryAppend(string archive, IReadOnlyList<(string Key, byte[] Value)> writes, IReadOnlySet<string> deletes, Func<string, string?> keyOf, bool durable)
    {
        using var file = new FileStream(archive, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
        var oldLength = file.Length;
        if (ReadDirectory(file, oldLength) is not { } directory) return false;
        var replaced = new HashSet<string>(writes.Select(w => w.Key), StringComparer.Ordinal);
        replaced.UnionWith(deletes);
        var kept = new List<byte[]>();
        long live = 0;
        foreach (var (record, name, entryBytes) in directory.Records)
        {
            if (keyOf(name) is { } key && replaced.Contains(key)) continue;
            kept.Add(record);
            live += entryBytes;
        }
        var added = writes.Sum(w => 30L + Encoding.UTF8.GetByteCount(w.Key) + w.Value.Length);
        var garbage = directory.CentralOffset - live;
        if (kept.Count + writes.Count > ushort.MaxValue || oldLength + added + (long)writes.Count * 64 + directory.Size > uint.MaxValue - 1
            || (garbage > 16L << 20 && garbage > (directory.CentralOffset + added) / 2)) return false;

        var journalPath = Path.Combine(Path.GetDirectoryName(archive)!, JournalPrefix(archive) + oldLength);
        var journal = new FileStream(journalPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1);
        try
        {
            if (durable) journal.Flush(flushToDisk: true);
            AppendEntries(file, oldLength, kept, writes, durable);
            Staging.WriteProtocol.Reached(Staging.WriteProtocol.ZipAppended, archive);
        }
        catch
        {
            // Roll back what was appended; if even that fails the journal stays, and the next opener rolls back.
            try { file.SetLength(oldLength); }
            catch (IOException) { journal.Dispose(); throw; }
            journal.Dispose();
            File.Delete(journalPath);
            throw;
        }
        journal.Dispose();
        File.Delete(journalPath); // the commit
        return true;
    }

    private static void AppendEntries(FileStream file, long oldLength, List<byte[]> kept, IReadOnlyList<(string Key, byte[] Value)> writes, bool durable)
    {
        var (time, date) = DosNow();
        var central = new MemoryStream();
        foreach (var record in kept) central.Write(record);
        file.Position = oldLength;
        var header = new byte[46];
        foreach (var (key, value) in writes)
        {
            var name = Encoding.UTF8.GetBytes(key);
            var crc = Crc32.Compute(value);
            var offset = (uint)file.Position;
            WriteLocal(header, time, date, crc, (uint)value.Length, (ushort)name.Length);
            file.Write(header, 0, 30);
            file.Write(name);
            file.Write(value);
            WriteCentral(header, time, date, crc, (uint)value.Length, (ushort)name.Length, offset);
            central.Write(header, 0, 46);
            central.Write(name);
        }
        var centralOffset = (uint)file.Position;
        central.Position = 0;
        central.CopyTo(file);
        var end = new byte[22];
        var count = (ushort)(kept.Count + writes.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndRecord);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), centralOffset);
        file.Write(end);
        file.Flush(flushToDisk: durable);
    }

    private sealed record CentralDirectory(long CentralOffset, long Size, List<(byte[] Record, string Name, long EntryBytes)> Records);

    /// <summary>The central directory of a plain (non-ZIP64) archive whose directory ends the file, or null.</summary>
    private static CentralDirectory? ReadDirectory(FileStream file, long length)
    {
        if (length < 22) return null;
        var tailLength = (int)Math.Min(length, 22 + 65535);
        var tail = new byte[tailLength];
        file.Position = length - tailLength;
        file.ReadExactly(tail);
        var at = -1;
        for (var i = tailLength - 22; i >= 0; i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndRecord && i + 22 + BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 20)) == tailLength) { at = i; break; }
        if (at < 0) return null;
        if (at >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at - 20)) == Zip64Locator) return null;
        var end = tail.AsSpan(at);
        if (BinaryPrimitives.ReadUInt16LittleEndian(end[4..]) != 0 || BinaryPrimitives.ReadUInt16LittleEndian(end[6..]) != 0) return null; // multi-disk
        var count = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]);
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
        if (BinaryPrimitives.ReadUInt16LittleEndian(end[20..]) != 0) return null; // a comment: rewrite rather than move it
        if (offset + (long)size != length - tailLength + at || size > 64L << 20) return null;
        var bytes = new byte[size];
        file.Position = offset;
        file.ReadExactly(bytes);
        var records = new List<(byte[], string, long)>(count);
        var p = 0;
        for (var i = 0; i < count; i++)
        {
            if (p + 46 > bytes.Length || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p)) != CentralHeader) return null;
            var record = bytes.AsSpan(p);
            var compressed = BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(record[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(record[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(record[32..]);
            var local = BinaryPrimitives.ReadUInt32LittleEndian(record[42..]);
            var total = 46 + nameLength + extraLength + commentLength;
            if (p + total > bytes.Length || compressed == uint.MaxValue || local == uint.MaxValue) return null; // ZIP64 entry
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(record[8..]);
            var name = (flags & Utf8Names) != 0 || record.Slice(46, nameLength).IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0
                ? Encoding.UTF8.GetString(record.Slice(46, nameLength))
                : Encoding.Latin1.GetString(record.Slice(46, nameLength));
            records.Add((record[..total].ToArray(), name, 30L + nameLength + extraLength + compressed));
            p += total;
        }
        return new CentralDirectory(offset, size, records);
    }

    private static void WriteLocal(byte[] b, ushort time, ushort date, uint crc, uint size, ushort nameLength)
    {
        Array.Clear(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b, LocalHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), 20); // version needed: 2.0
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), Utf8Names);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(10), time);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), date);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(14), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(18), size);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(22), size);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(26), nameLength);
    }

    private static void WriteCentral(byte[] b, ushort time, ushort date, uint crc, uint size, ushort nameLength, uint offset)
    {
        Array.Clear(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b, CentralHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), Utf8Names);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), time);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(14), date);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), size);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), size);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(28), nameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(42), offset);
    }

    private static (ushort Time, ushort Date) DosNow()
    {
        var now = DateTime.Now;
        return ((ushort)(now.Hour << 11 | now.Minute << 5 | now.Second / 2), (ushort)((now.Year - 1980) << 9 | now.Month << 5 | now.Day));
    }
}

/// <summary>CRC-32 (IEEE, as zip uses), slicing by 8: the one hash zip entries need, without a package for it.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Build();

    private static uint[] Build()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        for (var i = 0; i < 256; i++)
            for (var s = 1; s < 8; s++) table[s * 256 + i] = (table[(s - 1) * 256 + i] >> 8) ^ table[table[(s - 1) * 256 + i] & 0xFF];
        return table;
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        var t = Table;
        while (data.Length >= 8)
        {
            var one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[7 * 256 + (one & 0xFF)] ^ t[6 * 256 + ((one >> 8) & 0xFF)] ^ t[5 * 256 + ((one >> 16) & 0xFF)] ^ t[4 * 256 + (one >> 24)]
                ^ t[3 * 256 + (two & 0xFF)] ^ t[2 * 256 + ((two >> 8) & 0xFF)] ^ t[256 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
            data = data[8..];
        }
        foreach (var b in data) crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }
}
