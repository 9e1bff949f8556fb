BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
}

Describe 'Import-Zarr' {
    BeforeAll {
        $store = [System.IO.Path]::Combine($TestDrive, 'output.zarr')
        $matrix = [double[,]]::new(4, 5)
        for ($i = 0; $i -lt 4; $i++) { for ($j = 0; $j -lt 5; $j++) { $matrix[$i, $j] = $i * 10 + $j } }
        Save-Zarr -Path $store -InputObject @{
            array    = $matrix
            metadata = @{ experiment = 'test'; version = 1.0 }
            results  = @{ labels = [string[]] ('cat', 'dog'); accuracy = 0.95 }
        } -Attributes @{ author = 'tests' }
    }

    It 'loads the whole store as PSCustomObjects with sorted members' {
        $loaded = Import-Zarr -Path $store
        $loaded | Should -BeOfType ([System.Management.Automation.PSCustomObject])
        @($loaded.PSObject.Properties | Where-Object MemberType -EQ NoteProperty | ForEach-Object Name | Where-Object { $_ -notlike 'Zarr*' }) | Should -Be @('array', 'metadata', 'results')
        $loaded.metadata.experiment | Should -Be 'test'
        $loaded.ZarrAttributes.author | Should -Be 'tests'
    }

    It 'returns an array as one typed object of its rank, never unrolled' {
        $array = Import-Zarr -Path $store -Key array
        ($array -is [double[,]]) | Should -BeTrue -Because 'an array is emitted as one object, not unrolled'
        $array.Rank | Should -Be 2
        $array[3, 4] | Should -Be 34
        $array.ZarrKey | Should -Be 'array'
    }

    It 'returns ordered dictionaries with -AsHashtable' {
        $data = Import-Zarr -Path $store -Key metadata -AsHashtable
        $data | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
        $data['version'] | Should -Be 1.0
    }

    It 'imports every array Get-ZarrTree finds, piped by node' {
        $values = @(Get-ZarrTree -Path $store -Key results | Where-Object NodeType -EQ Array | Import-Zarr)
        $values | Should -HaveCount 2
        ($values | ForEach-Object ZarrKey) | Should -Be @('results/accuracy', 'results/labels')
        $values[1] | Should -Be @('cat', 'dog')
    }

    It 'imports stores piped as paths' {
        $loaded = @($store | Import-Zarr -Key metadata)
        $loaded | Should -HaveCount 1
        $loaded[0].experiment | Should -Be 'test'
    }

    It 'reports a missing key as ZarrKeyNotFound and a missing store as ZarrStoreNotFound' {
        { Import-Zarr -Path $store -Key nothing/here -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrKeyNotFound*'
        { Import-Zarr -LiteralPath ([System.IO.Path]::Combine($TestDrive, 'missing.zarr')) -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrStoreNotFound*'
    }

    It 'completes -Key from the store named by -Path' {
        $line = "Import-Zarr -Path '$store' -Key res"
        $completion = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)
        @($completion.CompletionMatches | ForEach-Object CompletionText) | Should -Contain 'results'
    }
}
