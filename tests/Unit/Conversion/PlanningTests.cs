using SciTex.Zarr.Engine.Conversion;

namespace SciTex.Zarr.Tests.Conversion;

public class PlanningTests
{
    [Theory]
    [InlineData(new long[] { 1000, 1000 }, 8, new[] { 250, 250 })]
    [InlineData(new long[] { 100000 }, 4, new[] { 50000 })]
    [InlineData(new long[] { 5000, 64 }, 8, new[] { 1250, 32 })]
    [InlineData(new long[] { 2000, 2000, 3 }, 1, new[] { 500, 500, 2 })]
    [InlineData(new long[] { 10, 20, 30 }, 2, new[] { 10, 20, 30 })]
    [InlineData(new long[] { 0 }, 8, new[] { 1 })]
    public void ChunkGuessMatchesZarrPython(long[] shape, int itemSize, int[] expected) =>
        Assert.Equal(expected, ChunkGuess.For(shape, itemSize));

    [Fact]
    public void BlocksAreWholeChunksUnderTheBudgetAndCoverTheArray()
    {
        var plan = BlockPlan.Create([1000, 300], [64, 50], itemSize: 8, budgetBytes: 1 << 20);
        // The last axis is taken whole (6 chunks), the first grows in whole chunks while it fits 1 MiB.
        Assert.Equal(new[] { 384, 300 }, plan.Block);
        var covered = new bool[1000, 300];
        foreach (var (start, count) in plan.Blocks())
        {
            Assert.True((long)count[0] * count[1] * 8 <= 1 << 20);
            Assert.Equal(0, start[0] % 64);
            for (var i = 0; i < count[0]; i++)
                for (var j = 0; j < count[1]; j++)
                {
                    Assert.False(covered[start[0] + i, start[1] + j]);
                    covered[start[0] + i, start[1] + j] = true;
                }
        }
        Assert.All(covered.Cast<bool>(), Assert.True);
        Assert.Equal(3, plan.Count);
    }

    [Fact]
    public void FortranPlansGrowTheFirstAxesAndWalkThemFastest()
    {
        var plan = BlockPlan.Create([100, 1000], [10, 10], itemSize: 8, budgetBytes: 8 * 100 * 20, fortranOrder: true);
        Assert.Equal(new[] { 100, 20 }, plan.Block);
        var starts = plan.Blocks().Take(2).Select(b => b.Start).ToList();
        Assert.Equal(new long[] { 0, 0 }, starts[0]);
        Assert.Equal(new long[] { 0, 20 }, starts[1]);
    }

    [Fact]
    public void ZeroDimensionalAndEmptyArrays()
    {
        var scalar = BlockPlan.Create([], [], 8, 1 << 20);
        Assert.Equal(1, scalar.Count);
        Assert.Single(scalar.Blocks());
        var empty = BlockPlan.Create([0, 4], [1, 4], 8, 1 << 20);
        Assert.Equal(0, empty.Count);
        Assert.Empty(empty.Blocks());
    }
}
