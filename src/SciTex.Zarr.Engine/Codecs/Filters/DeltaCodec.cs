using System.Numerics;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Engine.Codecs.Filters;

/// <summary>
/// numcodecs <c>Delta(dtype, astype)</c>: the first element, then each element minus the one before (in
/// <c>dtype</c>, integers wrapping), cast to <c>astype</c>. Decoding is NumPy's <c>cumsum</c> into <c>dtype</c>
/// (the accumulator is the output type, so integers wrap the same way).
/// </summary>
public sealed class DeltaCodec : ArrayFilter
{
    public const string Id = "delta";

    public DeltaCodec(ZarrDataType dtype, ZarrDataType astype, bool astypeBigEndian = false, string? name = null, string? dtypeText = null, string? astypeText = null)
        : base(Id, name ?? "numcodecs." + Id, dtype, astype, astypeBigEndian)
    {
        if (!Numeric.IsNumeric(dtype)) throw WrongType(Id, dtype, "integer and float types", null);
        if (!Numeric.IsNumeric(astype)) throw WrongType(Id, astype, "integer and float types", null);
        DTypeText = dtypeText ?? Numeric.DTypeText(dtype);
        AsTypeText = astypeText ?? Numeric.DTypeText(astype, astypeBigEndian);
    }

    private string DTypeText { get; }
    private string AsTypeText { get; }

    public static DeltaCodec Create(JsonObject? config, CodecContext context, string name)
    {
        var (dtype, _) = config?["dtype"] is null ? (context.DataType, false) : Numeric.ParseDType(config["dtype"], Id, "dtype", context);
        var (astype, big) = config?["astype"] is null ? (dtype, false) : Numeric.ParseDType(config["astype"], Id, "astype", context);
        if (!Numeric.IsNumeric(dtype) || !Numeric.IsNumeric(astype)) throw WrongType(Id, Numeric.IsNumeric(dtype) ? astype : dtype, "integer and float types", context);
        return new DeltaCodec(dtype, astype, big, name, config?["dtype"]?.GetValue<string>(), config?["astype"]?.GetValue<string>());
    }

    protected override JsonObject Configuration() => new() { ["dtype"] = DTypeText, ["astype"] = AsTypeText };

    protected override void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count)
    {
        if (count == 0) return;
        if (DecodedType.Equals(EncodedType))
        {
            Diff(input, output, count);
            return;
        }
        // Differences in dtype, then NumPy's cast to astype.
        var differences = new byte[count * DecodedType.ItemSize];
        Diff(input, differences, count);
        Numeric.Convert(differences, DecodedType, output, EncodedType);
    }

    private void Diff(ReadOnlySpan<byte> input, Span<byte> output, int count)
    {
        unsafe
        {
            fixed (byte* i = input)
            fixed (byte* o = output)
            {
                var action = new DiffAction { Input = i, Output = o, Count = count };
                Numeric.Dispatch(DecodedType, ref action);
            }
        }
    }

    protected override void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count)
    {
        if (count == 0) return;
        // Each encoded element cast to dtype (astype → dtype), then the running sum in dtype.
        if (!DecodedType.Equals(EncodedType)) Numeric.Convert(input, EncodedType, output, DecodedType);
        else input.CopyTo(output);
        unsafe
        {
            fixed (byte* o = output)
            {
                var action = new SumAction { Data = o, Count = count };
                Numeric.Dispatch(DecodedType, ref action);
            }
        }
    }

    private unsafe struct DiffAction : INumericAction
    {
        public byte* Input, Output;
        public int Count;

        public void Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var input = new ReadOnlySpan<T>(Input, Count);
            var output = new Span<T>(Output, Count);
            output[0] = input[0];
            for (var i = 1; i < Count; i++) output[i] = input[i] - input[i - 1];
        }
    }

    private unsafe struct SumAction : INumericAction
    {
        public byte* Data;
        public int Count;

        public void Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var data = new Span<T>(Data, Count);
            for (var i = 1; i < Count; i++) data[i] = data[i - 1] + data[i];
        }
    }

    protected override DataTypes.FillValue EncodeFill(ChunkSpec decoded)
    {
        // One element's delta is the element itself, cast.
        if (decoded.FillValue.Raw is not { } raw) return FillValue.Default(EncodedType);
        var encoded = new byte[EncodedType.ItemSize];
        Numeric.Convert(raw, DecodedType, encoded, EncodedType);
        return FillValue.FromRaw(encoded);
    }
}
