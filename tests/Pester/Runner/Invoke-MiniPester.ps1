<#
.SYNOPSIS
Runs Pester test files with the mini runner and prints one line per test plus a summary; exits 1 when a test failed.
Meant for the embedded host (no Pester there):
  dotnet src/SciTex.Zarr.Host/bin/Debug/net10.0/SciTex.Zarr.Host.dll -File tests/Pester/Runner/Invoke-MiniPester.ps1
#>
param(
    [string[]] $Path = @([System.IO.Path]::Combine($PSScriptRoot, '..'))
)

Import-Module ([System.IO.Path]::Combine($PSScriptRoot, 'MiniPester.psm1')) -Force
$results = @(Invoke-MiniPester -Path $Path)
$counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
foreach ($result in $results) {
    $counts[$result.Result]++
    $line = "[{0}] {1} > {2} ({3:n0} ms)" -f $result.Result, [System.IO.Path]::GetFileName($result.File), $result.Path, $result.Duration.TotalMilliseconds
    if ($result.Message) { $line += [Environment]::NewLine + '    ' + $result.Message }
    $line
}
"Tests Passed: $($counts.Passed), Failed: $($counts.Failed), Skipped: $($counts.Skipped)"
if ($counts.Failed -gt 0) { exit 1 }
