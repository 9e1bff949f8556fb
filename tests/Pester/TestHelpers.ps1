# Dot-sourced from BeforeAll by every *.Tests.ps1 file. Only Core cmdlets and .NET calls are used, so the same files run
# under real Pester 5, the mini runner inside the embedded host, and the xunit bridge.

# The built module folder (dotnet build / ./build.ps1 Build assemble it); the xunit bridge and the host import it already.
$ModuleManifestPath = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'SciTex.Zarr', 'SciTex.Zarr.psd1'))

if (-not (Get-Module SciTex.Zarr)) {
    Import-Module $ModuleManifestPath -ErrorAction Stop
}
