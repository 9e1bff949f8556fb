# Repeated saves into a zip store vs a directory store: time per block of saves, to show whether each save costs
# what it adds (linear) or the whole archive again (quadratic).
# usage: dotnet run -c Release --project src/SciTex.Zarr.Host -- -File bench/zip-saves.ps1 [-Saves 200] [-MiB 1]
param([int] $Saves = 200, [double] $MiB = 1, [string] $Work = [IO.Path]::Combine([IO.Path]::GetTempPath(), 'zarr-zip-saves'))
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
New-Item -ItemType Directory $Work | Out-Null
$data = [double[]]::new([int]($MiB * 131072))
for ($i = 0; $i -lt $data.Length; $i++) { $data[$i] = $i * 0.5 }
$block = [Math]::Max(1, [int]($Saves / 4))
foreach ($target in 'run.zarr.zip', 'run.zarr') {
    $store = Join-Path $Work $target
    $times = @()
    $clock = [Diagnostics.Stopwatch]::StartNew()
    for ($i = 1; $i -le $Saves; $i++) {
        Save-Zarr -Path $store -InputObject @{ "a$i" = $data } -Compressor none
        if ($i % $block -eq 0) { $times += $clock.Elapsed.TotalSeconds; $clock.Restart() }
    }
    $size = if (Test-Path $store -PathType Leaf) { (Get-Item $store).Length } else { (Get-ChildItem $store -Recurse -File | Measure-Object Length -Sum).Sum }
    '{0,-14} {1} saves of {2} MiB: seconds per {3} saves: {4}; total {5:N1} s; {6:N0} MiB on disk' -f $target, $Saves, $MiB, $block, (($times | ForEach-Object { $_.ToString('N2') }) -join ', '), ($times | Measure-Object -Sum).Sum, ($size / 1MB)
}
