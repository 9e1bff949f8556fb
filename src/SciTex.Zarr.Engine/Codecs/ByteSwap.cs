using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SciTex.Zarr.Engine.Codecs;

/// <summary>Reverses the byte order of every <c>unit</c>-sized element in place.</summary>
public static class ByteSwap
{
    public static void InPlace(Span<byte> data, int unit)
    {
        switch (unit)
        {
            case 1: return;
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(data);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                return;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(data);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                return;
            case 8:
                var u64 = MemoryMarshal.Cast<byte, ulong>(data);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                return;
            default:
                for (var i = 0; i + unit <= data.Length; i += unit) data.Slice(i, unit).Reverse();
                return;
        }
    }
}
