using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Codecs.Compression;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs.Filters;

/// <summary>
/// numcodecs <c>PackBits()</c> for bool arrays: one byte holding the number of padding bits in the last byte, then
/// the elements 8 to a byte, first element in the most significant bit (NumPy's <c>packbits</c>). The encoded chunk
/// is a 1-d uint8 array of 1 + ⌈n / 8⌉ bytes.
/// </summary>
public sealed class PackBitsCodec : ArrayFilter
{
    public const string Id = "packbits";

    public PackBitsCodec(string? name = null) : base(Id, name ?? "numcodecs." + Id, ZarrDataType.Bool, ZarrDataType.UInt8) { }

    public static PackBitsCodec Create(JsonObject? config, CodecContext context, string name)
    {
        if (context.DataType.Kind != DataTypeKind.Bool) throw WrongType(name, context.DataType, "bool arrays", context);
        return new PackBitsCodec(name);
    }

    protected override JsonObject Configuration() => new();

    private static int PackedLength(long elements) => checked((int)(1 + (elements + 7) / 8));

    public override ChunkSpec EncodedSpec(ChunkSpec decoded) => new([PackedLength(decoded.ElementCount)], ZarrDataType.UInt8, FillValue.Default(ZarrDataType.UInt8));

    public override ChunkArray Encode(ChunkArray chunk, ChunkSpec decoded)
    {
        Check(decoded);
        var n = checked((int)decoded.ElementCount);
        var input = (chunk.Bytes ?? throw new InvalidOperationException("packbits needs a bool chunk")).Span[..n];
        var length = PackedLength(n);
        var output = PooledBuffer.Rent(length);
        var packed = output.Span;
        packed.Clear();
        packed[0] = (byte)(n % 8 == 0 ? 0 : 8 - n % 8);
        for (var i = 0; i < n; i++)
            if (input[i] != 0) packed[1 + (i >> 3)] |= (byte)(0x80 >> (i & 7));
        return ChunkArray.FromBytes([length], output);
    }

    public override ChunkArray Decode(ChunkArray chunk, ChunkSpec decoded)
    {
        Check(decoded);
        var n = checked((int)decoded.ElementCount);
        var packed = (chunk.Bytes ?? throw new InvalidOperationException("packbits needs a byte chunk")).Span;
        if (packed.Length != PackedLength(n) || packed[0] != (n % 8 == 0 ? 0 : 8 - n % 8))
            throw new ZarrException(ZarrErrorKind.CorruptChunk,
                $"{Name}: chunk of {packed.Length} bytes (padding {(packed.Length > 0 ? packed[0] : -1)}) does not hold the {n} bits of shape [{string.Join(", ", decoded.Shape)}]");
        var output = PooledBuffer.Rent(n);
        var bits = output.Span;
        for (var i = 0; i < n; i++) bits[i] = (byte)((packed[1 + (i >> 3)] >> (7 - (i & 7))) & 1);
        return ChunkArray.FromBytes(decoded.Shape, output);
    }

    protected override void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) => throw new NotSupportedException();
    protected override void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) => throw new NotSupportedException();
}

/// <summary>
/// numcodecs <c>Categorize(labels, dtype, astype)</c>: each string becomes 1 + its index in <c>labels</c> as an
/// <c>astype</c> integer, 0 for anything else; decoding gives the label back, and "" for 0 (as numcodecs does).
/// Writing a value that is not a label (other than "" and null) is an error here rather than a silent "".
/// </summary>
public sealed class CategorizeCodec : ArrayFilter
{
    public const string Id = "categorize";

    public CategorizeCodec(IReadOnlyList<string> labels, ZarrDataType dtype, ZarrDataType astype, bool astypeBigEndian = false, string? name = null, string? dtypeText = null, string? astypeText = null)
        : base(Id, name ?? "numcodecs." + Id, dtype, astype, astypeBigEndian)
    {
        if (dtype.Kind is not (DataTypeKind.String or DataTypeKind.FixedUtf32)) throw WrongType(Id, dtype, "string arrays (|O, <U n)", null);
        if (astype.Kind is not (DataTypeKind.Int or DataTypeKind.UInt)) throw WrongType(Id, astype, "an integer astype", null);
        Labels = labels;
        Index = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++) Index.TryAdd(labels[i], i + 1);
        var max = astype.Kind == DataTypeKind.UInt ? Math.Pow(2, 8 * astype.ItemSize) - 1 : Math.Pow(2, 8 * astype.ItemSize - 1) - 1;
        if (labels.Count > max) throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"codec '{Id}': {labels.Count} labels do not fit {astype}");
        DTypeText = dtypeText ?? (dtype.Kind == DataTypeKind.String ? "|O" : Numeric.DTypeText(dtype));
        AsTypeText = astypeText ?? Numeric.DTypeText(astype, astypeBigEndian);
    }

    public IReadOnlyList<string> Labels { get; }
    private Dictionary<string, long> Index { get; }
    private string DTypeText { get; }
    private string AsTypeText { get; }

    public static CategorizeCodec Create(JsonObject? config, CodecContext context, string name)
    {
        if (config?["labels"] is not JsonArray labelNodes)
            throw CodecConfig.Invalid(Id, "missing required configuration member 'labels' (a list of strings)", context);
        var labels = new List<string>(labelNodes.Count);
        foreach (var node in labelNodes)
        {
            if (node is JsonValue v && v.TryGetValue(out string? label)) labels.Add(label);
            else throw CodecConfig.Invalid(Id, $"labels must be strings, got {node?.ToJsonString() ?? "null"}", context);
        }
        var (dtype, _) = config["dtype"] is null ? (context.DataType, false) : Numeric.ParseDType(config["dtype"], Id, "dtype", context);
        var (astype, big) = config["astype"] is null ? (ZarrDataType.UInt8, false) : Numeric.ParseDType(config["astype"], Id, "astype", context);
        if (dtype.Kind is not (DataTypeKind.String or DataTypeKind.FixedUtf32)) throw WrongType(Id, dtype, "string arrays (|O, <U n)", context);
        if (astype.Kind is not (DataTypeKind.Int or DataTypeKind.UInt)) throw WrongType(Id, astype, "an integer astype", context);
        return new CategorizeCodec(labels, dtype, astype, big, name, config["dtype"]?.GetValue<string>(), config["astype"]?.GetValue<string>());
    }

    protected override JsonObject Configuration() => new()
    {
        ["labels"] = new JsonArray(Labels.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()), ["dtype"] = DTypeText, ["astype"] = AsTypeText,
    };

    protected override FillValue EncodeFill(ChunkSpec decoded)
    {
        var fill = decoded.FillValue.Object as string ?? (decoded.FillValue.Raw is { } raw && DecodedType.Kind == DataTypeKind.FixedUtf32 ? FillValue.DecodeUtf32(raw) : null);
        var code = fill is not null && Index.TryGetValue(fill, out var c) ? c : 0;
        var bytes = new byte[EncodedType.ItemSize];
        Numeric.Convert(BitConverter.GetBytes(code), ZarrDataType.Int64, bytes, EncodedType);
        return FillValue.FromRaw(bytes);
    }

    private string? Element(ChunkArray chunk, int i) => chunk.Objects is { } objects
        ? objects[i] as string ?? (objects[i] is null ? null : throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{Name} encodes strings, not {objects[i]!.GetType().Name}"))
        : FillValue.DecodeUtf32(chunk.Bytes!.Span.Slice(i * DecodedType.ItemSize, DecodedType.ItemSize));

    public override ChunkArray Encode(ChunkArray chunk, ChunkSpec decoded)
    {
        Check(decoded);
        var n = checked((int)decoded.ElementCount);
        var codes = new long[n];
        for (var i = 0; i < n; i++)
        {
            var value = Element(chunk, i);
            if (value is null or "") continue;
            codes[i] = Index.TryGetValue(value, out var code) ? code
                : throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{Name}: '{value}' is not one of the {Labels.Count} labels ({string.Join(", ", Labels.Take(10))}{(Labels.Count > 10 ? ", …" : "")})");
        }
        var output = PooledBuffer.Rent(n * EncodedType.ItemSize);
        Numeric.Convert(System.Runtime.InteropServices.MemoryMarshal.AsBytes(codes.AsSpan()), ZarrDataType.Int64, output.Span, EncodedType);
        return ChunkArray.FromBytes(decoded.Shape, output);
    }

    public override ChunkArray Decode(ChunkArray chunk, ChunkSpec decoded)
    {
        Check(decoded);
        var n = checked((int)decoded.ElementCount);
        var input = chunk.Bytes ?? throw new InvalidOperationException("categorize needs an integer chunk");
        if (input.Length != (long)n * EncodedType.ItemSize)
            throw new ZarrException(ZarrErrorKind.CorruptChunk, $"{Name}: chunk holds {input.Length} bytes of {EncodedType}, expected {n} elements");
        var codes = new long[n];
        Numeric.Convert(input.Span, EncodedType, System.Runtime.InteropServices.MemoryMarshal.AsBytes(codes.AsSpan()), ZarrDataType.Int64);
        var strings = new string[n];
        for (var i = 0; i < n; i++)
        {
            var code = codes[i];
            strings[i] = code == 0 ? "" : code > 0 && code <= Labels.Count ? Labels[(int)(code - 1)]
                : throw new ZarrException(ZarrErrorKind.CorruptChunk, $"{Name}: code {code} is not 0 or one of the {Labels.Count} labels");
        }
        if (DecodedType.Kind == DataTypeKind.String) return ChunkArray.FromObjects(decoded.Shape, strings);
        var output = PooledBuffer.Rent(n * DecodedType.ItemSize);
        output.Span.Clear();
        for (var i = 0; i < n; i++)
        {
            var slot = output.Span.Slice(i * DecodedType.ItemSize, DecodedType.ItemSize);
            System.Text.Encoding.UTF32.GetBytes(strings[i].AsSpan(), slot);
        }
        return ChunkArray.FromBytes(decoded.Shape, output);
    }

    protected override void EncodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) => throw new NotSupportedException();
    protected override void DecodeElements(ReadOnlySpan<byte> input, Span<byte> output, int count) => throw new NotSupportedException();
}
