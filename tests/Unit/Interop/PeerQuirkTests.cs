using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Interop;

/// <summary>Regression tests for engine bugs the peer tests found (they run without the peers).</summary>
public class PeerQuirkTests
{
    [Fact]
    public void NaNFillIsTheCanonicalQuietNaN()
    {
        // .NET's double.NaN has the sign bit set; written back it became "0xfff8000000000000", which zarr-python 2 rejects.
        var f8 = FillValue.Parse("NaN", ZarrDataType.Float64, v2: true);
        Assert.Equal(0x7ff8000000000000UL, BinaryPrimitives.ReadUInt64LittleEndian(f8.Raw));
        Assert.Equal("NaN", f8.ToJson(ZarrDataType.Float64, v2: false)!.GetValue<string>());
        var f4 = FillValue.Parse("NaN", ZarrDataType.Float32, v2: false);
        Assert.Equal(0x7fc00000U, BinaryPrimitives.ReadUInt32LittleEndian(f4.Raw));
    }

    [Fact]
    public void V2HasNoHexNaNButV3KeepsThePayload()
    {
        var payload = FillValue.Parse("0x7ff8000000000001", ZarrDataType.Float64, v2: false);
        Assert.Equal("0x7ff8000000000001", payload.ToJson(ZarrDataType.Float64, v2: false)!.GetValue<string>());
        Assert.Equal("NaN", payload.ToJson(ZarrDataType.Float64, v2: true)!.GetValue<string>());
    }

    [Fact]
    public void V2DocumentsAreAsciiBecauseZarrPython2DecodesThemAsAscii()
    {
        var store = new MemoryStore();
        var meta = new ArrayMetadata("a", 2, [2], [2], ZarrDataType.FixedUtf32(3), FillValue.Parse("é✓", ZarrDataType.FixedUtf32(3), v2: true),
            ChunkKeyEncoding.V2Dot, new CodecChain([], new BytesCodec(false), []), new JsonObject { ["name"] = "ü 😀" });
        NodeStore.Write(store, meta);
        foreach (var key in new[] { "a/.zarray", "a/.zattrs" })
            Assert.True(Ascii.IsValid(store.Get(key)!), Encoding.UTF8.GetString(store.Get(key)!));
        var back = (ArrayMetadata)NodeStore.Read(store, "a");
        Assert.Equal("ü 😀", back.Attributes["name"]!.GetValue<string>());
        Assert.Equal("é✓", back.FillValue.ToJson(back.DataType, v2: true)!.GetValue<string>());
    }
}
