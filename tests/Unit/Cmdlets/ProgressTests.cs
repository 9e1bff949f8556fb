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
    public void RegionAppendResizeAndCopyReportProgressAndComplete()
    {
        using var s = new PsSession();
        WithImmediateProgress(s, () =>
        {
            var setup = s.Run("""
                New-ZarrArray -Path "$T/r" -Key a -Shape 64, 262144 -ChunkShape 1, 262144 -DataType float64 -Compressor zstd
                $block = [double[,]]::new(64, 262144)
                for ($i = 0; $i -lt 64; $i++) { $block[$i, 3] = $i + 1 }
                """);
            Assert.Empty(setup.Errors);

            var region = s.Run("Set-ZarrSlice -Path \"$T/r\" -Key a -Value $block -Selection ':, :'");
            Assert.Empty(region.Errors);
            AssertChunkProgress(region.Progress, "Set-ZarrSlice", "/64 chunks");

            var append = s.Run("Add-ZarrSlice -Path \"$T/r\" -Key a -Value $block");
            Assert.Empty(append.Errors);
            Assert.Contains(append.Progress, r => r.Activity.StartsWith("Add-ZarrSlice") && r.StatusDescription.Contains("64 chunks"));
            Assert.Equal(ProgressRecordType.Completed, append.Progress[^1].RecordType);

            var copy = s.Run("Copy-ZarrNode -Path \"$T/r\" -Key a -Destination \"$T/copy\"");
            Assert.Empty(copy.Errors);
            Assert.Contains(copy.Progress, r => r.Activity.StartsWith("Copy-ZarrNode") && r.RecordType == ProgressRecordType.Processing);
            Assert.Equal(ProgressRecordType.Completed, copy.Progress[^1].RecordType);

            var resize = s.Run("Resize-ZarrArray -Path \"$T/copy\" -Key a -Shape 16, 262144 -Confirm:$false -Verbose 4>&1 | ForEach-Object Message");
            Assert.Empty(resize.Errors);
            Assert.Contains(resize.Progress, r => r.Activity.StartsWith("Resize-ZarrArray") && r.StatusDescription.Contains("/112 chunks"));
            Assert.Contains(resize.Output, v => v.ToString().Contains("Deleted 112 chunk(s)"));

            // The values went where they were meant to: row i of both halves holds i + 1 at column 3.
            var check = s.Run("$a = Import-Zarr -Path \"$T/r\" -Key a; $a.GetLength(0); $a[5, 3]; $a[69, 3]; (Import-Zarr -Path \"$T/copy\" -Key a)[15, 3]");
            Assert.Empty(check.Errors);
            Assert.Equal(["128", "6", "6", "16"], check.Output.Select(o => Convert.ToString(o.BaseObject, System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Fact]
    public void ConfirmationAsksOnThePipelineThreadWhileTheWriteRunsElsewhere()
    {
        using var s = new PsSession();
        var run = s.Run("""
            New-ZarrArray -Path "$T/w" -Key a -Shape 8 -ChunkShape 4 -DataType int32
            Set-ZarrSlice -Path "$T/w" -Key a -Value (1..8) -WhatIf
            (Import-Zarr -Path "$T/w" -Key a) -join ','
            Set-ZarrSlice -Path "$T/w" -Key a -Value (1..8) -Confirm:$false
            (Import-Zarr -Path "$T/w" -Key a) -join ','
            """);
        Assert.Empty(run.Errors);
        Assert.Equal(["0,0,0,0,0,0,0,0", "1,2,3,4,5,6,7,8"], run.Output.Select(o => o.BaseObject.ToString()));
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
