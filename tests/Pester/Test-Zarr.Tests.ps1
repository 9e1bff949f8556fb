BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
}

Describe 'Test-Zarr' {
    BeforeAll {
        $store = [System.IO.Path]::Combine($TestDrive, 'output.zarr')
        Save-Zarr -Path $store -InputObject @{ array = [int[]] (1, 2); metadata = @{ version = 1 } }
        $v2 = [System.IO.Path]::Combine($TestDrive, 'v2.zarr')
        Save-Zarr -Path $v2 -InputObject @{ a = 1 } -ZarrFormat 2
        $plainFolder = [System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($TestDrive, 'not-a-store')).FullName
    }

    It 'is true for Zarr stores of either format and false for anything else' {
        Test-Zarr -Path $store | Should -BeTrue
        Test-Zarr -Path $v2 | Should -BeTrue
        Test-Zarr -Path $plainFolder | Should -BeFalse
        Test-Zarr -Path ([System.IO.Path]::Combine($TestDrive, 'missing.zarr')) | Should -BeFalse
    }

    It 'checks for a key like has_key' {
        Test-Zarr -Path $store -Key array | Should -BeTrue
        Test-Zarr -Path $store -Key metadata/version | Should -BeTrue
        Test-Zarr -Path $store -Key missing | Should -BeFalse
    }

    It 'checks the node type with -NodeType' {
        Test-Zarr -Path $store -Key metadata -NodeType Group | Should -BeTrue
        Test-Zarr -Path $store -Key metadata -NodeType Array | Should -BeFalse
        Test-Zarr -Path $store -Key array -NodeType Array | Should -BeTrue
    }

    It 'returns one Boolean per piped path and writes no errors' {
        $results = @($store, ([System.IO.Path]::Combine($TestDrive, 'missing.zarr')), $plainFolder | Test-Zarr -ErrorAction Stop)
        $results | Should -Be @($true, $false, $false)
    }

    It 'takes nodes piped from Get-ZarrTree' {
        $results = @(Get-ZarrTree -Path $store | Test-Zarr)
        $results | Should -HaveCount 4
        $results | Should -Not -Contain $false
    }

    It 'rejects an unknown -NodeType' {
        { Test-Zarr -Path $store -NodeType Table } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'completes -Key with the keys of the store' {
        $line = "Test-Zarr -Path '$store' -Key meta"
        $completion = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)
        @($completion.CompletionMatches | ForEach-Object CompletionText) | Should -Contain 'metadata'
    }
}
