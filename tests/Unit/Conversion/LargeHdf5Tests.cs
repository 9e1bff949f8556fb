using System.Diagnostics;
using SciTex.Zarr.Engine.Conversion;

namespace SciTex.Zarr.Tests.Conversion;

/// <summary>A several-hundred-MiB chunked gzip+shuffle dataset, converted in small blocks and checked by zarr-python.</summary>
public class LargeHdf5Tests
{
    [SkippableFact]
    public void ThreeHundredMiBDatasetConvertsBlockByBlockAndMatchesInPython()
    {
        using var folder = new TempFolder();
        var source = folder["big.h5"];
        Python.Run("h5_make.py", "big", source, "300");
        var store = folder["big.zarr"];
        var clock = Stopwatch.StartNew();
        var bytesReported = 0L;
        var result = FileConverter.Convert(source, store, null, false, new ConversionOptions
        {
            ZarrFormat = 2,
            BlockBytes = 8L << 20,
            Progress = new Watch(p => bytesReported = p.BytesDone),
        });
        Assert.Equal(300L << 20, result.Bytes);
        Assert.Equal(300L << 20, bytesReported); // progress reached the end
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"conversion took {clock.Elapsed}");
        Assert.Equal("OK 1 datasets", Python.RunWithTimeout(TimeSpan.FromMinutes(3), "h5_check.py", source, store).Trim());
    }

    private sealed class Watch(Action<ConversionProgress> onReport) : IProgress<ConversionProgress>
    {
        public void Report(ConversionProgress value) => onReport(value);
    }
}
