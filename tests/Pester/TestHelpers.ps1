# Dot-sourced from BeforeAll by every *.Tests.ps1 file.
# With SCITEX_ZARR_TEST_INSTALLED=1 (CI's real-pwsh run) the module is used as users get it: installed in a folder on
# $env:PSModulePath and autoloaded, never imported by path. Otherwise the built folder out/SciTex.Zarr is imported
# (dotnet build assembles it; the xunit bridge has imported it already).
if ($env:SCITEX_ZARR_TEST_INSTALLED -eq '1') {
    $installed = @(Get-Module -ListAvailable -Name SciTex.Zarr)
    if ($installed.Count -eq 0) { throw 'SCITEX_ZARR_TEST_INSTALLED=1 but SciTex.Zarr is not in any folder on $env:PSModulePath.' }
    $ModuleManifestPath = $installed[0].Path
}
else {
    $ModuleManifestPath = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'SciTex.Zarr', 'SciTex.Zarr.psd1'))
    if (-not (Get-Module SciTex.Zarr)) { Import-Module $ModuleManifestPath -ErrorAction Stop }
    # out/ on $env:PSModulePath too, so fresh runspaces (ForEach-Object -Parallel, thread jobs) autoload the same build.
    $outFolder = [System.IO.Path]::GetDirectoryName([System.IO.Path]::GetDirectoryName($ModuleManifestPath))
    if (($env:PSModulePath -split [System.IO.Path]::PathSeparator) -notcontains $outFolder) {
        $env:PSModulePath = $outFolder + [System.IO.Path]::PathSeparator + $env:PSModulePath
    }
}

# Python peers (h5py …) are optional outside CI, as in the xunit tests: the reason to skip, or $null when present.
# With SCITEX_ZARR_REQUIRE_PEERS=1 (set by .ci/run) a missing peer throws instead, so CI cannot go green by skipping.
$PythonPeer = if ($env:SCITEX_ZARR_PYTHON) { $env:SCITEX_ZARR_PYTHON } else { '/usr/bin/python3' }
function Get-MissingPythonPeer([string] $Module, [string] $Package) {
    $present = [System.IO.File]::Exists($PythonPeer) -and $(& $PythonPeer -c "import $Module" 2>$null; $LASTEXITCODE -eq 0)
    if ($present) { return $null }
    $reason = "Peer missing: $Module is not importable by $PythonPeer. Install with: apt-get install -y $Package"
    if ($env:SCITEX_ZARR_REQUIRE_PEERS -eq '1') { throw $reason }
    $reason
}
