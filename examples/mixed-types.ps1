<#
.SYNOPSIS
    SciTeX guide, "Example: Mixed Data Types": scalars, typed arrays (float64, uint8 image, complex128), a nested
    group and a list of strings in one store, and the .NET types they come back as.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/mixed-types.ps1
#>
param(
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'mixed-types-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)

$random = [System.Random]::new(11)

$measurements = [double[]]::new(1000)
for ($i = 0; $i -lt $measurements.Length; $i++) { $measurements[$i] = $random.NextDouble() * 2 - 1 }

# np.random.randint(0, 255, (256, 256, 3), dtype=np.uint8), scaled down to 64 x 64 x 3.
$image = [byte[,,]]::new(64, 64, 3)
$pixels = [byte[]]::new($image.Length)
$random.NextBytes($pixels)
[System.Buffer]::BlockCopy($pixels, 0, $image, 0, $pixels.Length)

$predictions = [double[,]]::new(100, 10)
for ($i = 0; $i -lt 100; $i++) { for ($j = 0; $j -lt 10; $j++) { $predictions[$i, $j] = $random.NextDouble() } }

$data = [ordered]@{
    # Scalars
    count        = 42
    ratio        = 3.14159
    active       = $true
    name         = 'Experiment A'
    nothing      = $null

    # Arrays
    measurements = $measurements
    image        = $image
    complex_data = [System.Numerics.Complex[]] @([System.Numerics.Complex]::new(1, 2), [System.Numerics.Complex]::new(3, 4))

    # Nested structures
    results      = [ordered]@{
        accuracy    = 0.95
        predictions = $predictions
        labels      = [string[]] @('cat', 'dog', 'bird')
    }
}

$store = [System.IO.Path]::Combine($OutputFolder, 'mixed_types.zarr')
Save-Zarr -Path $store -InputObject $data

$loaded = Import-Zarr -Path $store
foreach ($name in 'count', 'ratio', 'active', 'name', 'measurements', 'image', 'complex_data') {
    $value = $loaded.$name
    $shown = if ($value -is [array]) { 'rank {0}, {1} elements' -f $value.Rank, $value.Length } else { "$value" }
    '{0,-13} {1,-10} {2}' -f $name, $value.GetType().Name, $shown
}
'{0,-13} {1}' -f 'nothing', $(if ($null -eq $loaded.nothing) { '$null' } else { $loaded.nothing })
'results.accuracy = {0}, results.predictions is {1} [{2} x {3}], results.labels = {4}' -f $loaded.results.accuracy,
    $loaded.results.predictions.GetType().Name, $loaded.results.predictions.GetLength(0), $loaded.results.predictions.GetLength(1),
    ($loaded.results.labels -join ', ')
'complex_data[1] = {0}; image[10, 20, 2] preserved: {1}' -f $loaded.complex_data[1], ($loaded.image[10, 20, 2] -eq $image[10, 20, 2])
