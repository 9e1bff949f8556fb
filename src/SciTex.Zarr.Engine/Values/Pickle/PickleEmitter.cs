using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using static SciTex.Zarr.Engine.Values.Pickle.Opcodes;

namespace SciTex.Zarr.Engine.Values.Pickle;

/// <summary>
/// Appends protocol-4 opcodes with the smallest encoding for each scalar, as CPython's pickler chooses them.
/// No FRAME and no memo: both are optional, and leaving them out keeps the output trivially valid.
/// </summary>
internal sealed class PickleEmitter
{
    private readonly ArrayBufferWriter<byte> _out = new(256);

    public byte[] ToArray() => _out.WrittenSpan.ToArray();

    public void Emit(byte opcode)
    {
        _out.GetSpan(1)[0] = opcode;
        _out.Advance(1);
    }

    public void Raw(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

    private void Op(byte opcode, ReadOnlySpan<byte> operand)
    {
        Emit(opcode);
        Raw(operand);
    }

    public void Int(long value)
    {
        Span<byte> buffer = stackalloc byte[4];
        if (value is >= 0 and <= byte.MaxValue)
        {
            buffer[0] = (byte)value;
            Op(BININT1, buffer[..1]);
        }
        else if (value is >= 0 and <= ushort.MaxValue)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)value);
            Op(BININT2, buffer[..2]);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, (int)value);
            Op(BININT, buffer);
        }
        else
        {
            Int(new BigInteger(value));
        }
    }

    /// <summary>Python ints outside 32 bits: LONG1/LONG4 with minimal little-endian two's complement bytes.</summary>
    public void Int(BigInteger value)
    {
        if (value >= int.MinValue && value <= int.MaxValue)
        {
            Int((long)value);
            return;
        }
        var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: false);
        if (bytes.Length <= byte.MaxValue)
        {
            Emit(LONG1);
            Emit((byte)bytes.Length);
            Raw(bytes);
            return;
        }
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        Op(LONG4, length);
        Raw(bytes);
    }

    public void Float(double value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(buffer, value);
        Op(BINFLOAT, buffer);
    }

    public void Str(string value)
    {
        var utf8 = PickleText.EncodeUtf8(value);
        Sized(utf8, SHORT_BINUNICODE, BINUNICODE);
    }

    public void Bytes(ReadOnlySpan<byte> value) => Sized(value, SHORT_BINBYTES, BINBYTES);

    /// <summary>A .NET span is shorter than 2 GiB, so the 4-byte length forms always suffice (no *8 opcodes).</summary>
    private void Sized(ReadOnlySpan<byte> payload, byte shortOp, byte longOp)
    {
        Span<byte> length = stackalloc byte[4];
        if (payload.Length <= byte.MaxValue)
        {
            length[0] = (byte)payload.Length;
            Op(shortOp, length[..1]);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)payload.Length);
            Op(longOp, length);
        }
        Raw(payload);
    }

    /// <summary>STACK_GLOBAL for a module attribute, the protocol-4 way of naming a callable.</summary>
    public void Global(string module, string name)
    {
        Str(module);
        Str(name);
        Emit(STACK_GLOBAL);
    }
}
