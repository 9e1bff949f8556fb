using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// <c>vlen-utf8</c> and <c>vlen-bytes</c> (identical to numcodecs' VLenUTF8/VLenBytes): a u32 LE element count,
/// then each element as a u32 LE byte length and its bytes.
/// </summary>
public sealed class VlenCodec : IArrayToBytesCodec
{
    private VlenCodec(bool utf8) => IsUtf8 = utf8;

    public static readonly VlenCodec Utf8 = new(true);
    public static readonly VlenCodec Bytes = new(false);

    public bool IsUtf8 { get; }
    public string Name => IsUtf8 ? "vlen-utf8" : "vlen-bytes";

    public JsonObject ToV3Json() => new() { ["name"] = Name, ["configuration"] = new JsonObject() };
    public JsonObject? ToV2Json() => new() { ["id"] = Name };

    public PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec)
    {
        var items = chunk.Objects ?? throw new InvalidOperationException($"{Name} needs an object chunk");
        var encoded = new byte[items.Length][];
        long total = 4;
        for (var i = 0; i < items.Length; i++)
        {
            encoded[i] = items[i] switch
            {
                null => [],
                string s => Encoding.UTF8.GetBytes(s),
                byte[] b => b,
                var other => throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{Name} cannot encode a {other.GetType().Name}"),
            };
            total += 4 + encoded[i].Length;
        }
        var output = PooledBuffer.Rent(checked((int)total));
        var span = output.Span;
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)items.Length);
        var pos = 4;
        foreach (var item in encoded)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], (uint)item.Length);
            item.CopyTo(span[(pos + 4)..]);
            pos += 4 + item.Length;
        }
        return output;
    }

    public ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        if (encoded.Length < 4) throw Corrupt("shorter than its 4-byte header");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(encoded);
        if (count != spec.ElementCount) throw Corrupt($"holds {count} items but the chunk has {spec.ElementCount} elements");
        // Every item has a 4-byte length: a count the bytes cannot hold is refused before the item array is allocated.
        if (count > (encoded.Length - 4) / 4) throw Corrupt($"claims {count} items but its {encoded.Length} bytes hold at most {(encoded.Length - 4) / 4}");
        var items = new object?[count];
        var pos = 4;
        for (var i = 0; i < count; i++)
        {
            if (pos + 4 > encoded.Length) throw Corrupt("ends inside an item header");
            var length = BinaryPrimitives.ReadUInt32LittleEndian(encoded[pos..]);
            pos += 4;
            if (length > encoded.Length - pos) throw Corrupt("item length runs past the end");
            var bytes = encoded.Slice(pos, (int)length);
            items[i] = IsUtf8 ? Encoding.UTF8.GetString(bytes) : bytes.ToArray();
            pos += (int)length;
        }
        return ChunkArray.FromObjects(spec.Shape, items);
    }

    private ZarrException Corrupt(string what) => new(ZarrErrorKind.CorruptChunk, $"{Name} chunk {what}");
}
