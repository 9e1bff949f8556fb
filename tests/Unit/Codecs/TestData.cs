namespace SciTex.Zarr.Tests.Codecs;

/// <summary>Deterministic inputs: smooth random walks (compressible after shuffling) and uniform random bytes (incompressible).</summary>
internal static class TestData
{
    public static byte[] Create(string kind, int length, int itemSize, int seed = 1)
    {
        var random = new Random((seed * 7919 + length * 31 + itemSize) & int.MaxValue);
        var data = new byte[length];
        switch (kind)
        {
            case "random":
                random.NextBytes(data);
                break;
            case "walk":
                // A random walk in itemSize-byte little-endian integers: high bytes change slowly, low bytes fast.
                long value = 1 << 20;
                var item = new byte[Math.Max(8, itemSize)];
                for (var i = 0; i < length; i += itemSize)
                {
                    value += random.Next(-3, 4);
                    BitConverter.TryWriteBytes(item, value);
                    item.AsSpan(0, Math.Min(itemSize, length - i)).CopyTo(data.AsSpan(i));
                }
                break;
            case "float64walk":
                var x = 0.0;
                for (var i = 0; i + 8 <= length; i += 8)
                {
                    x += random.NextDouble() - 0.5;
                    BitConverter.TryWriteBytes(data.AsSpan(i), x);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        return data;
    }
}
