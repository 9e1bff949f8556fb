using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>
/// A set of interop cases run through numcodecs both ways in two python calls: python encodes each input, and
/// python decodes what our codec encoded. Files live in a temp folder removed on dispose.
/// </summary>
public abstract class PeerBatch : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scitex-codec-peer-").FullName;
    private readonly List<PythonPeer.Case> _encodes = [];
    private readonly List<PythonPeer.Case> _decodes = [];

    protected PeerBatch()
    {
        Unavailable = PythonPeer.UnavailableReason;
    }

    public string? Unavailable { get; }
    public Dictionary<string, byte[]> Inputs { get; } = new();
    public Dictionary<string, byte[]> Ours { get; } = new();
    public Dictionary<string, string?> EncodeErrors { get; private set; } = new();
    public Dictionary<string, string?> DecodeErrors { get; private set; } = new();

    public byte[] Theirs(string id) => File.ReadAllBytes(Path.Combine(_dir, id + ".theirs"));
    public byte[] TheirDecodingOfOurs(string id) => File.ReadAllBytes(Path.Combine(_dir, id + ".ours.decoded"));

    protected void Add(string id, JsonObject v2Json, byte[] data, IBytesToBytesCodec ours, int itemSize = 1)
    {
        Inputs[id] = data;
        var input = Path.Combine(_dir, id + ".raw");
        File.WriteAllBytes(input, data);
        using (var encoded = ours.Encode(data)) Ours[id] = encoded.ToArray();
        File.WriteAllBytes(Path.Combine(_dir, id + ".ours"), Ours[id]);
        _encodes.Add(new(id, "encode", v2Json, input, Path.Combine(_dir, id + ".theirs"), itemSize));
        _decodes.Add(new(id, "decode", v2Json, Path.Combine(_dir, id + ".ours"), Path.Combine(_dir, id + ".ours.decoded")));
    }

    protected void RunPeer()
    {
        EncodeErrors = PythonPeer.Run(_dir, _encodes);
        DecodeErrors = PythonPeer.Run(_dir, _decodes);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
