<#
.SYNOPSIS
    xarray interop, both ways (docs/xarray.md): save a small dataset (a data variable over named dimensions, coordinates,
    a CF time coordinate, attributes) that xarray opens with the right dims, coords and values; then read a dataset
    xarray wrote with to_zarr (CF time, a packed int16 with _FillValue) back with -DecodeCF.
    The python half needs /usr/bin/python3 with xarray (apt-get install python3-xarray); without it, it says so and
    only the PowerShell half runs.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/xarray.ps1
#>
param(
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'xarray-' + [guid]::NewGuid().ToString('N').Substring(0, 8)),
    [string] $Python = '/usr/bin/python3'
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)

# --- 1. PowerShell → xarray -----------------------------------------------------------------------------------------
$store = [System.IO.Path]::Combine($OutputFolder, 'weather.zarr')
$time = [datetime[]] @(0..3 | ForEach-Object { [datetime]::new(2024, 1, 1, 0, 0, 0, [DateTimeKind]::Utc).AddHours(6 * $_) })
$temperature = [double[,]]::new(4, 3)
for ($i = 0; $i -lt 4; $i++) { for ($j = 0; $j -lt 3; $j++) { $temperature[$i, $j] = 20 + $i - 0.5 * $j } }

# Zarr v2 with consolidated metadata is what xarray opens most readily. -DimensionNames names the axes (xarray's dims);
# the 1-D arrays 'time' and 'station' are named like a dimension of their length, so xarray makes them its coordinates.
# -CFTime stores the DateTimes as "hours since 1970-01-01" counts, which xarray decodes as datetime64.
Save-Zarr -Path $store -ZarrFormat 2 -Consolidate -CFTime -InputObject ([ordered]@{
        temperature = $temperature
        time        = $time
        station     = [string[]] @('north', 'harbour', 'summit')
        elevation   = [double[]] @(12.0, 3.5, 1890.0)
    }) -DimensionNames @{ temperature = 'time', 'station'; elevation = , 'station' } -Attributes @{ title = 'Three stations, four readings' }
Set-ZarrAttribute -Path $store -Key temperature -Attributes @{ units = 'degC'; long_name = 'air temperature' }

'Saved {0}:' -f $store
Get-ZarrTree -Path $store | Select-Object Key, ShapeText, DimensionText, DataType | Format-Table -AutoSize | Out-String -Width 100

$haveXarray = (Test-Path -LiteralPath $Python) -and $(& $Python -c 'import xarray' 2>$null; $LASTEXITCODE -eq 0)
if (-not $haveXarray) {
    "xarray is not available ($Python with python3-xarray); skipping the python half. Install: apt-get install -y python3-xarray"
    $dims = (Import-Zarr -Path $store -Key temperature).ZarrDimensions -join ', '
    "temperature's dimensions, read back here: ($dims)"
    return
}

'xarray opens it:'
$open = @'
import sys, warnings
warnings.simplefilter("ignore")
import xarray as xr
ds = xr.open_zarr(sys.argv[1], consolidated=True)
print(ds)
print("temperature at 2024-01-01T06:00, harbour:", float(ds.temperature.sel(time="2024-01-01T06:00", station="harbour")))
'@
& $Python -c $open $store
if ($LASTEXITCODE -ne 0) { throw "xarray could not open $store" }

# --- 2. xarray → PowerShell -----------------------------------------------------------------------------------------
$xstore = [System.IO.Path]::Combine($OutputFolder, 'from-xarray.zarr')
$write = @'
import sys, warnings
warnings.simplefilter("ignore")
import numpy as np, xarray as xr
ds = xr.Dataset(
    {"rainfall": (("day", "gauge"), np.array([[0.0, 1.25, np.nan], [3.5, 0.0, 2.75]]), {"units": "mm"})},
    coords={"day": np.array(["2024-03-01", "2024-03-02"], dtype="datetime64[ns]"), "gauge": ["g1", "g2", "g3"]},
    attrs={"source": "xarray " + xr.__version__})
# CF encoding as a netCDF user would choose it: int16 counts of 0.25 mm, -1 for missing, days since an epoch.
ds.rainfall.encoding = {"dtype": "int16", "scale_factor": 0.25, "_FillValue": -1}
ds.day.encoding = {"units": "days since 2024-01-01", "calendar": "proleptic_gregorian"}
ds.to_zarr(sys.argv[1], mode="w", consolidated=True)
'@
& $Python -c $write $xstore
if ($LASTEXITCODE -ne 0) { throw "xarray could not write $xstore" }

$raw = Import-Zarr -Path $xstore
$cf = Import-Zarr -Path $xstore -DecodeCF
'Read back from {0}:' -f $xstore
'  stored:   day = {0} ({1}); rainfall = {2} ({3})' -f ($raw.day -join ', '), $raw.day.GetType().Name, ($raw.rainfall -join ', '), $raw.rainfall.GetType().Name
'  -DecodeCF: day = {0}; rainfall = {1} ({2})' -f (($cf.day | ForEach-Object { $_.ToString('yyyy-MM-dd') }) -join ', '), ($cf.rainfall -join ', '), $cf.rainfall.GetType().Name
'  rainfall dimensions: ({0}); attributes: {1}' -f ($cf.rainfall.ZarrDimensions -join ', '), (($cf.rainfall.ZarrAttributes.Keys | ForEach-Object { "$_=$($cf.rainfall.ZarrAttributes[$_])" }) -join '; ')
