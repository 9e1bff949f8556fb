using System.Management.Automation;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>
/// Save-Zarr and Import-Zarr report chunk progress and always finish with a Completed record. The one-second
/// threshold is switched off through the reporter's internal switch so the test does not depend on machine speed, and
/// the engine runs one worker so every chunk completes on the pipeline thread (with more workers, the pipeline thread
/// reports the chunks it decodes itself, which on a 2-core machine is about every other one).
/// </summary>
[Collection("ProgressReporter switch")]
public class ProgressTests
{
    private const string Immediate = """
        $reporter = [SciTex.Zarr.PowerShell.Commands.SaveZarrCommand].Assembly.GetType('SciTex.Zarr.PowerShell.Abstractions.ProgressReporter')
        $switch = $reporter.GetProperty('Immediate', [System.Reflection.BindingFlags]'NonPublic,Static')
        """;

    [Fact]
    public void SaveAndImportReportChunksAndComplete()
    {
        using var s = new PsSession();
        try
        {
            var save = s.Run(Immediate + """

                $switch.SetValue($null, $true)
                [SciTex.Zarr.Engine.Arrays.ZarrConfig]::Concurrency = 1
                Save-Zarr -Path "$T/p" -InputObject @{ a = [double[,]]::new(64, 4096) } -ChunkShape @(8, 512) -Compressor none
                """);
            Assert.Empty(save.Errors);
            AssertChunkProgress(save.Progress, "Save-Zarr");

            var load = s.Run("$null = Import-Zarr -Path \"$T/p\" -Key a");
            Assert.Empty(load.Errors);
            // The array is all fill, so no chunk is stored: reading still walks the 64 chunk slots.
            AssertChunkProgress(load.Progress, "Import-Zarr");
        }
        finally
        {
            s.Run(Immediate + "\n$switch.SetValue($null, $false); [SciTex.Zarr.Engine.Arrays.ZarrConfig]::Concurrency = [Environment]::ProcessorCount");
        }
    }

    private static void AssertChunkProgress(IReadOnlyList<ProgressRecord> records, string activity)
    {
        Assert.True(records.Count >= 3, $"expected several progress records from {activity}, got {records.Count}");
        Assert.All(records, r => Assert.StartsWith(activity, r.Activity));
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
        var processing = records.Where(r => r.RecordType == ProgressRecordType.Processing).ToList();
        Assert.Contains(processing, r => r.PercentComplete is > 0 and < 100);
        Assert.Equal(100, processing[^1].PercentComplete);
        Assert.Contains("/64 chunks", processing[^1].StatusDescription);
    }
}
