using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Codecs;

namespace SciTex.Zarr.Engine.Arrays;

/// <summary>Creating and inspecting decoded chunks filled with the fill value.</summary>
internal static class ChunkBuffers
{
    public static ChunkArray Filled(ChunkSpec spec)
    {
        var count = checked((int)spec.ElementCount);
        if (spec.DataType.IsVariableLength)
        {
            var items = new object?[count];
            Array.Fill(items, spec.FillValue.Object);
            return ChunkArray.FromObjects(spec.Shape, items);
        }
        var size = spec.DataType.ItemSize;
        var buffer = PooledBuffer.Rent(checked(count * size));
        FillPattern(buffer.Span, spec.FillValue.Raw!);
        return ChunkArray.FromBytes(spec.Shape, buffer);
    }

    /// <summary>A fixed-size chunk whose contents the caller overwrites completely.</summary>
    public static ChunkArray Uninitialized(ChunkSpec spec) =>
        ChunkArray.FromBytes(spec.Shape, PooledBuffer.Rent(checked((int)spec.ElementCount * spec.DataType.ItemSize)));

    public static void FillPattern(Span<byte> target, ReadOnlySpan<byte> pattern)
    {
        if (pattern.IndexOfAnyExcept((byte)0) < 0) { target.Clear(); return; }
        if (pattern.Length == 1) { target.Fill(pattern[0]); return; }
        // Double the filled prefix each round: log(n) block copies instead of n small ones.
        pattern.CopyTo(target);
        var filled = pattern.Length;
        while (filled < target.Length)
        {
            var n = Math.Min(filled, target.Length - filled);
            target[..n].CopyTo(target[filled..]);
            filled += n;
        }
    }

    /// <summary>True when every element equals the fill value (such chunks are not stored).</summary>
    public static bool IsAllFill(ChunkArray chunk, ChunkSpec spec)
    {
        if (chunk.Objects is { } objects)
        {
            var fill = spec.FillValue.Object;
            foreach (var item in objects)
            {
                if (item is byte[] b && fill is byte[] f) { if (!b.AsSpan().SequenceEqual(f)) return false; }
                else if (!Equals(item ?? fill, fill)) return false;
            }
            return true;
        }
        return IsAllFill(chunk.Bytes!.Span, spec);
    }

    /// <summary>True when every element of a fixed-size chunk's bytes equals the fill value.</summary>
    public static bool IsAllFill(ReadOnlySpan<byte> bytes, ChunkSpec spec)
    {
        var pattern = spec.FillValue.Raw!;
        if (pattern.AsSpan().IndexOfAnyExcept((byte)0) < 0) return bytes.IndexOfAnyExcept((byte)0) < 0;
        for (var i = 0; i < bytes.Length; i += pattern.Length)
            if (!bytes.Slice(i, pattern.Length).SequenceEqual(pattern)) return false;
        return true;
    }
}
