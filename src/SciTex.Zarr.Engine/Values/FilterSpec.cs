using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// The numcodecs filters a writer applies before the compressor (Save-Zarr / New-ZarrArray <c>-Filter</c>), in
/// numcodecs' own JSON form (<c>{"id": "quantize", "digits": 3, "dtype": "&lt;f8"}</c>). v2 metadata lists them in
/// <c>filters</c>; v3 writes each codec's v3 form (<c>numcodecs.&lt;id&gt;</c>, or the zarr-extensions name).
/// </summary>
public sealed class FilterSpec
{
    private FilterSpec(IReadOnlyList<JsonObject> filters) => Filters = filters;

    public IReadOnlyList<JsonObject> Filters { get; }
    public static readonly FilterSpec None = new([]);
    public bool IsEmpty => Filters.Count == 0;

    /// <summary>The filter ids a writer accepts (numcodecs filters; compressors may be used as filters too).</summary>
    public static IReadOnlyCollection<string> Names => CodecRegistry.V2FilterIds;

    /// <summary>Filters from numcodecs-style objects; each needs an <c>id</c> (or <c>name</c>). Bad ones fail on first use with the array named.</summary>
    public static FilterSpec From(IEnumerable<JsonObject> filters)
    {
        var list = new List<JsonObject>();
        foreach (var given in filters)
        {
            // Through text, so numbers built from .NET values read like the ones zarr-python writes (100 as a double too).
            var filter = JsonNode.Parse(given.ToJsonString())!.AsObject();
            if (filter["id"] is null && filter["name"] is { } name) { filter.Remove("name"); filter["id"] = name.DeepClone(); }
            if (filter["id"] is not JsonValue id || !id.TryGetValue(out string? text) || text.Length == 0)
                throw new ZarrException(ZarrErrorKind.InvalidArgument,
                    $"A filter needs an 'id' (or 'name'), e.g. @{{ id = 'delta'; dtype = 'i4' }}; got {given.ToJsonString()}. Filters: {string.Join(", ", Names.Order())}");
            list.Add(filter);
        }
        return new FilterSpec(list);
    }

    /// <summary>
    /// The codecs of the filters for an array of <paramref name="dataType"/>: array filters (delta, quantize …) in
    /// order, the bytes filters (shuffle, compressors used as filters) that follow them, the serializer and the type
    /// the compressor then sees. Every filter is parsed here, so a bad id or parameter fails before anything is written.
    /// </summary>
    public (List<IArrayToArrayCodec> ArrayFilters, IArrayToBytesCodec Serializer, List<IBytesToBytesCodec> BytesFilters, ZarrDataType EncodedType)
        Build(ZarrDataType dataType, int[] chunks, string? store, string? path)
    {
        var arrayFilters = new List<IArrayToArrayCodec>();
        var bytesFilters = new List<IBytesToBytesCodec>();
        var context = new CodecContext(dataType, chunks, store, path);
        var bigEndian = false;
        foreach (var filter in Filters)
        {
            ICodec codec;
            try
            {
                codec = CodecRegistry.FromV2Filter(filter, context);
            }
            catch (ZarrException e) when (e.Kind == ZarrErrorKind.InvalidMetadata)
            {
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Filter {filter.ToJsonString()}: {e.Message}", store, path, e);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException or System.Text.Json.JsonException)
            {
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Filter {filter.ToJsonString()} has a bad parameter: {e.Message}", store, path, e);
            }
            switch (codec)
            {
                case IArrayToArrayCodec a2a when bytesFilters.Count == 0:
                    arrayFilters.Add(a2a);
                    var spec = a2a.EncodedSpec(new ChunkSpec(context.ChunkShape, context.DataType, FillValue.Default(context.DataType)));
                    context = context with { DataType = spec.DataType, ChunkShape = spec.Shape };
                    bigEndian = a2a is Codecs.Filters.ArrayFilter { EncodedBigEndian: true };
                    break;
                case IArrayToArrayCodec:
                    throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Array filter '{filter["id"]}' after a bytes filter: numcodecs would see bytes there; put array filters first", store, path);
                case IBytesToBytesCodec b2b:
                    if (context.DataType.IsVariableLength)
                        throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Bytes filter '{filter["id"]}' on {context.DataType} values: only array filters (categorize) apply to strings", store, path);
                    bytesFilters.Add(b2b);
                    break;
            }
        }
        IArrayToBytesCodec serializer = context.DataType.IsVariableLength ? VlenCodec.Utf8 : new BytesCodec(bigEndian && context.DataType.HasEndianness);
        return (arrayFilters, serializer, bytesFilters, context.DataType);
    }
}
