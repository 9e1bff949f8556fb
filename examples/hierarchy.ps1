<#
.SYNOPSIS
    SciTeX guide, "Hierarchical Organization": save into nested groups with -Key (sensors/environmental,
    sensors/camera), then load one group and list the hierarchy.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/hierarchy.ps1
#>
param(
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'hierarchy-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)

$random = [System.Random]::new(3)
$hours = 48
$temps = [double[]]::new($hours)
$pressure = [double[]]::new($hours)
for ($h = 0; $h -lt $hours; $h++) {
    $temps[$h] = [Math]::Round(18 + 6 * [Math]::Sin(2 * [Math]::PI * $h / 24) + $random.NextDouble(), 2)
    $pressure[$h] = [Math]::Round(1013 + 4 * $random.NextDouble(), 1)
}
# 8 frames of 32 x 32 grey pixels
$frames = [byte[,,]]::new(8, 32, 32)
$pixels = [byte[]]::new($frames.Length)
$random.NextBytes($pixels)
[System.Buffer]::BlockCopy($pixels, 0, $frames, 0, $pixels.Length)

$store = [System.IO.Path]::Combine($OutputFolder, 'data.zarr')
# Save with hierarchical keys; the second save adds to the same group, the first one's array stays.
Save-Zarr -Path $store -Key sensors/environmental -InputObject @{ temperature = $temps }
Save-Zarr -Path $store -Key sensors/environmental -InputObject @{ pressure = $pressure }
Save-Zarr -Path $store -Key sensors/camera -InputObject @{ video = $frames }

'Hierarchy:'
foreach ($node in Get-ZarrTree -Path $store) {
    '  {0,-28} {1,-6} {2}' -f $node.Hierarchy, $node.NodeType, $node.ShapeText
}

# Load a specific group
$envData = Import-Zarr -Path $store -Key sensors/environmental
'sensors/environmental: {0} temperatures (first {1} C), {2} pressures (first {3} hPa)' -f $envData.temperature.Length,
    $envData.temperature[0], $envData.pressure.Length, $envData.pressure[0]
$video = Import-Zarr -Path $store -Key sensors/camera/video
'sensors/camera/video: {0} frames of {1} x {2}' -f $video.GetLength(0), $video.GetLength(1), $video.GetLength(2)
