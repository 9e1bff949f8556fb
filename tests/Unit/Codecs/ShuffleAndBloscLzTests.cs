using SciTex.Zarr.Engine.Codecs.Blosc;

namespace SciTex.Zarr.Tests.Codecs;

/// <summary>The SIMD shuffles against a plain reference, and BloscLZ on inputs that exercise every token form.</summary>
public sealed class ShuffleAndBloscLzTests
{
    public static TheoryData<int> TypeSizes() => new() { 1, 2, 3, 4, 5, 7, 8, 9, 16, 17 };

    [Theory]
    [MemberData(nameof(TypeSizes))]
    public void Byte_shuffle_matches_the_reference_and_inverts(int typesize)
    {
        foreach (var length in new[] { 0, 1, 15, 16 * typesize, 16 * typesize + 5, 1000 * typesize + typesize - 1 })
        {
            var data = TestData.Create("random", length, 1);
            var shuffled = new byte[length];
            Shuffle.ByteShuffle(typesize, data, shuffled);
            Assert.Equal(ReferenceShuffle(typesize, data), shuffled);
            var back = new byte[length];
            Shuffle.ByteUnshuffle(typesize, shuffled, back);
            Assert.Equal(data, back);
        }
    }

    [Theory]
    [MemberData(nameof(TypeSizes))]
    public void Bit_shuffle_matches_the_reference_and_inverts(int typesize)
    {
        foreach (var elements in new[] { 8, 16, 24, 136, 1000, 1003 })
        {
            var length = elements * typesize + (elements % 3);
            var data = TestData.Create("random", length, 1);
            var shuffled = new byte[length];
            var scratch = new byte[length];
            Shuffle.BitShuffle(typesize, data, shuffled, scratch);
            Assert.Equal(ReferenceBitShuffle(typesize, data), shuffled);
            var back = new byte[length];
            Shuffle.BitUnshuffle(typesize, shuffled, back, scratch);
            Assert.Equal(data, back);
        }
    }

    [Theory]
    [InlineData("walk", 1)]
    [InlineData("walk", 8)]
    [InlineData("random", 1)]
    [InlineData("zeros", 1)]
    [InlineData("far", 1)]
    public void BloscLz_round_trips(string kind, int itemSize)
    {
        foreach (var level in new[] { 1, 5, 9 })
        foreach (var length in new[] { 1, 17, 300, 70_000, 200_000 })
        {
            var data = kind switch
            {
                "zeros" => new byte[length],
                // A random prefix repeated 20 KB later: matches beyond the 13-bit near window.
                "far" => Far(length),
                _ => TestData.Create(kind, length, itemSize),
            };
            var compressed = new byte[length + length / 32 + 16];
            var size = BloscLz.Compress(level, data, compressed);
            Assert.True(size > 0, $"{kind} {length}: compressor gave up although there was room");
            var decoded = new byte[length];
            Assert.Equal(length, BloscLz.Decompress(compressed.AsSpan(0, size), decoded));
            Assert.Equal(data, decoded);
        }
    }

    [Fact]
    public void BloscLz_rejects_streams_that_reach_outside_the_output()
    {
        var output = new byte[100];
        Assert.Equal(-1, BloscLz.Decompress([0x00, 0x41, 0x20, 0x05, 0x00, 0x41], output));   // distance 6 > 1 byte written
        Assert.Equal(-1, BloscLz.Decompress([0x1F, 0x41], output));                           // 32-byte literal, 1 present
        Assert.Equal(-1, BloscLz.Decompress([0x00, 0x41, 0x20], output));                     // match without its distance byte
    }

    private static byte[] Far(int length)
    {
        var data = TestData.Create("random", length, 1);
        for (var i = 20_000; i < length; i++) data[i] = data[i - 20_000];
        return data;
    }

    private static byte[] ReferenceShuffle(int typesize, byte[] data)
    {
        var n = data.Length / typesize;
        var result = (byte[])data.Clone();
        for (var i = 0; i < n; i++)
        for (var j = 0; j < typesize; j++)
            result[j * n + i] = data[i * typesize + j];
        return result;
    }

    private static byte[] ReferenceBitShuffle(int typesize, byte[] data)
    {
        var n = data.Length / typesize;
        var result = (byte[])data.Clone();
        if (n % 8 != 0) return result;
        Array.Clear(result, 0, n * typesize);
        for (var i = 0; i < n; i++)
        for (var j = 0; j < typesize; j++)
        for (var b = 0; b < 8; b++)
            if ((data[i * typesize + j] >> b & 1) != 0)
            {
                var bit = (j * 8 + b) * n + i;
                result[bit / 8] |= (byte)(1 << (bit % 8));
            }
        return result;
    }
}
