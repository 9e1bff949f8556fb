using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace SciTex.Zarr.Engine.Conversion.Npy;

/// <summary>Bytes of a stored array, read by position. Reads past the end throw <see cref="EndOfStreamException"/>.</summary>
internal interface IByteSource : IDisposable
{
    long Length { get; }
    void Read(long offset, Span<byte> destination);
}

/// <summary>A plain file read with positional (pread) calls: no stream position, no copy through an intermediate buffer.</summary>
internal sealed class FileByteSource(SafeFileHandle handle) : IByteSource
{
    public static FileByteSource Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess));

    public long Length { get; } = RandomAccess.GetLength(handle);

    public void Read(long offset, Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            var n = RandomAccess.Read(handle, destination, offset);
            if (n == 0) throw new EndOfStreamException($"the file ends at byte {offset}");
            destination = destination[n..];
            offset += n;
        }
    }

    public void Dispose() => handle.Dispose();
}

/// <summary>
/// A member of a zip archive. Deflated members only stream forward, so a read behind the current position reopens
/// the member; the converter reads blocks in storage order, so that happens only for unusual access patterns.
/// </summary>
internal sealed class ZipEntryByteSource(ZipArchiveEntry entry) : IByteSource
{
    private Stream? _stream;
    private long _position;

    public long Length => entry.Length;

    public void Read(long offset, Span<byte> destination)
    {
        if (_stream is null || offset < _position)
        {
            _stream?.Dispose();
            _stream = entry.Open();
            _position = 0;
        }
        if (_stream.CanSeek) _stream.Position = offset;
        else Skip(offset - _position);
        _position = offset;
        _stream.ReadExactly(destination);
        _position += destination.Length;
    }

    private void Skip(long count)
    {
        Span<byte> scratch = stackalloc byte[8192];
        while (count > 0)
        {
            var n = _stream!.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (n == 0) throw new EndOfStreamException("the archive member ends early");
            count -= n;
        }
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
