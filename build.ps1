<#
.SYNOPSIS
Builds, tests and packages SciTex.Zarr.

.DESCRIPTION
Build   - dotnet build of the solution; assembles the importable module folder out/SciTex.Zarr.
Test    - dotnet test (xunit, which also runs every tests/Pester It on real Pester 5.7.1 in-process), then, when Pester 5+
          is installed, Invoke-Pester tests/Pester in a child pwsh (a loaded binary module cannot be unloaded).
Package - copies out/SciTex.Zarr to out/package/SciTex.Zarr/, zips it as out/package/SciTex.Zarr.<version>.zip and, in pwsh
          (PSResourceGet), publishes it as a NuGet package into the local repository folder out/package/repository.

Only dotnet and .NET APIs are used, so this runs under pwsh and under the embedded host alike:
  dotnet run --project src/SciTex.Zarr.Host -- -File build.ps1 -Task Build,Test

.EXAMPLE
./build.ps1 -Task Build, Test -Configuration Release
#>
[CmdletBinding()]
param(
    # Build, Test and/or Package. "Build,Test" in one argument also works, for pwsh -File (which passes it as one string).
    [ArgumentCompletions('Build', 'Test', 'Package')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repoRoot = $PSScriptRoot
$solution = [System.IO.Path]::Combine($repoRoot, 'SciTex.Zarr.slnx')
$moduleFolder = [System.IO.Path]::Combine($repoRoot, 'out', 'SciTex.Zarr')
$packageRoot = [System.IO.Path]::Combine($repoRoot, 'out', 'package')

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    "==> dotnet $($Arguments -join ' ')"
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    $manifest = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($repoRoot, 'SciTex.Zarr.psd1'))
    $match = [regex]::Match($manifest, "ModuleVersion\s*=\s*'([^']+)'")
    if (-not $match.Success) { throw 'ModuleVersion not found in SciTex.Zarr.psd1.' }
    $match.Groups[1].Value
}

function Invoke-BuildStep {
    Invoke-Dotnet build $solution --configuration $Configuration
}

function Invoke-TestStep {
    Invoke-Dotnet test $solution --configuration $Configuration
    $pester = @(Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version] '5.0' })
    if ($pester.Count -eq 0) {
        '==> Pester 5+ is not installed here: tests/Pester ran through the xunit bridge only.'
        return
    }

    # A fresh pwsh so the binary module loaded here (if any) does not get in the way.
    $pwsh = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -ne 'pwsh') { $pwsh = 'pwsh' }
    $pesterPath = [System.IO.Path]::Combine($repoRoot, 'tests', 'Pester')
    "==> Invoke-Pester $pesterPath"
    & $pwsh -NoProfile -NonInteractive -Command "Import-Module Pester -MinimumVersion 5.0; `$result = Invoke-Pester -Path '$pesterPath' -Output Detailed -PassThru; exit `$result.FailedCount"
    if ($LASTEXITCODE -ne 0) { throw "Invoke-Pester reported $LASTEXITCODE failed test(s)." }
}

function Invoke-PackageStep {
    if (-not [System.IO.File]::Exists([System.IO.Path]::Combine($moduleFolder, 'SciTex.Zarr.psd1'))) {
        throw "No built module in $moduleFolder; run the Build task first."
    }
    $version = Get-ModuleVersion
    $staging = [System.IO.Path]::Combine($packageRoot, 'SciTex.Zarr')
    $repository = [System.IO.Path]::Combine($packageRoot, 'repository')
    $zip = [System.IO.Path]::Combine($packageRoot, "SciTex.Zarr.$version.zip")

    foreach ($old in $staging, $repository) { if ([System.IO.Directory]::Exists($old)) { [System.IO.Directory]::Delete($old, $true) } }
    if ([System.IO.File]::Exists($zip)) { [System.IO.File]::Delete($zip) }
    foreach ($file in [System.IO.Directory]::GetFiles($moduleFolder, '*', [System.IO.SearchOption]::AllDirectories)) {
        $destination = [System.IO.Path]::Combine($staging, [System.IO.Path]::GetRelativePath($moduleFolder, $file))
        $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($destination))
        [System.IO.File]::Copy($file, $destination)
    }

    # The zip holds SciTex.Zarr/<files>: unpacked into a folder on $env:PSModulePath, it is an installed module.
    $null = [System.Reflection.Assembly]::Load('System.IO.Compression.ZipFile')
    [System.IO.Compression.ZipFile]::CreateFromDirectory($staging, $zip, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    "==> Packaged $staging and $zip"

    # The NuGet package PSResourceGet installs from, published into a local file-system repository out/package/repository.
    if (-not (Get-Command Publish-PSResource -ErrorAction Ignore)) {
        '==> Publish-PSResource (PSResourceGet, shipped with pwsh 7.4+) is not available: no .nupkg made.'
        return
    }
    $manifest = Test-ModuleManifest -Path ([System.IO.Path]::Combine($staging, 'SciTex.Zarr.psd1')) -ErrorAction Stop
    $null = [System.IO.Directory]::CreateDirectory($repository)
    $name = "SciTex.Zarr.Build.$PID"
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $staging -Repository $name -ErrorAction Stop
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    "==> Published SciTex.Zarr $($manifest.Version) to $repository ($([System.IO.Directory]::GetFiles($repository, '*.nupkg') -join ', '))"
}

$Task = @($Task -split ',' | ForEach-Object Trim | Where-Object { $_ })
foreach ($name in $Task) {
    if ($name -notin 'Build', 'Test', 'Package') { throw "Unknown task '$name': use Build, Test or Package." }
}

foreach ($name in $Task) {
    "=== $name ($Configuration)"
    & "Invoke-$($name)Step"
}
