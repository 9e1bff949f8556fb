using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>A codec as the spec names it: a name, a configuration, and encode/decode of one chunk.</summary>
public interface ICodec
{
    /// <summary>The v3 codec name (<c>zstd</c>, <c>bytes</c>, <c>blosc</c>, …).</summary>
    string Name { get; }

    /// <summary>The v3 metadata object <c>{"name": …, "configuration": {…}}</c>.</summary>
    JsonObject ToV3Json();

    /// <summary>The v2 (numcodecs) object <c>{"id": …, …}</c>, or null when the codec has no v2 form.</summary>
    JsonObject? ToV2Json();
}

/// <summary>Array → array (transpose, …): changes the chunk's layout or shape but stays an array.</summary>
public interface IArrayToArrayCodec : ICodec
{
    /// <summary>The spec of the encoded side given the decoded side's spec.</summary>
    ChunkSpec EncodedSpec(ChunkSpec decoded);
    ChunkArray Encode(ChunkArray chunk, ChunkSpec decoded);
    ChunkArray Decode(ChunkArray chunk, ChunkSpec decoded);
}

/// <summary>Array → bytes (bytes, vlen-utf8, sharding_indexed …): serialises a chunk.</summary>
public interface IArrayToBytesCodec : ICodec
{
    PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec);
    ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec);
}

/// <summary>Bytes → bytes (compressors, checksums).</summary>
public interface IBytesToBytesCodec : ICodec
{
    PooledBuffer Encode(ReadOnlySpan<byte> input);

    /// <summary>
    /// Decodes one chunk. <paramref name="size"/> is the exact output size when the chain knows it (fixed-size types,
    /// the codec next to <c>bytes</c>) and otherwise an upper bound; output beyond it is a CorruptChunk error raised
    /// while decoding, before more than the limit is ever held.
    /// </summary>
    PooledBuffer Decode(ReadOnlySpan<byte> input, DecodedSize size);
}

/// <summary>What a codec factory is told about the array it serves, for configuration defaults and error messages.</summary>
public sealed record CodecContext(DataTypes.ZarrDataType DataType, int[] ChunkShape, string? Store = null, string? ArrayPath = null);
