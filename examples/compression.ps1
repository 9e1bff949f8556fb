<#
.SYNOPSIS
    SciTeX guide, "Compression Strategies": save the same array with zstd, lz4, gzip and no compression and compare
    the bytes each store occupies (Get-ZarrTree's StoredBytes and CompressionRatio); then custom levels.
.NOTES
    The comparison uses Zarr format 2 (numcodecs zstd/lz4/gzip, what SciTeX's zarr-2 path writes). With format 3
    (the default) lz4 is written as Blosc-LZ4, which every v3 reader decodes (docs/type-mapping.md).
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/compression.ps1
#>
param(
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'compression-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)

# A slowly varying signal sampled as float32 with a little noise: realistic, and compressible.
$random = [System.Random]::new(5)
$n = 200000
$largeArray = [float[]]::new($n)
for ($i = 0; $i -lt $n; $i++) {
    $largeArray[$i] = [float] [Math]::Round(100 * [Math]::Sin($i / 500.0) + $random.Next(0, 4), 1)
}

'{0,-6} {1,12} {2,12} {3,7}  {4}' -f 'codec', 'logical', 'stored', 'ratio', 'codecs'
foreach ($compressor in 'zstd', 'lz4', 'gzip', 'none') {
    $store = [System.IO.Path]::Combine($OutputFolder, "test_$compressor.zarr")
    Save-Zarr -Path $store -InputObject @{ data = $largeArray } -Compressor $compressor -ZarrFormat 2
    $node = Get-ZarrTree -Path $store -Key data
    '{0,-6} {1,12:n0} {2,12:n0} {3,7:0.00}  {4}' -f $compressor, $node.LogicalBytes, $node.StoredBytes, $node.CompressionRatio, $node.CompressorText
}

# Custom compression levels (numcodecs Zstd(level=9), LZ4(acceleration=10)): a hashtable names the codec and its settings.
$high = [System.IO.Path]::Combine($OutputFolder, 'high_comp.zarr')
Save-Zarr -Path $high -InputObject @{ data = $largeArray } -Compressor @{ name = 'zstd'; level = 9 } -ZarrFormat 2
$fast = [System.IO.Path]::Combine($OutputFolder, 'fast_comp.zarr')
Save-Zarr -Path $fast -InputObject @{ data = $largeArray } -Compressor @{ name = 'lz4'; acceleration = 10 } -ZarrFormat 2
foreach ($store in $high, $fast) {
    $node = Get-ZarrTree -Path $store -Key data
    '{0,-15} {1,12:n0} bytes stored  ({2})' -f [System.IO.Path]::GetFileName($store), $node.StoredBytes, $node.CompressorText
}
