<#
.SYNOPSIS
    SciTeX's "complete scientific workflow" in PowerShell: save a recording with its configuration and events,
    explore the store, and read back a window of the raw signals without loading the whole array.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/quickstart.ps1
#>
param(
    # Where the store goes; a fresh folder in the temp directory by default.
    [string] $StorePath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-quickstart', 'experiment.zarr')
)
$ErrorActionPreference = 'Stop'

$channels = 64
$samplingRate = 30000        # Hz: one chunk holds one second of every channel
$samples = 10 * $samplingRate

# 64 channels × 10 s of a noisy oscillation. Each channel is the same random-walk-plus-sine source seen with a
# different delay, so building it costs one pass over the source instead of 19.2 million PowerShell iterations.
$delay = 463
$source = [double[]]::new($samples + $channels * $delay)
$random = [System.Random]::new(42)
$level = 0.0
for ($i = 0; $i -lt $source.Length; $i++) {
    $level += $random.NextDouble() - 0.5
    $source[$i] = $level + 25 * [Math]::Sin(2 * [Math]::PI * 8 * $i / $samplingRate)
}
$rawSignals = [double[,]]::new($channels, $samples)
for ($c = 0; $c -lt $channels; $c++) {
    # Buffer.BlockCopy works in bytes and accepts any primitive array, whatever its rank.
    [System.Buffer]::BlockCopy($source, $c * $delay * 8, $rawSignals, $c * $samples * 8, $samples * 8)
}

$eventCount = 40
$timestamps = [double[]]::new($eventCount)
$labels = [string[]]::new($eventCount)
$kinds = 'stimulus', 'response', 'artifact'
for ($e = 0; $e -lt $eventCount; $e++) {
    $timestamps[$e] = [Math]::Round(0.25 * $e + $random.NextDouble() / 10, 4)
    $labels[$e] = $kinds[$e % $kinds.Count]
}

$experiment = [ordered]@{
    config      = [ordered]@{
        sampling_rate = $samplingRate
        channels      = $channels
        subject       = 'mouse-07'
        filter        = [ordered]@{ low_hz = 0.5; high_hz = 3000.0 }
    }
    raw_signals = $rawSignals
    events      = [ordered]@{
        timestamps = $timestamps
        labels     = $labels
    }
}

# Save with one-second chunks for the signals (SciTeX: chunks={"raw_signals": (64, 30000)}).
Save-Zarr -Path $StorePath -InputObject $experiment -ChunkShape @{ raw_signals = @($channels, $samplingRate) } `
    -Attributes @{ created_by = 'examples/quickstart.ps1'; units = 'microvolts' } -Force

'Store layout:'
Get-ZarrTree -Path $StorePath

# A 4-channel, 10 ms window: only the chunk holding it is read.
$window = Get-ZarrSlice -Path $StorePath -Key raw_signals -Selection '0:4, 30000:30300'
"Window: {0} x {1} {2} starting at ({3})" -f $window.GetLength(0), $window.GetLength(1), $window.GetType().Name, ($window.ZarrOrigin -join ', ')
"Same values as in memory: {0}" -f ($window[3, 299] -eq $rawSignals[3, 30299])

$config = Import-Zarr -Path $StorePath -Key config
"Config: subject {0}, {1} channels at {2} Hz, band {3}-{4} Hz" -f $config.subject, $config.channels, $config.sampling_rate, $config.filter.low_hz, $config.filter.high_hz

$events = Import-Zarr -Path $StorePath -Key events
"Events: {0} ({1} stimuli), first at {2} s" -f $events.labels.Count, ($events.labels -eq 'stimulus').Count, $events.timestamps[0]
