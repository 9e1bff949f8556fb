using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Filters;

/// <summary>
/// numcodecs <c>BitRound(keepbits)</c> (also zarr-extensions <c>bitround</c> for floats): rounds the mantissa to
/// <c>keepbits</c> bits, half to even, on the float's bits as a signed integer:
/// <c>b += ((b &gt;&gt; m) &amp; 1) + (1 &lt;&lt; (m − 1)) − 1; b &amp;= mask</c> with m = mantissa bits − keepbits.
/// Decoding is the identity.
/// </summary>
public sealed class BitRoundCodec : ArrayFilter
{
    public const string Id = "bitround";

    public BitRoundCodec(ZarrDataType type, int keepbits, string? name = null) : base(Id, name ?? "numcodecs." + Id, type, type)
    {
        if (!Numeric.IsFloat(type))
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"codec '{Name}': bit rounding is implemented for float16/32/64, not {type}");
        var mantissa = MantissaBits(type);
        if (keepbits < 0 || keepbits > mantissa)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"codec '{Name}': keepbits must be between 0 and {mantissa} for {type}, got {keepbits}");
        KeepBits = keepbits;
    }

    public int KeepBits { get; }

    public static int MantissaBits(ZarrDataType type) => type.ItemSize switch { 2 => 10, 4 => 23, _ => 52 };

    public static BitRoundCodec Create(JsonObject? config, CodecContext context, string name)
    {
        var keepbits = CodecConfig.RequiredInt(config, "keepbits", Id, context);
        if (!Numeric.IsFloat(context.DataType))
            throw new ZarrException(ZarrErrorKind.UnsupportedCodec, $"codec '{name}': bit rounding is implemented for float16/32/64, not {context.DataType}", context.Store, context.ArrayPath);
        try
        {
            return new BitRoundCodec(context.DataType, keepbits, name);
        }
        catch (ZarrException e)
        {
            throw new ZarrException(e.Kind, e.Message, context.Store, context.ArrayPath);
        }
    }

    protected override JsonObject Configuration() => new() { ["keepbits"] = KeepBits };

    protected override void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count)
    {
        var bytes = count * DecodedType.ItemSize;
        input[..bytes].CopyTo(output);
        var maskbits = MantissaBits(DecodedType) - KeepBits;
        if (maskbits == 0) return;
        switch (DecodedType.ItemSize)
        {
            case 2:
            {
                var data = MemoryMarshal.Cast<byte, short>(output[..bytes]);
                var mask = (short)((-1 >> maskbits) << maskbits);
                var half = (short)((1 << (maskbits - 1)) - 1);
                for (var i = 0; i < data.Length; i++)
                {
                    var b = data[i];
                    b = (short)(b + (short)(((b >> maskbits) & 1) + half));
                    data[i] = (short)(b & mask);
                }
                break;
            }
            case 4:
            {
                var data = MemoryMarshal.Cast<byte, int>(output[..bytes]);
                var mask = (-1 >> maskbits) << maskbits;
                var half = (1 << (maskbits - 1)) - 1;
                for (var i = 0; i < data.Length; i++)
                {
                    var b = data[i];
                    b = unchecked(b + ((b >> maskbits) & 1) + half);
                    data[i] = b & mask;
                }
                break;
            }
            default:
            {
                var data = MemoryMarshal.Cast<byte, long>(output[..bytes]);
                var mask = (-1L >> maskbits) << maskbits;
                var half = (1L << (maskbits - 1)) - 1;
                for (var i = 0; i < data.Length; i++)
                {
                    var b = data[i];
                    b = unchecked(b + ((b >> maskbits) & 1) + half);
                    data[i] = b & mask;
                }
                break;
            }
        }
    }

    protected override void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) => input.CopyTo(output);
}
