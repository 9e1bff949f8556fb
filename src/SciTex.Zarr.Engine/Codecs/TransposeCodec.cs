using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// The <c>transpose</c> codec: encoded axis i is decoded axis <c>Order[i]</c>. A v2 <c>order: "F"</c> array is a
/// transpose with the axes reversed.
/// </summary>
public sealed class TransposeCodec : IArrayToArrayCodec
{
    public TransposeCodec(int[] order)
    {
        var seen = new bool[order.Length];
        foreach (var axis in order)
        {
            if (axis < 0 || axis >= order.Length || seen[axis])
                throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"transpose order [{string.Join(", ", order)}] is not a permutation");
            seen[axis] = true;
        }
        Order = order;
    }

    public int[] Order { get; }
    public string Name => "transpose";

    public static int[] Reversed(int rank) => Enumerable.Range(0, rank).Reverse().ToArray();

    public static TransposeCodec FromV3(JsonObject? configuration, CodecContext context)
    {
        var rank = context.ChunkShape.Length;
        var node = configuration?["order"] ?? throw new ZarrException(ZarrErrorKind.InvalidMetadata, "transpose codec needs configuration.order", context.Store, context.ArrayPath);
        // "C" and "F" are tolerated (zarrita, tensorstore write them).
        if (node is JsonValue v && v.TryGetValue(out string? named))
        {
            return named switch
            {
                "C" => new TransposeCodec(Enumerable.Range(0, rank).ToArray()),
                "F" => new TransposeCodec(Reversed(rank)),
                _ => throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"transpose order '{named}' is not C, F or a permutation", context.Store, context.ArrayPath),
            };
        }
        var order = node.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        if (order.Length != rank)
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, $"transpose order has {order.Length} axes but the array has {rank}", context.Store, context.ArrayPath);
        return new TransposeCodec(order);
    }

    public JsonObject ToV3Json() => new()
    {
        ["name"] = Name,
        ["configuration"] = new JsonObject { ["order"] = new JsonArray(Order.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()) },
    };

    public JsonObject? ToV2Json() => null;

    public ChunkSpec EncodedSpec(ChunkSpec decoded) => decoded with { Shape = Order.Select(a => decoded.Shape[a]).ToArray() };

    public ChunkArray Encode(ChunkArray chunk, ChunkSpec decoded)
    {
        var encodedShape = Order.Select(a => decoded.Shape[a]).ToArray();
        return Permute(chunk, decoded.Shape, encodedShape, Order, decoded.DataType.ItemSize);
    }

    public ChunkArray Decode(ChunkArray chunk, ChunkSpec decoded)
    {
        var inverse = new int[Order.Length];
        for (var i = 0; i < Order.Length; i++) inverse[Order[i]] = i;
        return Permute(chunk, chunk.Shape, decoded.Shape, inverse, decoded.DataType.ItemSize);
    }

    /// <summary>Output axis i takes input axis <paramref name="axes"/>[i].</summary>
    private static ChunkArray Permute(ChunkArray input, int[] inShape, int[] outShape, int[] axes, int itemSize)
    {
        var rank = inShape.Length;
        var inStrides = new long[rank];
        long stride = 1;
        for (var i = rank - 1; i >= 0; i--) { inStrides[i] = stride; stride *= inShape[i]; }
        var count = stride;
        // Stride in the input for each output axis.
        var walk = new long[rank];
        for (var i = 0; i < rank; i++) walk[i] = inStrides[axes[i]];
        var index = new int[rank];

        if (input.Objects is { } objects)
        {
            var result = new object?[count];
            long src = 0;
            for (long n = 0; n < count; n++)
            {
                result[n] = objects[src];
                src = Advance(index, outShape, walk, src);
            }
            return ChunkArray.FromObjects(outShape, result);
        }

        var inBytes = input.Bytes!.Span;
        var output = PooledBuffer.Rent(checked((int)(count * itemSize)));
        var outBytes = output.Span;
        long source = 0;
        for (long n = 0; n < count; n++)
        {
            inBytes.Slice((int)(source * itemSize), itemSize).CopyTo(outBytes.Slice((int)(n * itemSize), itemSize));
            source = Advance(index, outShape, walk, source);
        }
        return ChunkArray.FromBytes(outShape, output);
    }

    private static long Advance(int[] index, int[] shape, long[] walk, long position)
    {
        for (var axis = index.Length - 1; axis >= 0; axis--)
        {
            index[axis]++;
            position += walk[axis];
            if (index[axis] < shape[axis]) return position;
            position -= walk[axis] * index[axis];
            index[axis] = 0;
        }
        return position;
    }
}
