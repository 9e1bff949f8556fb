namespace SciTex.Zarr.Engine.Conversion;

/// <summary>
/// How a dataset is copied: in blocks that are whole multiples of the destination chunk (so no chunk is ever
/// read back and re-encoded) and stay under a byte budget (so memory is bounded whatever the dataset's size).
/// Trailing axes grow first, which keeps each block one contiguous run of a C-order source where possible.
/// </summary>
public sealed class BlockPlan
{
    private BlockPlan(long[] shape, int[] chunks, int[] block)
    {
        Shape = shape;
        Chunks = chunks;
        Block = block;
    }

    private bool _fortran;

    public long[] Shape { get; }
    public int[] Chunks { get; }
    /// <summary>The full-size block shape; blocks at the array's far edges are clipped.</summary>
    public int[] Block { get; }

    /// <param name="fortranOrder">Grow the first axes first and walk blocks with the first axis fastest (a Fortran-order source).</param>
    public static BlockPlan Create(long[] shape, int[] chunks, int itemSize, long budgetBytes, bool fortranOrder = false)
    {
        if (fortranOrder)
        {
            var reversed = Create(shape.Reversed(), chunks.Reversed(), itemSize, budgetBytes);
            return new BlockPlan(shape, chunks, reversed.Block.Reversed()) { _fortran = true };
        }
        var rank = shape.Length;
        var block = new int[rank];
        for (var i = 0; i < rank; i++) block[i] = (int)Math.Max(1, Math.Min(chunks[i], shape[i]));
        for (var i = rank - 1; i >= 0; i--)
        {
            long others = itemSize;
            for (var j = 0; j < rank; j++) if (j != i) others *= block[j];
            var chunksAlong = (shape[i] + chunks[i] - 1) / chunks[i];
            var fit = Math.Max(1, budgetBytes / others / chunks[i]);
            // Stay within one .NET array as well as the budget.
            fit = Math.Min(fit, Math.Max(1, int.MaxValue / 2 / (others / itemSize) / chunks[i]));
            var multiple = Math.Min(fit, Math.Max(1, chunksAlong));
            block[i] = (int)Math.Max(1, Math.Min(multiple * chunks[i], shape[i]));
            if (multiple < chunksAlong) break;
        }
        return new BlockPlan(shape, chunks, block);
    }

    /// <summary>Number of blocks (0 when the array is empty; 1 for a 0-d array).</summary>
    public long Count
    {
        get
        {
            long n = 1;
            for (var i = 0; i < Shape.Length; i++) n *= (Shape[i] + Block[i] - 1) / Block[i];
            return n;
        }
    }

    /// <summary>Destination chunks one block covers, for progress.</summary>
    public long ChunksIn(int[] count)
    {
        long n = 1;
        for (var i = 0; i < count.Length; i++) n *= (count[i] + Chunks[i] - 1) / Chunks[i];
        return n;
    }

    /// <summary>Blocks in C order: each start and clipped shape.</summary>
    public IEnumerable<(long[] Start, int[] Count)> Blocks()
    {
        if (_fortran)
        {
            var reversed = new BlockPlan(Shape.Reversed(), Chunks.Reversed(), Block.Reversed());
            foreach (var (start, count) in reversed.Blocks())
                yield return (start.Reversed(), count.Reversed());
            yield break;
        }
        var rank = Shape.Length;
        if (Count == 0) yield break;
        var index = new long[rank];
        while (true)
        {
            var start = new long[rank];
            var count = new int[rank];
            for (var i = 0; i < rank; i++)
            {
                start[i] = index[i] * Block[i];
                count[i] = (int)Math.Min(Block[i], Shape[i] - start[i]);
            }
            yield return (start, count);
            var axis = rank - 1;
            while (axis >= 0)
            {
                index[axis]++;
                if (index[axis] * Block[axis] < Shape[axis]) break;
                index[axis] = 0;
                axis--;
            }
            if (axis < 0) yield break;
        }
    }
}
