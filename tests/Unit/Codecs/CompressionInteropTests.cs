namespace SciTex.Zarr.Tests.Codecs;

/// <summary>gzip, zlib and numcodecs lz4 against Debian's numcodecs 0.11 in both directions.</summary>
public sealed class CompressionInteropTests(CompressionInteropFixture peer) : IClassFixture<CompressionInteropFixture>
{
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var c in CompressionCase.All) data.Add(c.Id);
        return data;
    }

    private static CompressionCase Case(string id) => CompressionCase.All.First(c => c.Id == id);

    [SkippableTheory]
    [MemberData(nameof(CaseIds))]
    public void Numcodecs_stream_decodes_to_the_same_bytes(string id)
    {
        RequirePeer();
        Assert.Null(peer.EncodeErrors[id]);
        var input = peer.Inputs[id];
        using var decoded = Case(id).Create().Decode(peer.Theirs(id), input.Length);
        Assert.True(input.AsSpan().SequenceEqual(decoded.Span), $"{id}: decoded bytes differ from the input");
    }

    [SkippableTheory]
    [MemberData(nameof(CaseIds))]
    public void Our_stream_decodes_in_numcodecs_to_the_same_bytes(string id)
    {
        RequirePeer();
        var input = peer.Inputs[id];
        if (input.Length == 0 && id.StartsWith("lz4", StringComparison.Ordinal))
        {
            // numcodecs 0.11 rejects a zero decoded size in lz4 headers, even for what it wrote itself.
            Assert.NotNull(peer.DecodeErrors[id]);
            return;
        }
        Assert.Null(peer.DecodeErrors[id]);
        Assert.True(input.AsSpan().SequenceEqual(peer.TheirDecodingOfOurs(id)), $"{id}: numcodecs decoded different bytes");
    }

    private void RequirePeer()
    {
        PythonPeer.Require();
    }
}
