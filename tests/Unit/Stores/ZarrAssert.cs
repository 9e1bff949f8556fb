using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Tests.Stores;

public static class ZarrAssert
{
    /// <summary>The ZarrException an action throws, looking through the AggregateException of parallel chunk loops.</summary>
    public static ZarrException Throws(ZarrErrorKind kind, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            var actual = e is AggregateException a ? a.Flatten().InnerExceptions[0] : e;
            var zarr = Assert.IsType<ZarrException>(actual, exactMatch: false);
            Assert.True(zarr.Kind == kind, $"Expected {kind} but got {zarr.Kind}: {zarr.Message}");
            return zarr;
        }
        Assert.Fail($"Expected a ZarrException of kind {kind}, but nothing was thrown");
        return null!;
    }
}
