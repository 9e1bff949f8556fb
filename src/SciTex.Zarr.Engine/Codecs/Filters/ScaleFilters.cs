using System.Numerics;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Filters;

/// <summary>In-place element arithmetic on a float or integer span, in the precision NumPy would use.</summary>
internal static class ElementMath
{
    public enum Op { SubtractMultiplyRound, SubtractMultiply, DivideAdd, ScaleRoundDivide, MultiplyRoundDivide }

    public static unsafe void Apply(Span<byte> data, ZarrDataType type, Op op, double a, double b)
    {
        fixed (byte* p = data)
        {
            var action = new Action { Data = p, Count = data.Length / type.ItemSize, Operation = op, A = a, B = b };
            Numeric.Dispatch(type, ref action);
        }
    }

    private unsafe struct Action : INumericAction
    {
        public byte* Data;
        public int Count;
        public Op Operation;
        public double A, B;

        public void Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var data = new Span<T>(Data, Count);
            // NumPy casts a Python scalar to the array's type when the kinds agree (value-based casting).
            var a = T.CreateTruncating(A);
            var b = T.CreateTruncating(B);
            switch (Operation)
            {
                case Op.SubtractMultiplyRound:
                    for (var i = 0; i < data.Length; i++) data[i] = RoundEven((data[i] - a) * b);
                    break;
                case Op.SubtractMultiply:
                    for (var i = 0; i < data.Length; i++) data[i] = (data[i] - a) * b;
                    break;
                case Op.DivideAdd:
                    for (var i = 0; i < data.Length; i++) data[i] = data[i] / a + b;
                    break;
                case Op.MultiplyRoundDivide:
                    for (var i = 0; i < data.Length; i++) data[i] = RoundEven(a * data[i]) / a;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(Operation));
            }
        }

        /// <summary>NumPy's <c>around</c> (half to even). Through double is exact for float and half: the result is whole.</summary>
        private static T RoundEven<T>(T value) where T : INumber<T>
        {
            if (typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(Half))
                return T.CreateTruncating(Math.Round(double.CreateTruncating(value), MidpointRounding.ToEven));
            return value; // integers are already whole
        }
    }
}

/// <summary>
/// numcodecs <c>FixedScaleOffset(offset, scale, dtype, astype)</c>: <c>round((x − offset) · scale)</c> (half to even)
/// cast to <c>astype</c>; decoding <c>(y / scale) + offset</c> cast back to <c>dtype</c>. The arithmetic runs in the
/// precision NumPy 1.x picks for an array and a Python scalar: float16/float32 stay in their type, integers with
/// integral parameters stay integers, everything else is float64.
/// </summary>
public sealed class FixedScaleOffsetCodec : ArrayFilter
{
    public const string Id = "fixedscaleoffset";

    public FixedScaleOffsetCodec(double offset, double scale, ZarrDataType dtype, ZarrDataType astype, bool astypeBigEndian = false, string? name = null,
        JsonNode? offsetJson = null, JsonNode? scaleJson = null, string? dtypeText = null, string? astypeText = null)
        : base(Id, name ?? "numcodecs." + Id, dtype, astype, astypeBigEndian)
    {
        if (!Numeric.IsNumeric(dtype)) throw WrongType(Id, dtype, "integer and float types", null);
        if (!Numeric.IsNumeric(astype)) throw WrongType(Id, astype, "integer and float types", null);
        Offset = offset;
        Scale = scale;
        OffsetJson = offsetJson?.DeepClone() ?? Numeric.NumberJson(offset);
        ScaleJson = scaleJson?.DeepClone() ?? Numeric.NumberJson(scale);
        DTypeText = dtypeText ?? Numeric.DTypeText(dtype);
        AsTypeText = astypeText ?? Numeric.DTypeText(astype, astypeBigEndian);
        EncodeType = Numeric.IsFloat(dtype) ? dtype
            : Numeric.IsIntegral(OffsetJson) && Numeric.IsIntegral(ScaleJson) ? dtype : ZarrDataType.Float64;
        DecodeType = Numeric.IsFloat(astype) && astype.ItemSize < 8 ? astype : ZarrDataType.Float64;
    }

    public double Offset { get; }
    public double Scale { get; }
    private JsonNode OffsetJson { get; }
    private JsonNode ScaleJson { get; }
    private string DTypeText { get; }
    private string AsTypeText { get; }
    private ZarrDataType EncodeType { get; }
    private ZarrDataType DecodeType { get; }

    public static FixedScaleOffsetCodec Create(JsonObject? config, CodecContext context, string name)
    {
        var offset = Numeric.RequiredNumber(config, "offset", Id, context);
        var scale = Numeric.RequiredNumber(config, "scale", Id, context);
        var (dtype, _) = config?["dtype"] is null ? (context.DataType, false) : Numeric.ParseDType(config["dtype"], Id, "dtype", context);
        var (astype, big) = config?["astype"] is null ? (dtype, false) : Numeric.ParseDType(config["astype"], Id, "astype", context);
        if (!Numeric.IsNumeric(dtype) || !Numeric.IsNumeric(astype)) throw WrongType(Id, Numeric.IsNumeric(dtype) ? astype : dtype, "integer and float types", context);
        if (scale == 0) throw CodecConfig.Invalid(Id, "'scale' must not be 0", context);
        return new FixedScaleOffsetCodec(offset, scale, dtype, astype, big, name, config!["offset"], config["scale"],
            config["dtype"]?.GetValue<string>(), config["astype"]?.GetValue<string>());
    }

    protected override JsonObject Configuration() => new()
    {
        ["offset"] = OffsetJson.DeepClone(), ["scale"] = ScaleJson.DeepClone(), ["dtype"] = DTypeText, ["astype"] = AsTypeText,
    };

    protected override void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count)
    {
        var work = new byte[count * EncodeType.ItemSize];
        Numeric.Convert(input, DecodedType, work, EncodeType);
        ElementMath.Apply(work, EncodeType, Numeric.IsFloat(EncodeType) ? ElementMath.Op.SubtractMultiplyRound : ElementMath.Op.SubtractMultiply, Offset, Scale);
        Numeric.Convert(work, EncodeType, output, EncodedType);
    }

    protected override void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count)
    {
        var work = new byte[count * DecodeType.ItemSize];
        Numeric.Convert(input, EncodedType, work, DecodeType);
        ElementMath.Apply(work, DecodeType, ElementMath.Op.DivideAdd, Scale, Offset);
        Numeric.Convert(work, DecodeType, output, DecodedType);
    }
}

/// <summary>
/// numcodecs <c>Quantize(digits, dtype, astype)</c>: keeps <c>digits</c> decimal digits by rounding to a power-of-two
/// step: <c>round(2^bits · x) / 2^bits</c> in the float type, with <c>bits = ceil(log2(10^digits))</c> exactly as
/// numcodecs computes it. Decoding is a cast to <c>dtype</c>.
/// </summary>
public sealed class QuantizeCodec : ArrayFilter
{
    public const string Id = "quantize";

    public QuantizeCodec(int digits, ZarrDataType dtype, ZarrDataType astype, bool astypeBigEndian = false, string? name = null, string? dtypeText = null, string? astypeText = null)
        : base(Id, name ?? "numcodecs." + Id, dtype, astype, astypeBigEndian)
    {
        if (!Numeric.IsFloat(dtype)) throw WrongType(Id, dtype, "float types", null);
        if (!Numeric.IsFloat(astype)) throw WrongType(Id, astype, "float types", null);
        Digits = digits;
        DTypeText = dtypeText ?? Numeric.DTypeText(dtype);
        AsTypeText = astypeText ?? Numeric.DTypeText(astype, astypeBigEndian);
        Step = StepFor(digits);
    }

    public int Digits { get; }
    /// <summary>The scale numcodecs multiplies by (a power of two).</summary>
    public double Step { get; }
    private string DTypeText { get; }
    private string AsTypeText { get; }

    /// <summary>numcodecs' <c>precision = 10**-digits; exp = floor/ceil(log10(precision)); bits = ceil(log2(10**-exp)); scale = 2**bits</c>.</summary>
    public static double StepFor(int digits)
    {
        var precision = Math.Pow(10.0, -digits);
        var exp = Math.Log(precision) / Math.Log(10);
        var whole = exp < 0 ? (int)Math.Floor(exp) : (int)Math.Ceiling(exp);
        var bits = Math.Ceiling(Math.Log(Math.Pow(10.0, -whole)) / Math.Log(2));
        return Math.Pow(2.0, bits);
    }

    public static QuantizeCodec Create(JsonObject? config, CodecContext context, string name)
    {
        var digits = CodecConfig.RequiredInt(config, "digits", Id, context);
        var (dtype, _) = config?["dtype"] is null ? (context.DataType, false) : Numeric.ParseDType(config["dtype"], Id, "dtype", context);
        var (astype, big) = config?["astype"] is null ? (dtype, false) : Numeric.ParseDType(config["astype"], Id, "astype", context);
        if (!Numeric.IsFloat(dtype) || !Numeric.IsFloat(astype)) throw WrongType(Id, Numeric.IsFloat(dtype) ? astype : dtype, "float types", context);
        return new QuantizeCodec(digits, dtype, astype, big, name, config!["dtype"]?.GetValue<string>(), config["astype"]?.GetValue<string>());
    }

    protected override JsonObject Configuration() => new() { ["digits"] = Digits, ["dtype"] = DTypeText, ["astype"] = AsTypeText };

    protected override void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count)
    {
        var work = new byte[count * DecodedType.ItemSize];
        input[..work.Length].CopyTo(work);
        ElementMath.Apply(work, DecodedType, ElementMath.Op.MultiplyRoundDivide, Step, 0);
        Numeric.Convert(work, DecodedType, output, EncodedType);
    }

    protected override void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) =>
        Numeric.Convert(input, EncodedType, output, DecodedType);
}

/// <summary>numcodecs <c>AsType(encode_dtype, decode_dtype)</c>: NumPy casts both ways.</summary>
public sealed class AsTypeCodec : ArrayFilter
{
    public const string Id = "astype";

    public AsTypeCodec(ZarrDataType decodeDType, ZarrDataType encodeDType, bool encodeBigEndian = false, string? name = null, string? decodeText = null, string? encodeText = null)
        : base(Id, name ?? "numcodecs." + Id, decodeDType, encodeDType, encodeBigEndian)
    {
        if (!Numeric.IsNumeric(decodeDType)) throw WrongType(Id, decodeDType, "integer and float types", null);
        if (!Numeric.IsNumeric(encodeDType)) throw WrongType(Id, encodeDType, "integer and float types", null);
        DecodeText = decodeText ?? Numeric.DTypeText(decodeDType);
        EncodeText = encodeText ?? Numeric.DTypeText(encodeDType, encodeBigEndian);
    }

    private string DecodeText { get; }
    private string EncodeText { get; }

    public static AsTypeCodec Create(JsonObject? config, CodecContext context, string name)
    {
        var (encode, big) = Numeric.ParseDType(config?["encode_dtype"], Id, "encode_dtype", context);
        var (decode, _) = config?["decode_dtype"] is null ? (context.DataType, false) : Numeric.ParseDType(config["decode_dtype"], Id, "decode_dtype", context);
        if (!Numeric.IsNumeric(decode) || !Numeric.IsNumeric(encode)) throw WrongType(Id, Numeric.IsNumeric(decode) ? encode : decode, "integer and float types", context);
        return new AsTypeCodec(decode, encode, big, name, config?["decode_dtype"]?.GetValue<string>(), config!["encode_dtype"]!.GetValue<string>());
    }

    protected override JsonObject Configuration() => new() { ["encode_dtype"] = EncodeText, ["decode_dtype"] = DecodeText };

    protected override void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) =>
        Numeric.Convert(input[..(count * DecodedType.ItemSize)], DecodedType, output, EncodedType);

    protected override void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) =>
        Numeric.Convert(input, EncodedType, output, DecodedType);
}

/// <summary>
/// zarr-extensions <c>scale_offset</c>: <c>(x − offset) · scale</c> and back <c>(y / scale) + offset</c>, in the
/// array's own data type (the parameters are fill-value encoded in that type).
/// </summary>
public sealed class ScaleOffsetCodec : ArrayFilter
{
    public const string CodecName = "scale_offset";

    public ScaleOffsetCodec(ZarrDataType type, double offset, double scale) : base(CodecName, CodecName, type, type)
    {
        if (!Numeric.IsNumeric(type)) throw WrongType(CodecName, type, "integer and float types", null);
        Offset = offset;
        Scale = scale;
    }

    public double Offset { get; }
    public double Scale { get; }

    public static ScaleOffsetCodec Create(JsonObject? config, CodecContext context)
    {
        foreach (var (key, _) in config ?? [])
            if (key is not ("offset" or "scale")) throw CodecConfig.Invalid(CodecName, $"unknown configuration member '{key}'", context);
        var offset = config?["offset"] is null ? 0 : Numeric.RequiredNumber(config, "offset", CodecName, context);
        var scale = config?["scale"] is null ? 1 : Numeric.RequiredNumber(config, "scale", CodecName, context);
        if (!Numeric.IsNumeric(context.DataType)) throw WrongType(CodecName, context.DataType, "integer and float types", context);
        return new ScaleOffsetCodec(context.DataType, offset, scale);
    }

    protected override JsonObject Configuration() => new() { ["offset"] = Numeric.NumberJson(Offset), ["scale"] = Numeric.NumberJson(Scale) };

    public override JsonObject? ToV2Json() => null;

    protected override void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count)
    {
        input[..(count * DecodedType.ItemSize)].CopyTo(output);
        ElementMath.Apply(output[..(count * DecodedType.ItemSize)], DecodedType, ElementMath.Op.SubtractMultiply, Offset, Scale);
    }

    protected override void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count)
    {
        input.CopyTo(output);
        ElementMath.Apply(output[..(count * DecodedType.ItemSize)], DecodedType, ElementMath.Op.DivideAdd, Scale, Offset);
    }
}
