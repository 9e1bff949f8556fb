using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>The <c>bytes</c> codec: fixed-size elements in C order, little- or big-endian.</summary>
public sealed class BytesCodec(bool bigEndian) : IArrayToBytesCodec
{
    public bool BigEndian { get; } = bigEndian;
    public string Name => "bytes";

    public static BytesCodec FromV3(JsonObject? configuration, CodecContext context)
    {
        var endian = configuration?["endian"]?.GetValue<string>();
        if (endian is not (null or "little" or "big"))
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"bytes codec: endian must be 'little' or 'big', got '{endian}'", context.Store, context.ArrayPath);
        // A struct without endian is little-endian (legacy zarr-python 3 "structured" arrays omit it).
        if (endian is null && context.DataType.HasEndianness && context.DataType.Kind != DataTypeKind.Struct)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"bytes codec: endian is required for data type {context.DataType}", context.Store, context.ArrayPath);
        if (context.DataType.Kind == DataTypeKind.Optional)
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec,
                $"Unsupported codec 'bytes' for the data type {context.DataType}: optional arrays are read through the 'optional' codec (a validity mask beside the data), as zarrs writes them", context.Store, context.ArrayPath);
        if (context.DataType.IsVariableLength)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"bytes codec cannot serialise the variable-length data type {context.DataType}; use vlen-utf8/vlen-bytes", context.Store, context.ArrayPath);
        return new BytesCodec(endian == "big");
    }

    /// <summary>The JSON written for a data type: <c>endian</c> only for multi-byte types, as zarr-python does.</summary>
    public JsonObject ToV3Json() => ToV3Json(includeEndian: true);

    public JsonObject ToV3Json(bool includeEndian) => includeEndian
        ? new JsonObject { ["name"] = Name, ["configuration"] = new JsonObject { ["endian"] = BigEndian ? "big" : "little" } }
        : new JsonObject { ["name"] = Name };

    public JsonObject? ToV2Json() => null;

    public PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec)
    {
        var source = chunk.Bytes ?? throw new InvalidOperationException("bytes codec needs a fixed-size chunk");
        var output = PooledBuffer.CopyOf(source.Span);
        SwapInPlace(output.Span, spec);
        return output;
    }

    public ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec)
    {
        CheckLength(encoded.Length, spec);
        var buffer = PooledBuffer.CopyOf(encoded);
        SwapInPlace(buffer.Span, spec);
        return ChunkArray.FromBytes(spec.Shape, buffer);
    }

    /// <summary><see cref="Decode"/> into a caller's buffer of exactly the chunk's size (no pooled copy).</summary>
    internal void DecodeInto(ReadOnlySpan<byte> encoded, Span<byte> destination, ChunkSpec spec)
    {
        CheckLength(encoded.Length, spec);
        encoded.CopyTo(destination);
        SwapInPlace(destination, spec);
    }

    /// <summary>True when encoding changes the element bytes (big-endian storage of a multi-byte type).</summary>
    internal bool Swaps(ChunkSpec spec) => spec.DataType.Kind == DataTypeKind.Struct
        ? StructLayout.NeedsSwap(spec.DataType, BigEndian)
        : BigEndian && spec.DataType.HasEndianness;

    internal void SwapInPlace(Span<byte> data, ChunkSpec spec)
    {
        if (spec.DataType.Kind == DataTypeKind.Struct) StructLayout.SwapInPlace(data, spec.DataType, BigEndian);
        else if (Swaps(spec)) ByteSwap.InPlace(data, spec.DataType.SwapUnit);
    }

    internal static void CheckLength(long length, ChunkSpec spec)
    {
        var expected = spec.ElementCount * spec.DataType.ItemSize;
        if (length != expected)
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Chunk holds {length} bytes but shape [{string.Join(", ", spec.Shape)}] of {spec.DataType} needs {expected}");
    }
}
