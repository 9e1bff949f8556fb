<#
.SYNOPSIS
CI checks that need a real pwsh (the PowerShell 7.6.9 dotnet tool pinned in .config/dotnet-tools.json).

.DESCRIPTION
-Mode Pester   Installs the built module the way users do (the module folder copied into a fresh folder put on
               $env:PSModulePath, beside Pester 5.7.1 from the NuGet package folder) and runs the whole tests/Pester
               suite on it with SCITEX_ZARR_TEST_INSTALLED=1, so nothing imports the module by path: it autoloads.
               Writes {passed, failed, skipped} to -ResultFile; exits non-zero on any failed or skipped It.
-Mode Install  Registers out/package/repository (build.ps1 -Task Package) as a PSResourceGet repository,
               Install-PSResource SciTex.Zarr from it (run with a fresh XDG_DATA_HOME, so into a fresh module path)
               and runs examples/quickstart.ps1 in a new pwsh against the installed copy.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Pester', 'Install')] [string] $Mode,
    [string] $ResultFile,
    [string] $PesterModule
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$repoRoot = Split-Path -Parent $PSScriptRoot
$work = Join-Path ([System.IO.Path]::GetTempPath()) "scitex-ci-$Mode-$PID"
$null = New-Item -ItemType Directory -Path $work -Force

if ($Mode -eq 'Pester') {
    $modules = Join-Path $work 'Modules'
    Copy-Item -Recurse (Join-Path $repoRoot 'out' 'SciTex.Zarr') (Join-Path $modules 'SciTex.Zarr')
    Copy-Item -Recurse $PesterModule (Join-Path $modules 'Pester' '5.7.1')
    $env:PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath
    $env:SCITEX_ZARR_TEST_INSTALLED = '1'

    Import-Module Pester -RequiredVersion 5.7.1
    if (Get-Module SciTex.Zarr) { throw 'SciTex.Zarr is loaded before the tests: it must only autoload.' }
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path $repoRoot 'tests' 'Pester'
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration

    $loaded = Get-Module SciTex.Zarr
    "SciTex.Zarr was loaded from $($loaded.ModuleBase)"
    if (-not $loaded.ModuleBase.StartsWith($modules)) { throw "SciTex.Zarr came from $($loaded.ModuleBase), not the installed copy under $modules." }
    $counts = [ordered] @{ passed = $result.PassedCount; failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount; skipped = $result.SkippedCount + $result.NotRunCount }
    if ($ResultFile) { $counts | ConvertTo-Json | Set-Content -LiteralPath $ResultFile }
    "Pester in pwsh $($PSVersionTable.PSVersion): $($counts.passed) passed, $($counts.failed) failed, $($counts.skipped) skipped"
    Remove-Item -Recurse -Force $work
    if ($counts.failed -gt 0 -or $counts.skipped -gt 0) { exit 1 }
    exit 0
}

# -Mode Install
$repository = Join-Path $repoRoot 'out' 'package' 'repository'
if (-not (Test-Path (Join-Path $repository '*.nupkg'))) { throw "No package in ${repository}: run ./build.ps1 -Task Package first." }
$userModules = ($env:PSModulePath -split [System.IO.Path]::PathSeparator)[0]
if (Test-Path (Join-Path $userModules 'SciTex.Zarr')) { throw "${userModules} already has SciTex.Zarr: run with a fresh XDG_DATA_HOME." }

Register-PSResourceRepository -Name SciTexLocal -Uri $repository -Trusted
Find-PSResource -Name SciTex.Zarr -Repository SciTexLocal | Format-Table Name, Version, Repository | Out-String
Install-PSResource -Name SciTex.Zarr -Repository SciTexLocal -Scope CurrentUser -TrustRepository
$installed = Get-InstalledPSResource -Name SciTex.Zarr
"Installed SciTex.Zarr $($installed.Version) into $($installed.InstalledLocation)"
$available = @(Get-Module -ListAvailable SciTex.Zarr)
if ($available.Count -ne 1 -or -not $available[0].ModuleBase.StartsWith($userModules)) { throw "SciTex.Zarr is not (only) in ${userModules}: $($available.ModuleBase)" }
Test-ModuleManifest -Path $available[0].Path | Format-List Name, Version, Description, LicenseUri, Tags | Out-String

# A new pwsh: the quickstart finds the installed module by autoloading.
$pwsh = [System.Environment]::ProcessPath
$arguments = @('-NoProfile', '-NonInteractive')
if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $arguments = @([System.Environment]::GetCommandLineArgs()[0]) + $arguments }
& $pwsh @arguments -Command "& '$(Join-Path $repoRoot 'examples' 'quickstart.ps1')' -StorePath '$(Join-Path $work 'quickstart.zarr')'; 'quickstart used ' + (Get-Module SciTex.Zarr).ModuleBase"
$code = $LASTEXITCODE
Unregister-PSResourceRepository -Name SciTexLocal
Remove-Item -Recurse -Force $work
exit $code
