using System.Buffers.Binary;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Sharding;

/// <summary>
/// A shard index: per inner chunk (C order) an (offset, nbytes) pair of uint64; both 2^64−1 mark an empty chunk.
/// Encoded as a uint64 array of shape <c>chunks_per_shard + [2]</c> through the <c>index_codecs</c> chain.
/// </summary>
internal sealed class ShardIndex
{
    public const ulong EmptyMarker = ulong.MaxValue;
    private static readonly FillValue EmptyFill = FillValue.FromRaw(BitConverter.GetBytes(EmptyMarker));
    private readonly ulong[] _entries;

    private ShardIndex(ulong[] entries) => _entries = entries;

    public int Count => _entries.Length / 2;
    public bool IsEmpty(int chunk) => _entries[2 * chunk] == EmptyMarker && _entries[2 * chunk + 1] == EmptyMarker;
    public long Offset(int chunk) => (long)_entries[2 * chunk];
    public int Length(int chunk) => (int)_entries[2 * chunk + 1];

    public static ShardIndex Empty(int count)
    {
        var entries = new ulong[2 * count];
        Array.Fill(entries, EmptyMarker);
        return new ShardIndex(entries);
    }

    public void Set(int chunk, long offset, int length)
    {
        _entries[2 * chunk] = (ulong)offset;
        _entries[2 * chunk + 1] = (ulong)length;
    }

    public static ChunkSpec Spec(int[] chunksPerShard) => new([.. chunksPerShard, 2], ZarrDataType.UInt64, EmptyFill);

    public PooledBuffer Encode(CodecChain indexCodecs, int[] chunksPerShard)
    {
        var raw = PooledBuffer.Rent(_entries.Length * 8);
        for (var i = 0; i < _entries.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(raw.Span[(8 * i)..], _entries[i]);
        using var chunk = ChunkArray.FromBytes(Spec(chunksPerShard).Shape, raw);
        return indexCodecs.Encode(chunk, Spec(chunksPerShard));
    }

    /// <summary>
    /// Decodes an index and checks every entry lies inside <paramref name="dataStart"/>..<paramref name="dataEnd"/>
    /// (the shard bytes that are not the index), so a bad index is reported here, not as a confusing decode error later.
    /// </summary>
    public static ShardIndex Decode(ReadOnlySpan<byte> encoded, CodecChain indexCodecs, int[] chunksPerShard, long dataStart, long dataEnd)
    {
        var spec = Spec(chunksPerShard);
        using var chunk = indexCodecs.Decode(encoded, spec);
        var bytes = chunk.Bytes!.Span;
        var count = checked((int)(spec.ElementCount / 2));
        if (bytes.Length != count * 16)
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Shard index holds {bytes.Length} bytes but {count} inner chunks need {count * 16}");
        var entries = new ulong[2 * count];
        for (var i = 0; i < entries.Length; i++) entries[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..]);
        var index = new ShardIndex(entries);
        for (var i = 0; i < count; i++)
        {
            if (index.IsEmpty(i)) continue;
            var (offset, length) = (entries[2 * i], entries[2 * i + 1]);
            if (offset < (ulong)dataStart || length > int.MaxValue || offset > (ulong)dataEnd || length > (ulong)dataEnd - offset)
                throw new ZarrException(ZarrErrorKind.CorruptChunk,
                    $"Shard index entry {i} (offset {offset}, {length} bytes) lies outside the shard's data bytes {dataStart}..{dataEnd}");
        }
        return index;
    }
}
