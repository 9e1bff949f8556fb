using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>
/// Writes arrays and groups with the engine into a directory store and records them in manifest.json
/// (the contract the peer's read script checks: shape, chunks, attributes and every element).
/// </summary>
internal sealed class ManifestWriter(string dir, int format) : IDisposable
{
    private readonly DirectoryStore _store = new(dir);
    private readonly JsonArray _arrays = [];
    private readonly JsonArray _groups = [];

    public int Count => _arrays.Count;

    public void Group(string path, JsonObject attributes)
    {
        NodeStore.EnsureGroup(_store, path, format);
        NodeStore.Write(_store, new GroupMetadata(StoreKeys.NormalizePath(path), format, attributes));
        _groups.Add(new JsonObject { ["path"] = path, ["attrs"] = attributes.DeepClone() });
    }

    /// <summary>
    /// Writes one array: element i is <see cref="Samples.Value"/> unless <paramref name="isFill"/> says the position
    /// holds the fill value (a chunk that is all fill is not stored, so the peer must read it as missing → fill).
    /// </summary>
    public ZarrArray Array(string path, ZarrDataType type, long[] shape, int[] chunks, CodecChain codecs, ChunkKeyEncoding encoding,
        JsonNode? fillJson, JsonObject fields, Func<long[], bool>? isFill = null, JsonObject? attributes = null, string?[]? dimensionNames = null)
    {
        var fill = FillValue.Parse(fillJson, type, v2: format == 2);
        var meta = new ArrayMetadata(path, format, shape, chunks, type, fill, encoding, codecs, attributes?.DeepClone().AsObject(), dimensionNames);
        NodeStore.Write(_store, meta);
        var fillObject = FillObject(fill, type);
        var data = Samples.Build(type, shape, (i, coords) => isFill?.Invoke(coords) == true ? fillObject : Samples.Value(type, i));
        var array = new ZarrArray(_store, meta);
        array.Write(data);

        fields["path"] = path;
        fields["shape"] = JsonHelpers(shape);
        fields["chunks"] = JsonHelpers(chunks.Select(c => (long)c));
        fields["attrs"] = attributes?.DeepClone() ?? new JsonObject();
        fields["fill_value"] = ValueJson.Encode(fillObject, type);
        fields["values"] = new JsonArray(ValueJson.Flat(data).Select(v => ValueJson.Encode(v, type)).ToArray());
        _arrays.Add(fields);
        return array;
    }

    private static JsonArray JsonHelpers(IEnumerable<long> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>The fill value as the .NET element a reader gets (decoded the engine's own way).</summary>
    public static object? FillObject(FillValue fill, ZarrDataType type)
    {
        if (type.IsVariableLength) return fill.Object;
        var one = System.Array.CreateInstance(type.ClrType, 1);
        ElementLayout.FromStored(fill.Raw, one, type);
        return one.GetValue(0);
    }

    public void Save(string writer)
    {
        var manifest = new JsonObject { ["writer"] = writer, ["arrays"] = _arrays, ["groups"] = _groups };
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
    }

    public void Dispose() => _store.Dispose();
}
