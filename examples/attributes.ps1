<#
.SYNOPSIS
    SciTeX guide, "Working with Attributes": attach attributes when saving (-Attributes), add or change them later
    (Set-ZarrAttribute, like store.attrs[...] = ...), remove them, and read them back from ZarrAttributes.
.EXAMPLE
    dotnet run --project src/SciTex.Zarr.Host -- -File examples/attributes.ps1
#>
param(
    [string] $OutputFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'scitex-zarr-examples', 'attributes-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
)
$ErrorActionPreference = 'Stop'
$null = [System.IO.Directory]::CreateDirectory($OutputFolder)

$store = [System.IO.Path]::Combine($OutputFolder, 'data.zarr')
$distances = [double[]] @(0.5, 1.25, 2.0, 4.75)
Save-Zarr -Path $store -InputObject @{ array = $distances } -Attributes @{ project = 'demo'; draft = $true }

# store.attrs['created_date'] = ...; store.attrs['author'] = ...  (merged: 'project' stays)
Set-ZarrAttribute -Path $store -Attributes @{ created_date = '2025-07-12'; author = 'SciTeX User' }
# store['array'].attrs['units'] = 'meters'
Set-ZarrAttribute -Path $store -Key array -Attributes @{ units = 'meters'; scale = 1.0 }
# Attributes can be removed by name; -WhatIf only says what would change.
Set-ZarrAttribute -Path $store -Remove draft
Set-ZarrAttribute -Path $store -Key array -Remove scale -WhatIf

# Read them back: every imported value carries a ZarrAttributes note property (an ordered dictionary) ...
$root = Import-Zarr -Path $store
'root attributes: {0}' -f (($root.ZarrAttributes.Keys | ForEach-Object { "$_=$($root.ZarrAttributes[$_])" }) -join '; ')
'author: {0}, created {1}' -f $root.ZarrAttributes.author, $root.ZarrAttributes.created_date
$array = Import-Zarr -Path $store -Key array -AsHashtable
'array attributes: {0}; values {1}' -f (($array.ZarrAttributes.Keys | ForEach-Object { "$_=$($array.ZarrAttributes[$_])" }) -join '; '), ($array -join ', ')

# ... and Get-ZarrTree shows them without loading any data; -PassThru returns the updated node.
$node = Set-ZarrAttribute -Path $store -Key array -Attributes @{ calibrated = $true } -PassThru
'after -PassThru: {0} has {1} attributes ({2})' -f $node.Key, $node.Attributes.Count, ($node.Attributes.Keys -join ', ')
