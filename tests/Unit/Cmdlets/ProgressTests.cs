using System.Management.Automation;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>
/// Every long cmdlet reports chunk progress and finishes with a Completed record — with the engine's full worker
/// count (the pipeline thread only pumps progress, it does not decode), and from parallel runspaces too. The
/// one-second threshold is switched off through the reporter's internal switch so the test does not depend on speed.
/// </summary>
[Collection("ProgressReporter switch")]
public class ProgressTests
{
    private const string Immediate = """
        $reporter = [SciTex.Zarr.PowerShell.Commands.SaveZarrCommand].Assembly.GetType('SciTex.Zarr.PowerShell.Abstractions.ProgressReporter')
        $switch = $reporter.GetProperty('Immediate', [System.Reflection.BindingFlags]'NonPublic,Static')
        $switch.SetValue($null, $true)
        """;

    private static void WithImmediateProgress(PsSession s, Action run)
    {
        try
        {
            s.Run(Immediate);
            run();
        }
        finally
        {
            s.Run(Immediate + "\n$switch.SetValue($null, $false)");
        }
    }

    [Fact]
    public void SaveImportAndSliceReportChunksAndComplete()
    {
        using var s = new PsSession();
        WithImmediateProgress(s, () =>
        {
            // 64 chunks of 2 MiB, compressed: long enough for the 20 ms pump to see work in flight.
            var save = s.Run("""
                $data = [double[,]]::new(64, 262144)
                for ($i = 0; $i -lt 64; $i++) { $data[$i, 7] = $i }
                Save-Zarr -Path "$T/p" -InputObject @{ a = $data } -ChunkShape @(1, 262144) -Compressor zstd
                """);
            Assert.Empty(save.Errors);
            AssertChunkProgress(save.Progress, "Save-Zarr", "/64 chunks");

            var load = s.Run("$null = Import-Zarr -Path \"$T/p\" -Key a");
            Assert.Empty(load.Errors);
            AssertChunkProgress(load.Progress, "Import-Zarr", "/64 chunks");

            var slice = s.Run("$null = Get-ZarrSlice -Path \"$T/p\" -Key a '0:32, :'");
            Assert.Empty(slice.Errors);
            AssertChunkProgress(slice.Progress, "Get-ZarrSlice", "/32 chunks");

            var stream = s.Run("$blocks = @(Get-ZarrSlice -Path \"$T/p\" -Key a ':, 0:10' -Stream -BlockSize 8); $blocks.Count");
            Assert.Empty(stream.Errors);
            Assert.Equal(8, Convert.ToInt32(stream.Output[^1].BaseObject));
            AssertChunkProgress(stream.Progress, "Get-ZarrSlice", "/64 chunks");
        });
    }

    [Fact]
    public void ProgressReachesTheCallerFromParallelRunspaces()
    {
        using var s = new PsSession();
        WithImmediateProgress(s, () =>
        {
            var parallel = s.Run("""
                $module = (Get-Module SciTex.Zarr).Path
                1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
                    Import-Module $using:module
                    $data = [double[]]::new(8388608)
                    Save-Zarr -Path "$($using:T)/par$_" -InputObject @{ a = $data } -ChunkShape 131072 -Compressor zstd
                }
                """);
            Assert.Empty(parallel.Errors);
            var saves = parallel.Progress.Where(r => r.Activity.StartsWith("Save-Zarr")).ToList();
            Assert.Contains(saves, r => r.RecordType == ProgressRecordType.Processing && r.StatusDescription.Contains("/64 chunks"));
            Assert.Equal(2, saves.Count(r => r.RecordType == ProgressRecordType.Completed));
        });
    }

    private static void AssertChunkProgress(IReadOnlyList<ProgressRecord> records, string activity, string chunks)
    {
        Assert.True(records.Count >= 2, $"expected progress records from {activity}, got {records.Count}");
        Assert.All(records, r => Assert.StartsWith(activity, r.Activity));
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
        var processing = records.Where(r => r.RecordType == ProgressRecordType.Processing).ToList();
        Assert.NotEmpty(processing);
        Assert.Equal(100, processing[^1].PercentComplete);
        Assert.Contains(chunks, processing[^1].StatusDescription);
    }
}
