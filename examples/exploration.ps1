<#
.SYNOPSIS
    SciTeX guide, "Exploring Zarr Stores": what explore_zarr and ZarrExplorer do (show, keys, has_key, load), with
    Get-ZarrTree, Test-Zarr and Import-Zarr -Key. Nothing is loaded until Import-Zarr asks for it.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/exploration.ps1
#>
param(
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'exploration-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)

$store = [System.IO.Path]::Combine($OutputFolder, 'output.zarr')
$array = [double[,]]::new(50, 40)
for ($i = 0; $i -lt 50; $i++) { for ($j = 0; $j -lt 40; $j++) { $array[$i, $j] = $i + $j / 100 } }
Save-Zarr -Path $store -InputObject @{
    array    = $array
    metadata = @{ experiment = 'test'; version = 1.0 }
    results  = @{ accuracy = 0.95; labels = [string[]] @('cat', 'dog', 'bird') }
}

# explorer.show(): the whole hierarchy, one typed node per group and array.
'Structure:'
foreach ($node in Get-ZarrTree -Path $store) {
    '  {0,-18} {1,-6} {2,-9} {3,-8} {4}' -f $node.Hierarchy, $node.NodeType, $node.ShapeText, $node.DataType, $node.StoredText
}

# explorer.keys("/"): the children of the root.
$keys = Get-ZarrTree -Path $store -Depth 1 | Where-Object Depth -EQ 1 | ForEach-Object Name
'keys("/"): {0}' -f ($keys -join ', ')

# Only the arrays, anywhere in the store.
$arrays = Get-ZarrTree -Path $store | Where-Object NodeType -EQ Array | ForEach-Object Key
'arrays: {0}' -f ($arrays -join ', ')

# explorer.has_key(...): Test-Zarr answers without loading anything.
'is a Zarr store: {0}; has "array": {1}; has "missing": {2}; "metadata" is a group: {3}' -f (Test-Zarr -Path $store),
    (Test-Zarr -Path $store -Key array), (Test-Zarr -Path $store -Key missing), (Test-Zarr -Path $store -Key metadata -NodeType Group)

# explorer.load("array") when it exists.
if (Test-Zarr -Path $store -Key array) {
    $loaded = Import-Zarr -Path $store -Key array
    'load("array"): {0} [{1} x {2}], [49, 39] = {3}' -f $loaded.GetType().Name, $loaded.GetLength(0), $loaded.GetLength(1), $loaded[49, 39]
}

# Tree nodes pipe straight into Import-Zarr (and Test-Zarr / Get-ZarrSlice): load every array under results.
foreach ($value in Get-ZarrTree -Path $store -Key results | Where-Object NodeType -EQ Array | Import-Zarr) {
    '{0}: {1}' -f $value.ZarrKey, ($value -join ', ')
}
