<#
.SYNOPSIS
    SciTeX guide, "Example: Complete Scientific Workflow", step by step: a 64-channel, 10-second neural recording
    (30 kHz, float64, 1-second chunks) is saved, processed second by second into processed/filtered_sec_<i> (a region
    read, one vectorised .NET call for |x|, a write at that key), analysis/spike_rate is written at that key,
    processed = $true set on the root, and the result explored and loaded back.
.DESCRIPTION
    No C#: the absolute value is a System.Linq.Expressions lambda around [Math]::Abs, compiled once by .NET and
    applied to all 1.92 million samples of a second by one Enumerable.Select call (np.abs(chunk) in the guide).
    Every step checks its result and throws when it is wrong.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/workflow.ps1
#>
param(
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'workflow-' + [guid]::NewGuid().ToString('N').Substring(0, 8)),
    [int] $SamplingRate = 30000
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$rng = [System.Random]::new(2025)
$channels, $seconds = 64, 10
$samples = $SamplingRate * $seconds

# 1. Generate experimental data. np.random.randn(64, 300000): 4096 standard normal deviates (Box-Muller), then 19.2
#    million draws from them by Random.GetItems, laid out as [channel, sample] with one BlockCopy.
$normal = [double[]]::new(4096)
for ($k = 0; $k -lt $normal.Length; $k++) {
    $normal[$k] = [Math]::Sqrt(-2 * [Math]::Log(1 - $rng.NextDouble())) * [Math]::Cos(2 * [Math]::PI * $rng.NextDouble())
}
$rawSignals = [double[,]]::new($channels, $samples)
[System.Buffer]::BlockCopy($rng.GetItems[double]($normal, $channels * $samples), 0, $rawSignals, 0, $channels * $samples * 8)
$timestamps = [double[]]::new(1000)
for ($k = 0; $k -lt $timestamps.Length; $k++) { $timestamps[$k] = $rng.NextDouble() * $seconds }
[System.Array]::Sort($timestamps)
$experiment = [ordered]@{
    config      = [ordered]@{ name = 'Neural Recording Analysis'; date = '2025-07-12'; sampling_rate = $SamplingRate; channels = $channels }
    raw_signals = $rawSignals
    events      = [ordered]@{ timestamps = $timestamps; labels = $rng.GetItems[string]([string[]]('spike', 'burst', 'noise'), 1000) }
}

# 2. Save with 1-second chunks and zstd.
$store = [System.IO.Path]::Combine($OutputFolder, 'neural_experiment.zarr')
Save-Zarr -Path $store -InputObject $experiment -ChunkShape @{ raw_signals = $channels, $SamplingRate } -Compressor zstd
$raw = Get-ZarrTree -Path $store -Key raw_signals
'Saved the recording: raw_signals {0} {1} in chunks of {2} ({3:n0} ms)' -f $raw.DataType, $raw.ShapeText, $raw.ChunkText, $clock.ElapsedMilliseconds

# 3. Process each second: read its region, |x| in one .NET call, write the result at processed/filtered_sec_<i>.
$x = [System.Linq.Expressions.Expression]::Parameter([double], 'x')
$absBody = [System.Linq.Expressions.Expression]::Call([Math].GetMethod('Abs', [type[]] @([double])), $x)
$abs = [System.Linq.Expressions.Expression]::Lambda[Func[double, double]]($absBody, $x).Compile()
$perSecond = $channels * $SamplingRate
$clock.Restart()
for ($i = 0; $i -lt $seconds; $i++) {
    $chunk = Get-ZarrSlice -Path $store -Key raw_signals -Selection (':, {0}:{1}' -f ($i * $SamplingRate), (($i + 1) * $SamplingRate))
    $flat = [double[]]::new($perSecond)
    [System.Buffer]::BlockCopy($chunk, 0, $flat, 0, $perSecond * 8)
    $filteredFlat = [System.Linq.Enumerable]::ToArray([System.Linq.Enumerable]::Select($flat, $abs))
    $filtered = [double[,]]::new($channels, $SamplingRate)
    [System.Buffer]::BlockCopy($filteredFlat, 0, $filtered, 0, $perSecond * 8)
    Save-Zarr -Path $store -Key "processed/filtered_sec_$i" -InputObject $filtered
}
'Processed {0} seconds into processed/filtered_sec_0 … {1} ({2:n0} ms)' -f $seconds, ($seconds - 1), $clock.ElapsedMilliseconds

# A spot check: sample 12345 of channel 7 in second 3, read back both ways.
$t = 3 * $SamplingRate + 12345 % $SamplingRate
$before = Get-ZarrSlice -Path $store -Key raw_signals -Selection "7, $t"
$after = Get-ZarrSlice -Path $store -Key processed/filtered_sec_3 -Selection "7, $($t - 3 * $SamplingRate)"
if ($after -ne [Math]::Abs($before) -or $before -ne $rawSignals[7, $t]) { throw "processed/filtered_sec_3[7, ...] = $after, but |raw| = $([Math]::Abs($before))" }
'raw_signals[7, {0}] = {1:n4}; filtered_sec_3[7, {2}] = {3:n4}' -f $t, $before, ($t - 3 * $SamplingRate), $after

# 4. Analysis results at their keys (store['analysis/spike_rate'] = len(store['events/timestamps']) / 10), and the
#    root attribute (store.attrs['processed'] = True).
$events = (Get-ZarrTree -Path $store -Key events/timestamps).Shape[0]
Save-Zarr -Path $store -Key analysis/spike_rate -InputObject ([double] $events / $seconds)
Set-ZarrAttribute -Path $store -Attributes @{ processed = $true }

# 5. Explore the final structure.
''
'Final data structure:'
Get-ZarrTree -Path $store | Format-Table -AutoSize | Out-String -Width 120 -Stream | Where-Object { $_.Trim() }

# 6. Load specific results.
if (-not (Test-Zarr -Path $store -Key analysis/spike_rate -NodeType Array)) { throw 'analysis/spike_rate is missing' }
$rate = Import-Zarr -Path $store -Key analysis/spike_rate
if ($rate -isnot [double] -or $rate -ne 100) { throw "spike_rate is $rate, expected 1000 events / 10 s = 100" }
$processed = (Get-ZarrTree -Path $store -Depth 0).Attributes.processed
if ($processed -ne $true) { throw "the root attribute processed is '$processed', expected `$true" }
'Spike rate: {0:n2} Hz; root attribute processed = {1}' -f $rate, $processed
