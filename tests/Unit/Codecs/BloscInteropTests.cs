using System.Buffers.Binary;
using SciTex.Zarr.Engine.Codecs.Blosc;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>Blosc frames against Debian's numcodecs 0.11 / libblosc1 1.21.3, in both directions, case by case.</summary>
public sealed class BloscInteropTests(BloscInteropFixture peer) : IClassFixture<BloscInteropFixture>
{
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var c in BloscCase.All) data.Add(c.Id);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CaseIds))]
    public void Numcodecs_frame_decodes_to_the_same_bytes(string id)
    {
        RequirePeer();
        Assert.Null(peer.EncodeErrors[id]);
        using var decoded = new BloscCodec().Decode(peer.Theirs(id), null);
        Assert.True(peer.Inputs[id].AsSpan().SequenceEqual(decoded.Span), $"{id}: decoded bytes differ from the input");
    }

    [SkippableTheory]
    [MemberData(nameof(CaseIds))]
    public void Our_frame_decodes_in_numcodecs_to_the_same_bytes(string id)
    {
        RequirePeer();
        if (peer.Inputs[id].Length == 0)
        {
            // libblosc 1.21 refuses to decompress an empty frame, even its own; the frame must then equal its frame.
            Assert.Equal(peer.Theirs(id), peer.Ours[id]);
            return;
        }
        Assert.Null(peer.DecodeErrors[id]);
        Assert.True(peer.Inputs[id].AsSpan().SequenceEqual(peer.TheirDecodingOfOurs(id)), $"{id}: numcodecs decoded different bytes");
    }

    [SkippableTheory]
    [MemberData(nameof(CaseIds))]
    public void Our_frame_has_libblosc_layout(string id)
    {
        RequirePeer();
        Assert.Null(peer.EncodeErrors[id]);
        var theirs = peer.Theirs(id);
        var ours = peer.Ours[id];
        // Same version bytes, flags (whether a frame ended up stored raw may differ), typesize, nbytes and blocksize.
        Assert.Equal(Describe(theirs), Describe(ours));
    }

    private static string Describe(byte[] frame) =>
        $"version {frame[0]}.{frame[1]} flags 0x{frame[2] & ~0x02:X2} typesize {frame[3]} " +
        $"nbytes {BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(4))} blocksize {BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(8))}";

    private void RequirePeer()
    {
        PythonPeer.Require();
    }
}
