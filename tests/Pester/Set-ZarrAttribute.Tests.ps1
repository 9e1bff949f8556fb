BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
}

Describe 'Set-ZarrAttribute' {
    BeforeEach {
        $store = [System.IO.Path]::Combine($TestDrive, [guid]::NewGuid().ToString('N') + '.zarr')
        Save-Zarr -Path $store -InputObject @{ array = [double[]] (1, 2, 3); group = @{ x = 1 } } -Attributes @{ project = 'demo'; draft = $true }
    }

    It 'merges attributes into the root group and keeps the others' {
        Set-ZarrAttribute -Path $store -Attributes @{ author = 'SciTeX User'; created_date = '2025-07-12' }
        $attributes = (Import-Zarr -Path $store).ZarrAttributes
        $attributes.author | Should -Be 'SciTeX User'
        $attributes.created_date | Should -Be '2025-07-12'
        $attributes.project | Should -Be 'demo'
    }

    It 'sets attributes of an array, with JSON-compatible values' {
        Set-ZarrAttribute -Path $store -Key array -Attributes @{ units = 'meters'; scale = 0.5; tags = @('a', 'b'); calibrated = $false }
        $attributes = (Import-Zarr -Path $store -Key array -AsHashtable).ZarrAttributes
        $attributes['units'] | Should -Be 'meters'
        $attributes['scale'] | Should -Be 0.5
        $attributes['tags'] | Should -Be @('a', 'b')
        $attributes['calibrated'] | Should -BeFalse
    }

    It 'removes attributes by name' {
        Set-ZarrAttribute -Path $store -Remove draft, not-there
        $names = @((Get-ZarrTree -Path $store -Depth 0).Attributes.Keys)
        $names | Should -Be @('project')
    }

    It 'changes nothing with -WhatIf' {
        $metadata = [System.IO.Path]::Combine($store, 'zarr.json')
        $before = [System.IO.File]::ReadAllText($metadata)
        Set-ZarrAttribute -Path $store -Attributes @{ author = 'nobody' } -Remove project -WhatIf
        [System.IO.File]::ReadAllText($metadata) | Should -BeExactly $before
    }

    It 'returns the updated node with -PassThru' {
        $node = Set-ZarrAttribute -Path $store -Key group -Attributes @{ checked = $true } -PassThru
        $node | Should -BeOfType ([SciTex.Zarr.PowerShell.Output.ZarrNodeInfo])
        $node.Key | Should -Be 'group'
        $node.Attributes['checked'] | Should -BeTrue
    }

    It 'tags every array piped from Get-ZarrTree' {
        Get-ZarrTree -Path $store | Where-Object NodeType -EQ Array | Set-ZarrAttribute -Attributes @{ reviewed = 'yes' }
        (Import-Zarr -Path $store -Key array).ZarrAttributes.reviewed | Should -Be 'yes'
        (Import-Zarr -Path $store -Key group/x -AsHashtable).ZarrAttributes['reviewed'] | Should -Be 'yes'
        (Import-Zarr -Path $store).ZarrAttributes.Contains('reviewed') | Should -BeFalse
    }

    It 'reports a missing node as ZarrKeyNotFound' {
        { Set-ZarrAttribute -Path $store -Key missing -Attributes @{ a = 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrKeyNotFound*'
    }
}
