BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
}

Describe 'Save-Zarr' {
    BeforeAll {
        function New-StorePath([string] $Name) { [System.IO.Path]::Combine($TestDrive, $Name) }
    }

    It 'round-trips typed arrays and scalars with their .NET types' {
        $store = New-StorePath 'types.zarr'
        $matrix = [double[,]]::new(3, 4)
        $matrix[2, 3] = 1.5
        Save-Zarr -Path $store -InputObject @{ matrix = $matrix; bytes = [byte[]] (1, 2, 255); words = [string[]] ('a', 'ä'); count = 42; ok = $true }
        $loaded = Import-Zarr -Path $store
        ($loaded.matrix -is [double[,]]) | Should -BeTrue -Because 'arrays keep their .NET type and rank'
        $loaded.matrix[2, 3] | Should -Be 1.5
        ($loaded.bytes -is [byte[]]) | Should -BeTrue
        $loaded.bytes | Should -Be @(1, 2, 255)
        $loaded.words | Should -Be @('a', 'ä')
        $loaded.count | Should -BeOfType ([int])
        $loaded.ok | Should -BeTrue
    }

    It 'saves piped PSCustomObject records as a table and imports them back as records' {
        $store = New-StorePath 'records.zarr'
        $records = @(
            [pscustomobject]@{ Name = 'alpha'; Score = 1.5; Trial = 1 }
            [pscustomobject]@{ Name = 'beta'; Score = 2.5; Trial = 2 }
            [pscustomobject]@{ Name = 'gamma'; Score = 3.5; Trial = 3 }
        )
        $records | Save-Zarr -Path $store -Key trials
        $back = @(Import-Zarr -Path $store -Key trials)
        $back | Should -HaveCount 3
        $back[1].Name | Should -Be 'beta'
        $back[2].Score | Should -Be 3.5
        ($back | ForEach-Object Trial) | Should -Be @(1, 2, 3)
    }

    It 'saves piped records as one struct array with -AsStructured and reads them back as records (formats 3 and 2)' -ForEach @(@{ Format = 3 }, @{ Format = 2 }) {
        $store = New-StorePath "struct$Format.zarr"
        $records = 1..4 | ForEach-Object { [pscustomobject]@{ id = $_; value = $_ * 0.5; name = "n$_"; ok = ($_ % 2 -eq 0) } }
        $records | Save-Zarr -Path $store -Key points -AsStructured -ZarrFormat $Format
        $node = Get-ZarrTree -Path $store | Where-Object Name -eq 'points'
        $node.DataType | Should -Be 'struct{id:int32,value:float64,name:fixed_length_utf32[2],ok:bool}'
        $back = Import-Zarr -Path $store -Key points
        $back.Count | Should -Be 4
        $back[2].id | Should -BeOfType ([int])
        $back[2].id | Should -Be 3
        $back[2].value | Should -Be 1.5
        $back[2].name | Should -Be 'n3'
        $back[1].ok | Should -BeTrue
        ($back[0].PSObject.Properties.Name -join ',') | Should -Be 'id,value,name,ok'
        $window = Get-ZarrSlice -Path $store -Key points '1:3'
        $window.id | Should -Be @(2, 3)
        (Get-ZarrSlice -Path $store -Key points '-1').name | Should -Be 'n4'
    }

    It 'refuses -AsStructured for values that are not records' {
        $store = New-StorePath 'notrecords.zarr'
        { Save-Zarr -Path $store -Key x -InputObject ([int[]] (1, 2)) -AsStructured -ErrorAction Stop } |
            Should -Throw -ErrorId 'ZarrUnsupportedValueType,SciTex.Zarr.PowerShell.Commands.SaveZarrCommand'
    }

    It 'saves piped scalars as one 1-D array' {
        $store = New-StorePath 'numbers.zarr'
        1..5 | Save-Zarr -Path $store -Key nums
        (Import-Zarr -Path $store -Key nums) | Should -Be @(1, 2, 3, 4, 5)
    }

    It 'writes nothing with -WhatIf' {
        $store = New-StorePath 'whatif.zarr'
        Save-Zarr -Path $store -InputObject @{ a = 1 } -WhatIf
        $store | Should -Not -Exist
    }

    It 'adds to an existing group and refuses to replace a node without -Force' {
        $store = New-StorePath 'force.zarr'
        Save-Zarr -Path $store -Key sensors/environmental -InputObject @{ temperature = [double[]] (20.5, 21.0) }
        Save-Zarr -Path $store -Key sensors/environmental -InputObject @{ pressure = [double[]] (1013.0) }
        { Save-Zarr -Path $store -Key sensors/environmental -InputObject @{ pressure = [double[]] (990.0) } } | Should -Throw -ErrorId 'ZarrNodeExists*'
        (Import-Zarr -Path $store -Key sensors/environmental/pressure) | Should -Be @(1013.0)
        Save-Zarr -Path $store -Key sensors/environmental -InputObject @{ pressure = [double[]] (990.0) } -Force
        $group = Import-Zarr -Path $store -Key sensors/environmental
        $group.pressure | Should -Be @(990.0)
        $group.temperature | Should -Be @(20.5, 21.0)
    }

    It 'reports values it cannot store as ZarrUnsupportedValueType' {
        $store = New-StorePath 'unsupported.zarr'
        { Save-Zarr -Path $store -InputObject @{ script = { 'code' } } } | Should -Throw -ErrorId 'ZarrUnsupportedValueType*'
    }

    It 'applies -Compressor, -ChunkShape, -ZarrFormat and -Attributes' {
        $store = New-StorePath 'options.zarr'
        $nodes = Save-Zarr -Path $store -InputObject @{ data = [int[]] (1..100) } -Compressor gzip -ChunkShape 25 -ZarrFormat 2 -Attributes @{ units = 'mV' } -PassThru
        [System.IO.Path]::Combine($store, '.zgroup') | Should -Exist
        $array = $nodes | Where-Object Key -EQ 'data'
        $array.ChunkShape | Should -Be @(25)
        $array.CompressorText | Should -BeLike 'gzip*'
        (Import-Zarr -Path $store).ZarrAttributes.units | Should -Be 'mV'
    }

    It 'rejects an unknown compressor as ZarrUnsupportedCodec' {
        { Save-Zarr -Path (New-StorePath 'codec.zarr') -InputObject @{ a = 1 } -Compressor brotli } | Should -Throw -ErrorId 'ZarrUnsupportedCodec*'
    }
}
