using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>
/// A numcodecs object codec for <c>|O</c> arrays other than vlen-utf8/vlen-bytes (pickle, json2, msgpack2,
/// vlen-array): the array→bytes codec of the chain, turning a chunk of .NET objects into bytes and back.
/// </summary>
public abstract class ObjectCodec : IArrayToBytesCodec
{
    public abstract string Name { get; }

    /// <summary>The element type of arrays this codec serialises.</summary>
    public virtual ZarrDataType DataType => ZarrDataType.Object;

    public virtual JsonObject ToV3Json() => new() { ["name"] = "numcodecs." + Name, ["configuration"] = V2Configuration() };
    public JsonObject? ToV2Json()
    {
        var json = new JsonObject { ["id"] = Name };
        foreach (var (key, value) in V2Configuration()) json[key] = value?.DeepClone();
        return json;
    }

    protected abstract JsonObject V2Configuration();
    public abstract PooledBuffer Encode(ChunkArray chunk, ChunkSpec spec);
    public abstract ChunkArray Decode(ReadOnlySpan<byte> encoded, ChunkSpec spec);
}
