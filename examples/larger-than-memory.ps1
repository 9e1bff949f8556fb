<#
.SYNOPSIS
    An array larger than memory, built on disk block by block: New-ZarrArray creates half of a 4 GiB float64 array
    (no data written), blocks piped into Set-ZarrSlice fill it, blocks piped into Add-ZarrSlice grow it to its full
    size, and windows are read back and checked. Only a block (2 MiB) or two exist in memory at a time.
.DESCRIPTION
    Element [i, j] holds i * 4096 + j, so every window can be checked. -SizeGiB scales the array (the tests run it at
    0.25 GiB; bench/README.md reports the peak memory of the real 4 GiB run). The store needs up to -SizeGiB of disk (about
    an eighth of it after compression); it is deleted at the end unless -Keep or -OutputFolder is given.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/larger-than-memory.ps1
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/larger-than-memory.ps1 -SizeGiB 0.25 -Keep
#>
param(
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'larger-than-memory-' + [guid]::NewGuid().ToString('N').Substring(0, 8)),
    [ValidateRange(0.0625, 64)] [double] $SizeGiB = 4,
    [switch] $Keep
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)
$store = [System.IO.Path]::Combine($OutputFolder, 'large.zarr')

$columns = 4096
$blockRows = 64                                    # one block: 64 x 4096 float64 = 2 MiB, also the chunk shape
$rows = [long] [Math]::Round($SizeGiB * 1GB / ($columns * 8) / $blockRows) * $blockRows
$half = [long] ([Math]::Floor($rows / $blockRows / 2) * $blockRows)
if ($rows * $columns -ge [int]::MaxValue) { throw "-SizeGiB $SizeGiB is too large for this example's int32 element numbering" }

# A block's values, without a PowerShell loop: Enumerable.Range numbers its elements, a compiled .NET lambda turns
# them into doubles, BlockCopy lays them out as [row, column].
$n = [System.Linq.Expressions.Expression]::Parameter([int], 'n')
$toDouble = [System.Linq.Expressions.Expression]::Lambda[Func[int, double]]([System.Linq.Expressions.Expression]::Convert($n, [double]), $n).Compile()
function New-Block([long] $firstRow) {
    $count = $blockRows * $columns
    $flat = [System.Linq.Enumerable]::ToArray([System.Linq.Enumerable]::Select([System.Linq.Enumerable]::Range([int] ($firstRow * $columns), $count), $toDouble))
    $block = [double[,]]::new($blockRows, $columns)
    [System.Buffer]::BlockCopy($flat, 0, $block, 0, $count * 8)
    , $block   # the comma keeps the pipeline from unrolling the 2-D array into a million doubles
}

# 1. Half the array, created instantly: only the metadata document is written.
$clock = [System.Diagnostics.Stopwatch]::StartNew()
New-ZarrArray -Path $store -Key data -Shape $half, $columns -DataType float64 -ChunkShape $blockRows, $columns
$node = Get-ZarrTree -Path $store -Key data
'Created data {0} {1} ({2:n2} GiB logical, {3:n0} bytes stored) in {4:n0} ms' -f $node.DataType, $node.ShapeText, ([double] $node.LogicalBytes / 1GB), $node.StoredBytes, $clock.ElapsedMilliseconds

# 2. Fill it: blocks piped into Set-ZarrSlice land one after the other along the first axis.
$clock.Restart()
& { for ($r = 0L; $r -lt $half; $r += $blockRows) { New-Block $r } } | Set-ZarrSlice -Path $store -Key data
'Filled rows 0 … {0} with {1} piped blocks in {2:n1} s' -f ($half - 1), ($half / $blockRows), $clock.Elapsed.TotalSeconds

# 3. Grow it to the full size: blocks piped into Add-ZarrSlice each append to the end.
$clock.Restart()
& { for ($r = $half; $r -lt $rows; $r += $blockRows) { New-Block $r } } | Add-ZarrSlice -Path $store -Key data
$node = Get-ZarrTree -Path $store -Key data
'Appended {0} blocks in {1:n1} s: data is now {2} ({3:n2} GiB logical, {4:n2} GiB stored)' -f (($rows - $half) / $blockRows), $clock.Elapsed.TotalSeconds,
    $node.ShapeText, ([double] $node.LogicalBytes / 1GB), ($node.StoredBytes / 1GB)
if ($node.Shape[0] -ne $rows) { throw "data has $($node.Shape[0]) rows, expected $rows" }

# 4. Read windows back: across a block boundary, across the Set/Add boundary, the last rows. Only those chunks are read.
function Test-Window([long] $row0, [long] $col0, [int] $height, [int] $width) {
    $window = Get-ZarrSlice -Path $store -Key data -Start $row0, $col0 -End ($row0 + $height), ($col0 + $width)
    for ($i = 0; $i -lt $height; $i++) {
        for ($j = 0; $j -lt $width; $j++) {
            $expected = ($row0 + $i) * $columns + $col0 + $j
            if ($window[$i, $j] -ne $expected) { throw "data[$($row0 + $i), $($col0 + $j)] = $($window[$i, $j]), expected $expected" }
        }
    }
    'Window data[{0}:{1}, {2}:{3}] holds exactly i * {4} + j' -f $row0, ($row0 + $height), $col0, ($col0 + $width), $columns
}
Test-Window ($blockRows - 3) 4000 6 96
Test-Window ($half - 2) 0 4 16
Test-Window ($rows - 5) ($columns - 7) 5 7

# 5. Change one window in place: a scalar broadcasts; only the chunks it touches are rewritten.
Set-ZarrSlice -Path $store -Key data -Selection "$($half - 1):$($half + 1), 10:20" -Value -1
$changed = Get-ZarrSlice -Path $store -Key data -Selection "$($half - 2):$($half + 2), 9:21"
if ($changed[1, 1] -ne -1 -or $changed[2, 10] -ne -1 -or $changed[0, 1] -eq -1 -or $changed[1, 0] -eq -1 -or $changed[3, 11] -eq -1) { throw 'Set-ZarrSlice -Value -1 changed the wrong elements' }
'Set data[{0}:{1}, 10:20] = -1 in place; its neighbours are unchanged' -f ($half - 1), ($half + 1)

# The store is ~0.5 GiB at 4 GiB logical: deleted when it lives in this script's own temporary folder (no
# -OutputFolder given) unless -Keep; kept in a folder the caller chose.
if (-not $Keep -and -not $PSBoundParameters.ContainsKey('OutputFolder')) {
    [System.IO.Directory]::Delete($OutputFolder, $true)
    'Deleted {0}' -f $store
}
