<#
.SYNOPSIS
    SciTeX guide, "Basic Usage": save a dictionary of an array and metadata, with and without compression options,
    then load the whole store or one key of it.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/basic.ps1
#>
param(
    # A fresh folder for the stores this example writes.
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'basic-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)

# np.random.randn(1000, 1000), scaled down so the example runs in a moment.
$random = [System.Random]::new(7)
$rows = 200; $columns = 200
$array = [double[,]]::new($rows, $columns)
for ($i = 0; $i -lt $rows; $i++) {
    for ($j = 0; $j -lt $columns; $j++) { $array[$i, $j] = $random.NextDouble() * 2 - 1 }
}

$data = @{
    array    = $array
    metadata = @{
        experiment = 'test'
        version    = 1.0
    }
}

# Simple save (stx.io.save(data, "./output.zarr"))
$output = [System.IO.Path]::Combine($OutputFolder, 'output.zarr')
Save-Zarr -Path $output -InputObject $data

# With compression options (compressor="zstd", chunks=(100, 100)); a hashtable gives the chunk shape per array.
$compressed = [System.IO.Path]::Combine($OutputFolder, 'compressed.zarr')
Save-Zarr -Path $compressed -InputObject $data -Compressor zstd -ChunkShape @{ array = @(100, 100) }

# Load the entire store: groups come back as PSCustomObjects, arrays as typed .NET arrays of their rank.
$loaded = Import-Zarr -Path $output
"Loaded '{0}': array is {1} [{2} x {3}], metadata.experiment = '{4}', version = {5}" -f $output, $loaded.array.GetType().Name,
    $loaded.array.GetLength(0), $loaded.array.GetLength(1), $loaded.metadata.experiment, $loaded.metadata.version

# Load a specific subset (key="metadata", key="array").
$metadata = Import-Zarr -Path $output -Key metadata
$arrayData = Import-Zarr -Path $output -Key array
"metadata: experiment = {0}, version = {1}" -f $metadata.experiment, $metadata.version
"array[3, 4] round-trips exactly: {0}" -f ($arrayData[3, 4] -eq $array[3, 4])

$node = Get-ZarrTree -Path $compressed -Key array
"compressed.zarr 'array': chunks {0}, codecs {1}, {2} stored" -f $node.ChunkText, $node.CompressorText, $node.StoredText
