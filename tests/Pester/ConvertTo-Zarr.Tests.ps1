BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
    $script:work = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'convertto-zarr-' + [guid]::NewGuid().ToString('N'))
    [System.IO.Directory]::CreateDirectory($work) | Out-Null

    # A float64 .npy (format 1.0) written byte by byte, so most tests need no Python.
    function New-TestNpy([string] $Name, [double[]] $Values) {
        $header = "{'descr': '<f8', 'fortran_order': False, 'shape': ($($Values.Count),), }".PadRight(117) + "`n"
        $bytes = [System.Collections.Generic.List[byte]]::new()
        $bytes.AddRange([byte[]] (0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, $header.Length, 0))
        $bytes.AddRange([System.Text.Encoding]::ASCII.GetBytes($header))
        foreach ($v in $Values) { $bytes.AddRange([System.BitConverter]::GetBytes($v)) }
        $path = [System.IO.Path]::Combine($work, $Name)
        [System.IO.File]::WriteAllBytes($path, $bytes.ToArray())
        $path
    }

    $script:npyA = New-TestNpy 'a.npy' @(1, 2, 3)
    $script:npyB = New-TestNpy 'b.npy' @(4, 5)
    $script:h5 = [System.IO.Path]::Combine($work, 'tree.h5')
    $script:h5Script = [System.IO.Path]::Combine($PSScriptRoot, '..', 'Interop', 'python', 'h5_make.py')
    $script:h5Missing = Get-MissingPythonPeer h5py python3-h5py
    if (-not $h5Missing) {
        & $PythonPeer $h5Script tree $h5
        if ($LASTEXITCODE -ne 0 -or -not [System.IO.File]::Exists($h5)) { throw 'h5py could not write the HDF5 input: apt-get install -y python3-h5py' }
    }
}

AfterAll {
    [System.IO.Directory]::Delete($work, $true)
}

Describe 'ConvertTo-Zarr' {
    It 'converts an HDF5 file into groups, arrays and attributes' {
        if ($h5Missing) { Set-ItResult -Skipped -Because $h5Missing; return }
        $store = [System.IO.Path]::Combine($work, 'tree.zarr')
        ConvertTo-Zarr -Path $h5 -Destination $store -Key imported
        $data = Import-Zarr -Path $store -Key imported -AsHashtable
        $data['scalar'] | Should -Be 3.5
        $data['text'] | Should -Be 'hello wörld'
        $data.ZarrAttributes['title'] | Should -Be 'demo'
        $signal = $data['session1']['run1']['signal']
        $signal.GetLength(0) | Should -Be 200
        $signal[2, 3] | Should -Be ((2 * 30 + 3) / 4)
    }

    It 'takes piped files by value and returns the new arrays with -PassThru' {
        $store = [System.IO.Path]::Combine($work, 'piped.zarr')
        $nodes = [System.IO.DirectoryInfo]::new($work).GetFiles('*.npy') | ConvertTo-Zarr -Destination $store -Key raw -PassThru
        $nodes | Should -HaveCount 2
        (Import-Zarr -Path $store -Key raw/b) | Should -Be @(4, 5)
        (Import-Zarr -Path $store -Key raw/a)[2] | Should -Be 3
    }

    It 'takes piped objects by their PSPath, as Get-ChildItem emits them' {
        $store = [System.IO.Path]::Combine($work, 'bypath.zarr')
        [pscustomobject]@{ PSPath = "Microsoft.PowerShell.Core\FileSystem::$npyB" } | ConvertTo-Zarr -Destination $store
        (Import-Zarr -Path $store -Key b) | Should -Be @(4, 5)
    }

    It 'writes nothing with -WhatIf' {
        $store = [System.IO.Path]::Combine($work, 'whatif.zarr')
        ConvertTo-Zarr -LiteralPath $npyA -Destination $store -WhatIf
        $store | Should -Not -Exist
    }

    It 'refuses to replace an existing array without -Force and replaces it with -Force' {
        $store = [System.IO.Path]::Combine($work, 'force.zarr')
        ConvertTo-Zarr -LiteralPath $npyA -Destination $store
        { ConvertTo-Zarr -LiteralPath $npyA -Destination $store -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrNodeExists*'
        ConvertTo-Zarr -LiteralPath $npyA -Destination $store -Force -ZarrFormat 3
        (Import-Zarr -Path $store -Key a) | Should -Be @(1, 2, 3)
    }

    It 'reports a corrupt input as ZarrCorruptSource and leaves no store behind' {
        $bad = [System.IO.Path]::Combine($work, 'broken.h5')
        [System.IO.File]::WriteAllBytes($bad, [byte[]] (1..200))
        $store = [System.IO.Path]::Combine($work, 'broken.zarr')
        { ConvertTo-Zarr -LiteralPath $bad -Destination $store -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrCorruptSource*'
        $store | Should -Not -Exist
        ($store + '.partial') | Should -Not -Exist
    }

    It 'applies -Compressor and -ChunkShape' {
        $store = [System.IO.Path]::Combine($work, 'options.zarr')
        ConvertTo-Zarr -LiteralPath $npyA -Destination $store -Compressor gzip -ChunkShape 2 -ZarrFormat 2
        $meta = [System.Text.Json.JsonDocument]::Parse([System.IO.File]::ReadAllText([System.IO.Path]::Combine($store, 'a', '.zarray'))).RootElement
        $meta.GetProperty('compressor').GetProperty('id').GetString() | Should -Be 'gzip'
        $meta.GetProperty('chunks')[0].GetInt32() | Should -Be 2
    }
}
