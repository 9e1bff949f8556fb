<#
.SYNOPSIS
    SciTeX guide, "Chunking for Large Arrays": save a 3-D array with -ChunkShape, then read one window with
    Get-ZarrSlice, which touches only the chunks the window overlaps. The guide's 1000 x 2000 x 3000 float64 array
    (48 GB) is scaled down by 10 per axis to a 100 x 200 x 300 int32 array (24 MB) so the example runs in seconds.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/chunking.ps1
#>
param(
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'chunking-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)

$shape = 100, 200, 300
$count = $shape[0] * $shape[1] * $shape[2]
# Every element holds its own flat index, so any window is easy to check. Filling it with .NET calls instead of a
# PowerShell loop keeps six million elements fast: Enumerable.Range builds the values, BlockCopy lays them out as 3-D.
$flat = [System.Linq.Enumerable]::ToArray([System.Linq.Enumerable]::Range(0, $count))
$largeData = [int[,,]]::new($shape[0], $shape[1], $shape[2])
[System.Buffer]::BlockCopy($flat, 0, $largeData, 0, $count * 4)

# Save with chunks (SciTeX: chunks=(100, 200, 300), scaled the same way).
$store = [System.IO.Path]::Combine($OutputFolder, 'chunked.zarr')
$clock = [System.Diagnostics.Stopwatch]::StartNew()
Save-Zarr -Path $store -InputObject @{ data = $largeData } -ChunkShape 10, 20, 30
$node = Get-ZarrTree -Path $store -Key data
'Saved {0} {1} in chunks of {2}: {3:n0} bytes stored for {4:n0} logical ({5:n0} ms)' -f $node.DataType, $node.ShapeText, $node.ChunkText,
    $node.StoredBytes, $node.LogicalBytes, $clock.ElapsedMilliseconds

# Load only a slice (store['data'][0:10, 500:600, 1000:1100], scaled): 10 x 10 x 10 from 10 chunks.
$clock.Restart()
$slice = Get-ZarrSlice -Path $store -Key data -Selection '0:10, 50:60, 100:110'
'Slice {0}: {1} x {2} x {3} starting at ({4}) in {5:n0} ms' -f $slice.GetType().Name, $slice.GetLength(0), $slice.GetLength(1),
    $slice.GetLength(2), ($slice.ZarrOrigin -join ', '), $clock.ElapsedMilliseconds
$expected = 9 * $shape[1] * $shape[2] + 59 * $shape[2] + 109
'slice[9, 9, 9] = {0} (expected {1})' -f $slice[9, 9, 9], $expected

# The same window as -Start/-End arrays, and a strided selection that drops an axis.
$same = Get-ZarrSlice -Path $store -Key data -Start 0, 50, 100 -End 10, 60, 110
'-Start/-End gives the same window: {0}' -f ($same[4, 5, 6] -eq $slice[4, 5, 6])
$plane = Get-ZarrSlice -Path $store -Key data -Selection '-1, ::50, ::100'
'Last plane, every 50th row and 100th column: {0} x {1}, first value {2}' -f $plane.GetLength(0), $plane.GetLength(1), $plane[0, 0]

# Memory efficiency: -Stream hands over the first 30 planes a chunk's depth at a time instead of one array.
$blocks = @(Get-ZarrSlice -Path $store -Key data -Selection '0:30, 0:20, 0:30' -Stream)
'-Stream emitted {0} blocks of {1} planes each' -f $blocks.Count, $blocks[0].GetLength(0)
