using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Filters;

/// <summary>
/// A numcodecs filter as an array→array codec: v2 <c>filters</c> entries <c>{"id": …}</c> and their v3 names
/// (<c>numcodecs.&lt;id&gt;</c>, or a zarr-extensions name). <see cref="DecodedType"/> is the type the filter reads
/// when encoding, <see cref="EncodedType"/> what it produces (<c>astype</c>). Chunks stay little-endian in memory;
/// <see cref="EncodedBigEndian"/> is the byte order a v2 filter's output is stored in.
/// </summary>
public abstract class ArrayFilter : IArrayToArrayCodec
{
    protected ArrayFilter(string v2Id, string name, ZarrDataType decodedType, ZarrDataType encodedType, bool encodedBigEndian = false)
    {
        V2Id = v2Id;
        Name = name;
        DecodedType = decodedType;
        EncodedType = encodedType;
        EncodedBigEndian = encodedBigEndian && encodedType.HasEndianness;
    }

    /// <summary>The numcodecs id (v2 <c>filters</c>).</summary>
    public string V2Id { get; }
    /// <summary>The v3 codec name this filter was read as or is written as.</summary>
    public string Name { get; protected init; }
    public ZarrDataType DecodedType { get; }
    public ZarrDataType EncodedType { get; }
    public bool EncodedBigEndian { get; }

    /// <summary>
    /// For the first filter of a v2 array: the byte order of the array's <c>dtype</c>, which zarr-python 2 views the
    /// filters' decoded output as (it reinterprets, it does not cast). Kept so a rewritten .zarray says the same.
    /// </summary>
    public bool DecodedBigEndian { get; internal set; }

    /// <summary>The numcodecs configuration members (without <c>id</c>).</summary>
    protected abstract JsonObject Configuration();

    public JsonObject ToV3Json() => new() { ["name"] = Name, ["configuration"] = Configuration() };

    public virtual JsonObject? ToV2Json()
    {
        var json = new JsonObject { ["id"] = V2Id };
        foreach (var (key, value) in Configuration()) json[key] = value?.DeepClone();
        return json;
    }

    public virtual ChunkSpec EncodedSpec(ChunkSpec decoded) => new(decoded.Shape, EncodedType, EncodeFill(decoded));

    /// <summary>The fill value on the encoded side: element-wise filters encode it; the others use the encoded type's zero.</summary>
    protected virtual FillValue EncodeFill(ChunkSpec decoded)
    {
        if (decoded.FillValue.Raw is not { } raw || DecodedType.IsVariableLength || EncodedType.IsVariableLength) return FillValue.Default(EncodedType);
        var encoded = new byte[EncodedType.ItemSize];
        EncodeElements(raw, encoded, 1);
        return FillValue.FromRaw(encoded);
    }

    public virtual ChunkArray Encode(ChunkArray chunk, ChunkSpec decoded)
    {
        Check(decoded);
        var count = checked((int)decoded.ElementCount);
        var input = chunk.Bytes ?? throw new InvalidOperationException($"{Name} needs a fixed-size chunk");
        var output = PooledBuffer.Rent(checked(count * EncodedType.ItemSize));
        try
        {
            EncodeElements(input.Span[..(count * DecodedType.ItemSize)], output.Span, count);
            return ChunkArray.FromBytes(decoded.Shape, output);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    public virtual ChunkArray Decode(ChunkArray chunk, ChunkSpec decoded)
    {
        Check(decoded);
        var count = checked((int)decoded.ElementCount);
        var input = chunk.Bytes ?? throw new InvalidOperationException($"{Name} needs a fixed-size chunk");
        if (input.Length != (long)count * EncodedType.ItemSize)
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"{Name}: chunk holds {input.Length} bytes of {EncodedType}, expected {count} elements");
        var output = PooledBuffer.Rent(checked(count * DecodedType.ItemSize));
        try
        {
            DecodeElements(input.Span, output.Span, count);
            return ChunkArray.FromBytes(decoded.Shape, output);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Encodes <paramref name="count"/> elements of <see cref="DecodedType"/> into <see cref="EncodedType"/> elements (C order).</summary>
    protected abstract void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count);

    protected abstract void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count);

    /// <summary>The chunk must be of the type the filter was configured for (NumPy would reinterpret the bytes instead).</summary>
    protected void Check(ChunkSpec decoded)
    {
        if (!decoded.DataType.Equals(DecodedType))
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"codec '{Name}' is configured for {DecodedType} but its input is {decoded.DataType}");
    }

    /// <summary>The error for a filter configured on a type it cannot handle.</summary>
    protected static ZarrException WrongType(string codec, ZarrDataType type, string what, CodecContext? context) =>
        new(ZarrErrorKind.UnsupportedCodec, $"codec '{codec}' works on {what}, not {type}", context?.Store, context?.ArrayPath);
}
