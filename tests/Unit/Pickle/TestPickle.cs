using System.Buffers.Binary;
using System.Text;

namespace SciTex.Zarr.Tests.Pickle;

/// <summary>Builds pickle bytes opcode by opcode, for inputs no well-behaved pickler would produce.</summary>
internal sealed class TestPickle
{
    private readonly List<byte> _bytes = new();

    public TestPickle(int protocol = 2)
    {
        if (protocol >= 2) _bytes.AddRange(new byte[] { 0x80, (byte)protocol });
    }

    /// <summary>Opcodes and one-byte operands, as characters or numbers.</summary>
    public TestPickle Op(params int[] opcodes)
    {
        foreach (var op in opcodes) _bytes.Add(checked((byte)op));
        return this;
    }

    public TestPickle Raw(byte[] data)
    {
        _bytes.AddRange(data);
        return this;
    }

    public TestPickle Text(string line) => Raw(Encoding.UTF8.GetBytes(line));

    public TestPickle Global(string module, string name) => Op('c').Text($"{module}\n{name}\n");

    /// <summary>Protocol-4 STACK_GLOBAL from two SHORT_BINUNICODE strings.</summary>
    public TestPickle StackGlobal(string module, string name) => Str(module).Str(name).Op(0x93);

    public TestPickle Str(string s)
    {
        var utf8 = Encoding.UTF8.GetBytes(s);
        return Op(0x8c, utf8.Length).Raw(utf8);
    }

    public TestPickle Bytes(params byte[] data) => Op('C', data.Length).Raw(data);

    public TestPickle Int(byte value) => Op('K', value);

    public TestPickle UInt32(uint value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        return Raw(buffer);
    }

    public TestPickle UInt64(ulong value)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        return Raw(buffer);
    }

    public byte[] Stop() => Op('.').Build();

    public byte[] Build() => _bytes.ToArray();
}
