using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SciTex.Zarr.Engine.Codecs.Compression;

/// <summary>CRC-32C (Castagnoli, RFC3720), eight bytes per step through the CPU's crc32 instruction when present.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        ref var start = ref MemoryMarshal.GetReference(data);
        var i = 0;
        for (var end = data.Length - 8; i <= end; i += 8)
            crc = BitOperations.Crc32C(crc, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
        for (; i < data.Length; i++)
            crc = BitOperations.Crc32C(crc, Unsafe.Add(ref start, i));
        return ~crc;
    }

    public static uint ReadStored(ReadOnlySpan<byte> fourBytes) => BinaryPrimitives.ReadUInt32LittleEndian(fourBytes);
}
