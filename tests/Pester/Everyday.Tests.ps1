# Everyday round trips and polish (issue 12): Import | Save is lossless, attribute number kinds, reserved attributes,
# option validation, error ids, output and views, selective import, member order and CliXml, ConvertTo-Zarr skips.
BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
    function New-StorePath([string] $Name) { [System.IO.Path]::Combine($TestDrive, $Name) }
}

Describe 'Import-Zarr | Save-Zarr round trip' {
    It 'saves an imported store again with its values, types, attributes, tables and nested groups' {
        $store = New-StorePath 'source.zarr'
        $records = @([pscustomobject]@{ x = 1; y = 'a' }, [pscustomobject]@{ x = 2; y = 'b' })
        Save-Zarr $store @{ a = [int[]] (1..5); m = [double[,]]::new(2, 3); g = @{ b = 2.5; s = 'x'; deep = @{ n = [long] 7 } }; t = $records; none = $null; mixed = @(1, 'a') } -Attributes @{ title = 'run'; n = 5 }
        Set-ZarrAttribute $store -Key g -Attributes @{ units = 'mV' }
        Set-ZarrAttribute $store -Key a -Attributes @{ units = 's' }
        Set-ZarrAttribute $store -Key g/deep -Attributes @{ level = 2 }
        $copy = New-StorePath 'copy.zarr'
        Save-Zarr $copy (Import-Zarr $store)

        $keys = Get-ZarrTree $copy | ForEach-Object Key
        $keys | Should -Not -Contain 'ZarrAttributes' -Because 'the decoration is not data'
        $keys | Should -Not -Contain 'ZarrKey'
        $keys | Should -Not -Contain 'g/ZarrAttributes'
        $back = Import-Zarr $copy
        $back.ZarrAttributes.title | Should -Be 'run'
        $back.ZarrAttributes.n | Should -Be 5
        $back.g.ZarrAttributes.units | Should -Be 'mV'
        $back.g.deep.ZarrAttributes.level | Should -Be 2
        $back.a.ZarrAttributes.units | Should -Be 's'
        ($back.a -is [int[]]) | Should -BeTrue
        ($back.m -is [double[,]]) | Should -BeTrue
        $back.g.deep.n | Should -BeOfType ([long])
        $back.none | Should -BeNullOrEmpty
        $back.mixed | Should -Be @(1, 'a')
        $back.t | Should -HaveCount 2
        $back.t[1].y | Should -Be 'b'
        (Get-ZarrTree $copy -Key t).Attributes.Keys | Should -BeNullOrEmpty
    }

    It 'keeps ZarrAttributes and ZarrKey reachable by name but out of Format-List, Format-Table and nested text' {
        $store = New-StorePath 'view.zarr'
        Save-Zarr $store @{ a = 1; g = @{ b = 2 } } -Attributes @{ title = 'run' }
        Set-ZarrAttribute $store -Key g -Attributes @{ units = 'mV' }
        $o = Import-Zarr $store
        $o.ZarrAttributes.title | Should -Be 'run'
        $o.ZarrKey | Should -Be '/'
        $o.g.ZarrKey | Should -Be 'g'
        $list = $o | Format-List | Out-String
        $list | Should -Not -Match 'ZarrAttributes'
        $list | Should -Not -Match 'ZarrKey'
        $list | Should -Match '@\{b=2\}'
        ($o | Format-Table | Out-String) | Should -Not -Match 'ZarrKey'
        ($o.psobject.Properties.Name) | Should -Contain 'ZarrAttributes'
    }

    It 'lets explicit -Attributes override the attributes an imported group carries' {
        $store = New-StorePath 'override.zarr'
        Save-Zarr $store @{ a = 1 } -Attributes @{ title = 'old'; keep = 1 }
        $copy = New-StorePath 'override-copy.zarr'
        Save-Zarr $copy (Import-Zarr $store) -Attributes @{ title = 'new' }
        $attributes = (Import-Zarr $copy).ZarrAttributes
        $attributes.title | Should -Be 'new'
        $attributes.keep | Should -Be 1
    }
}

Describe 'Attribute number kinds' {
    It 'reads integers as Int64 (BigInteger when wider) and reals as Double, like ConvertFrom-Json' {
        $store = New-StorePath 'numbers.zarr'
        Save-Zarr $store @{ a = 1 }
        Set-ZarrAttribute $store -Attributes @{ n = 5; big = 5000000000; huge = [bigint]::Parse('123456789012345678901234567890'); real = 2.5; one = 1.0; nested = @{ x = 1 }; list = @(1, 2) }
        $a = (Import-Zarr $store).ZarrAttributes
        $a.n | Should -BeOfType ([long])
        $a.n | Should -Be 5
        $a.big | Should -BeOfType ([long])
        $a.huge | Should -BeOfType ([System.Numerics.BigInteger])
        $a.huge.ToString() | Should -Be '123456789012345678901234567890'
        $a.real | Should -BeOfType ([double])
        $a.one | Should -BeOfType ([double])
        $a.nested.x | Should -BeOfType ([long])
        $a.list[0] | Should -BeOfType ([long])
        $json = Get-Content -Raw ([System.IO.Path]::Combine($store, 'zarr.json'))
        $json | Should -Match '"one": 1\.0'
        $json | Should -Match '"n": 5[,\s]'
        $fromJson = ($json | ConvertFrom-Json).attributes
        foreach ($name in 'n', 'big', 'real', 'one') { $a[$name].GetType() | Should -Be $fromJson.$name.GetType() }
    }

    It 'shows the same kinds in Get-ZarrTree and Get-ZarrSlice' {
        $store = New-StorePath 'kinds.zarr'
        Save-Zarr $store @{ a = [int[]] (1, 2) }
        Set-ZarrAttribute $store -Key a -Attributes @{ n = 3; r = 0.5 }
        (Get-ZarrTree $store -Key a).Attributes.n | Should -BeOfType ([long])
        (Get-ZarrSlice $store -Key a '0:1').ZarrAttributes.r | Should -BeOfType ([double])
    }
}

Describe 'Reserved attribute names' {
    It 'refuses a reserved name in Save-Zarr -Attributes before writing anything' {
        $store = New-StorePath 'reserved.zarr'
        { Save-Zarr $store @{ a = 1 } -Attributes @{ _type = 'x' } -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrReservedAttribute*'
        $store | Should -Not -Exist
    }

    It 'refuses to set or remove a reserved name with Set-ZarrAttribute, naming store and key' {
        $store = New-StorePath 'reserved-set.zarr'
        Save-Zarr $store @{ nothing = $null; t = @([pscustomobject]@{ x = 1 }, [pscustomobject]@{ x = 2 }) }
        $err = $null
        Set-ZarrAttribute $store -Key nothing -Remove _type -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ZarrReservedAttribute*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match 'nothing'
        { Set-ZarrAttribute $store -Key t -Attributes @{ _table_columns = 'y' } -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrReservedAttribute*'
        (Import-Zarr $store).nothing | Should -BeNullOrEmpty -Because 'the pickle marker is still there'
        (Import-Zarr $store -Key nothing) | Should -BeNullOrEmpty
        @(Import-Zarr $store -Key t) | Should -HaveCount 2
    }
}

Describe 'Chunk and shard shape validation' {
    BeforeAll {
        $matrix = [int[,]]::new(10, 10)
    }

    It 'refuses <Case> with ZarrInvalidChunkShape before writing anything' -TestCases @(
        @{ Case = 'a misspelt -ChunkShape key'; Options = @{ ChunkShape = @{ nosuch = 5, 5 } } }
        @{ Case = 'a -ChunkShape of the wrong rank'; Options = @{ ChunkShape = 5 } }
        @{ Case = 'a -ChunkShape table entry of the wrong rank'; Options = @{ ChunkShape = @{ m = 5 } } }
        @{ Case = 'a shard that is not a multiple of the chunk'; Options = @{ ChunkShape = 5, 5; ShardShape = 7, 7 } }
        @{ Case = 'a -ShardShape of the wrong rank'; Options = @{ ShardShape = 7 } }
        @{ Case = 'a zero chunk size'; Options = @{ ChunkShape = 0, 5 } }
    ) {
        param($Case, $Options)
        $store = New-StorePath "shape-$([guid]::NewGuid()).zarr"
        { Save-Zarr $store @{ m = $matrix } @Options -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrInvalidChunkShape*'
        $store | Should -Not -Exist
    }

    It 'still applies a common -ChunkShape to the arrays of its rank only' {
        $store = New-StorePath 'mixed-rank.zarr'
        Save-Zarr $store @{ m = $matrix; v = [int[]] (1..20) } -ChunkShape 5
        (Get-ZarrTree $store -Key v).ChunkShape | Should -Be @(5)
        (Get-ZarrTree $store -Key m).ChunkShape | Should -Be @(10, 10)
    }

    It 'shows a sharded array''s inner chunk as ChunkShape and its shard as ShardShape' {
        $store = New-StorePath 'sharded.zarr'
        Save-Zarr $store @{ m = $matrix } -ChunkShape 5, 5 -ShardShape 10, 10
        $node = Get-ZarrTree $store -Key m
        $node.ChunkShape | Should -Be @(5, 5)
        $node.ShardShape | Should -Be @(10, 10)
        $node.ChunkText | Should -Be '5,5/10,10'
        (Get-ZarrTree $store -Key m | Out-String) | Should -Match '5,5/10,10'
        $plain = New-StorePath 'plain.zarr'
        Save-Zarr $plain @{ m = $matrix } -ChunkShape 5, 5
        (Get-ZarrTree $plain -Key m).ShardShape | Should -BeNullOrEmpty
    }

    It 'fits automatic chunks inside a requested shard' {
        $store = New-StorePath 'auto-shard.zarr'
        Save-Zarr $store @{ m = $matrix } -ShardShape 6, 4
        $node = Get-ZarrTree $store -Key m
        $node.ShardShape[0] % $node.ChunkShape[0] | Should -Be 0
        $node.ShardShape[1] % $node.ChunkShape[1] | Should -Be 0
        (Import-Zarr $store -Key m)[9, 9] | Should -Be 0
    }
}

Describe 'Error ids for the wrong kind of node or path' {
    BeforeAll {
        $store = New-StorePath 'kinds-of-nodes.zarr'
        Save-Zarr $store @{ g = @{ a = [int[]] (1, 2, 3) }; arr = [int[]] (1, 2) }
    }

    It 'reports a group used as an array as ZarrNotAnArray, naming the key' {
        $err = $null
        Get-ZarrSlice $store -Key g '0' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ZarrNotAnArray*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $err[0].Exception.Message | Should -Match "'g'"
    }

    It 'reports an array used as a group as ZarrNotAGroup' {
        { Save-Zarr $store -Key arr/inner -InputObject @{ b = 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrNotAGroup*'
        { Save-Zarr $store -Key arr/inner -InputObject @{ b = 1 } -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrNotAGroup*'
    }

    It 'reports a folder that is not a Zarr store as ZarrNotAStore, and a missing path as ZarrStoreNotFound' {
        $folder = New-StorePath 'plain-folder'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Set-Content -Path ([System.IO.Path]::Combine($folder, 'notes.txt')) -Value 'x'
        $err = $null
        Import-Zarr $folder -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ZarrNotAStore*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        { Get-ZarrTree $folder -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrNotAStore*'
        { Import-Zarr (New-StorePath 'missing.zarr') -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrStoreNotFound*'
        { Import-Zarr $store -Key nothing -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrKeyNotFound*'
    }
}

Describe 'Output: -PassThru, -Verbose and the tree view' {
    BeforeAll {
        function New-Npy([string] $Path, [double[]] $Values) {
            $header = "{'descr': '<f8', 'fortran_order': False, 'shape': ($($Values.Count),), }".PadRight(117) + "`n"
            $bytes = [System.Collections.Generic.List[byte]]::new()
            $bytes.AddRange([byte[]] (0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, $header.Length, 0))
            $bytes.AddRange([System.Text.Encoding]::ASCII.GetBytes($header))
            foreach ($v in $Values) { $bytes.AddRange([System.BitConverter]::GetBytes($v)) }
            [System.IO.File]::WriteAllBytes($Path, $bytes.ToArray())
        }
    }

    It 'Save-Zarr -PassThru returns every node written, nested members included' {
        $store = New-StorePath 'passthru.zarr'
        $nodes = Save-Zarr $store @{ a = 1; g = @{ b = 2; h = @{ c = 3 } } } -PassThru
        ($nodes.Key | Sort-Object) | Should -Be @('a', 'g', 'g/b', 'g/h', 'g/h/c')
    }

    It 'ConvertTo-Zarr -PassThru returns every node of the converted file' {
        $folder = New-StorePath 'npz-src'
        New-Item -ItemType Directory -Path $folder | Out-Null
        New-Npy ([System.IO.Path]::Combine($folder, 'x.npy')) @(1, 2, 3)
        New-Npy ([System.IO.Path]::Combine($folder, 'y.npy')) @(4, 5)
        $npz = New-StorePath 'pair.npz'
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        [System.IO.Compression.ZipFile]::CreateFromDirectory($folder, $npz)
        $nodes = ConvertTo-Zarr -LiteralPath $npz -Destination (New-StorePath 'npz.zarr') -PassThru
        $nodes.Key | Should -Be @('/', 'x', 'y')
        $nodes[1].Depth | Should -Be 1
    }

    It 'says with -Verbose what <Command> read or wrote' -TestCases @(
        @{ Command = 'Save-Zarr'; Script = { param($s) Save-Zarr "$s-v" @{ a = [int[]] (1..10); g = @{ b = 1 } } -Verbose }; Pattern = 'Saved 3 nodes \(1 group, 2 arrays\).*2 chunks, 44 B of data.* in \d+ m?s' }
        @{ Command = 'Import-Zarr'; Script = { param($s) Import-Zarr $s -Verbose | Out-Null }; Pattern = 'Read 3 nodes \(2 groups, 1 array\).*1 chunk, 80 B of data, in \d+ m?s' }
        @{ Command = 'Get-ZarrSlice'; Script = { param($s) Get-ZarrSlice $s -Key g/m '0:2' -Verbose | Out-Null }; Pattern = 'Read a window of 2 .*1 chunk of 1 read, 16 B of data' }
        @{ Command = 'Get-ZarrTree'; Script = { param($s) Get-ZarrTree $s -Verbose | Out-Null }; Pattern = 'Listed 3 nodes .*by reading each node''s metadata, showed 3' }
    ) {
        param($Command, $Script, $Pattern)
        $store = New-StorePath "verbose-$Command.zarr"
        Save-Zarr $store @{ g = @{ m = [double[]] (1..10) } }
        $verbose = & $Script $store 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -join "`n") | Should -Match $Pattern
    }

    It 'fits the tree in 80 columns with short codecs, Stored and Ratio, pickled nodes and group totals' {
        $store = New-StorePath 'tree80.zarr'
        Save-Zarr $store @{ raw_signals = [double[,]]::new(64, 300); config = @{ fs = 30000; nothing = $null }; a_rather_long_array_name_here = [int[]] (1..100) }
        $text = Get-ZarrTree $store | Out-String -Width 80
        foreach ($line in $text -split "`r?`n") { $line.Length | Should -BeLessOrEqual 80 -Because "'$line' must fit" }
        $text | Should -Match 'Stored'
        $text | Should -Match 'Ratio'
        $text | Should -Match 'zstd:3'
        $text | Should -Not -Match 'checksum'
        $text | Should -Match 'nothing\s+\(\d+,\)\s+pickled'
        $text | Should -Match '\[config\]\s+2 members'
        $root = Get-ZarrTree $store -Depth 0
        $root.MemberCount | Should -Be 3
        $root.TotalBytes | Should -BeGreaterThan ((Get-ZarrTree $store -Key raw_signals).StoredBytes)
        (Get-ZarrTree $store -Key config/nothing).StoredAs | Should -Be 'pickled'
    }

    It 'shows deserialized nodes (Start-Job, Import-Clixml) in the same tree view' {
        $store = New-StorePath 'deserialized.zarr'
        Save-Zarr $store @{ a = [int[]] (1..10) }
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize(@(Get-ZarrTree $store)))
        $copy[0].pstypenames[0] | Should -Be 'Deserialized.SciTex.Zarr.PowerShell.Output.ZarrNodeInfo'
        $text = $copy | Out-String -Width 80
        $text | Should -Match 'Hierarchy\s+Shape\s+DataType'
        $text | Should -Match '\s+a\s+\(10,\)\s+int32'
    }
}

Describe 'Selective import and cheap listing' {
    BeforeAll {
        $store = New-StorePath 'workflow.zarr'
        Save-Zarr $store @{
            config    = @{ fs = 30000; name = 'run' }
            raw       = [double[]] (1..1000)
            processed = @{ filtered_sec_1 = [int[]] (1, 2); filtered_sec_2 = [int[]] (3); other = 5; deep = @{ x = 1 } }
        }
        # Corrupt the raw array's only chunk: any read of it fails, so tests prove it is never read.
        $chunk = Get-ChildItem -Recurse -File ([System.IO.Path]::Combine($store, 'raw', 'c')) | Select-Object -First 1
        [System.IO.File]::WriteAllBytes($chunk.FullName, [byte[]] (1, 2, 3))
    }

    It 'loads only what -Include names, without reading other arrays' {
        { Import-Zarr $store -ErrorAction Stop } | Should -Throw -Because 'the raw array is unreadable, so loading it fails'
        $o = Import-Zarr $store -Include config
        $o.config.fs | Should -Be 30000
        $o.psobject.Properties.Name | Should -Not -Contain 'raw'
        $o.psobject.Properties.Name | Should -Not -Contain 'processed'
    }

    It 'leaves out what -Exclude names' {
        $o = Import-Zarr $store -Exclude raw, deep
        $o.processed.other | Should -Be 5
        $o.processed.psobject.Properties.Name | Should -Not -Contain 'deep'
        $o.psobject.Properties.Name | Should -Not -Contain 'raw'
    }

    It 'stops at -Depth: groups at the last level come back without members' {
        $o = Import-Zarr $store -Key processed -Depth 1
        $o.other | Should -Be 5
        @($o.deep.psobject.Properties.Where({ $_.MemberType -eq 'NoteProperty' -and $_.Name -notlike 'Zarr*' })) | Should -HaveCount 0
        (Import-Zarr $store -Key processed -Depth 0 -AsHashtable).Count | Should -Be 0
    }

    It 'expands a wildcard -Key into one result per matching node' {
        $results = @(Import-Zarr $store -Key 'processed/filtered_sec_*')
        $results | Should -HaveCount 2
        $results[0].ZarrKey | Should -Be 'processed/filtered_sec_1'
        $results[1] | Should -Be @(3)
        { Import-Zarr $store -Key 'processed/nothing_*' -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrKeyNotFound*'
    }

    It 'lists child keys cheaply with Get-ZarrTree -Name' {
        Get-ZarrTree $store -Key processed -Depth 1 -Name | Should -Be @('processed/deep', 'processed/filtered_sec_1', 'processed/filtered_sec_2', 'processed/other')
        Get-ZarrTree $store -Depth 1 -Name | Should -Be @('config', 'processed', 'raw')
    }
}

Describe 'Member order and CliXml' {
    It 'keeps the member order of ordered dictionaries and PSCustomObjects' {
        $store = New-StorePath 'order.zarr'
        Save-Zarr $store ([ordered]@{ zeta = 1; alpha = 2; mid = [ordered]@{ z = 1; a = 2 }; obj = [pscustomobject]@{ y = 1; b = 2 } })
        (Import-Zarr $store).psobject.Properties.Where({ $_.MemberType -eq 'NoteProperty' }).Name | Should -Be @('zeta', 'alpha', 'mid', 'obj', 'ZarrAttributes', 'ZarrKey')
        @((Import-Zarr $store -AsHashtable).Keys) | Should -Be @('zeta', 'alpha', 'mid', 'obj')
        @((Import-Zarr $store -Key mid -AsHashtable).Keys) | Should -Be @('z', 'a')
        @((Import-Zarr $store -Key obj -AsHashtable).Keys) | Should -Be @('y', 'b')
        (Import-Zarr $store).ZarrAttributes.Keys | Should -Not -Contain '_member_order'
        $json = Get-Content -Raw ([System.IO.Path]::Combine($store, 'zarr.json')) | ConvertFrom-Json
        $json.attributes._member_order | Should -Be @('zeta', 'alpha', 'mid', 'obj')
        # Members added later come after the recorded ones.
        Save-Zarr $store ([ordered]@{ beta = 3 })
        @((Import-Zarr $store -AsHashtable).Keys) | Should -Be @('zeta', 'alpha', 'mid', 'obj', 'beta')
    }

    It 'keeps name order for hashtables, whose order is arbitrary, and writes no order attribute' {
        $store = New-StorePath 'hash-order.zarr'
        Save-Zarr $store @{ zeta = 1; alpha = 2; mid = 3 }
        @((Import-Zarr $store -AsHashtable).Keys) | Should -Be @('alpha', 'mid', 'zeta')
        (Get-Content -Raw ([System.IO.Path]::Combine($store, 'zarr.json'))) | Should -Not -Match '_member_order'
    }

    It 'refuses objects with no Zarr mapping unless -UseCliXml is given' {
        $store = New-StorePath 'clixml.zarr'
        { Save-Zarr $store @{ id = [guid]::NewGuid() } -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrUnsupportedValueType*'
        $id = [guid]'0f8fad5b-d9cb-469f-a165-70867728950e'
        $file = Get-Item -LiteralPath $PSCommandPath
        Save-Zarr $store @{ id = $id; version = [version]'1.2.3'; file = $file; n = 5 } -UseCliXml
        $back = Import-Zarr $store
        $back.id | Should -BeOfType ([guid])
        $back.id | Should -Be $id
        $back.version | Should -Be ([version]'1.2.3')
        $back.file.pstypenames[0] | Should -Be 'Deserialized.System.IO.FileInfo'
        $back.file.Name | Should -Be $file.Name
        $back.n | Should -BeOfType ([int]) -Because 'values with a Zarr mapping are stored as usual'
        (Get-ZarrTree $store -Key id).StoredAs | Should -Be 'clixml'
        (Get-ZarrTree $store -Key id).DataType | Should -Be 'string'
    }

    It 'loads CliXml without running code or resolving external entities' {
        $store = New-StorePath 'clixml-hostile.zarr'
        Save-Zarr $store @{ v = [version]'1.0' } -UseCliXml
        $hostile = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S>&e;</S></Objs>'
        Remove-Item -Recurse -Force ([System.IO.Path]::Combine($store, 'v'))
        Save-Zarr $store @{ v = $hostile }
        Set-Content -LiteralPath ([System.IO.Path]::Combine($store, 'v', 'zarr.json')) -Value ((Get-Content -Raw ([System.IO.Path]::Combine($store, 'v', 'zarr.json'))) -replace '"attributes": \{\s*\}', '"attributes": { "_type": "clixml" }')
        $err = $null
        $value = Import-Zarr $store -Key v -ErrorVariable err -ErrorAction SilentlyContinue
        "$value" | Should -Not -Match 'root:'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ZarrCorruptChunk*'
        $err[0].Exception.Message | Should -Match "key 'v'"
    }
}

Describe 'ConvertTo-Zarr converts what it can' {
    BeforeAll {
        $script:mixed = New-StorePath 'mixed.h5'
        $python = @'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("ok", data=np.arange(3))
    f.create_dataset("records", data=np.zeros(3, dtype=[("a", "i4"), ("b", "f8")]))
    f.create_dataset("labels", data=np.array([b"ab", b"cde", b""], dtype="S3"))
    tid = h5py.h5t.C_S1.copy(); tid.set_size(3); tid.set_cset(h5py.h5t.CSET_UTF8)
    h5py.h5d.create(f.id, b"utf8", tid, h5py.h5s.create_simple((2,))).write(h5py.h5s.ALL, h5py.h5s.ALL, np.array(["h\u00e9".encode(), b"x"], dtype="S3"), mtype=tid)
    g = f.create_group("session")
    g.create_dataset("signal", data=np.arange(6.0).reshape(2, 3))
    g.create_dataset("events", data=np.arange(4))
    f.create_group("other").create_dataset("noise", data=np.ones(2))
'@
        $pyFile = New-StorePath 'make_mixed.py'
        Set-Content -LiteralPath $pyFile -Value $python
        $script:h5Missing = Get-MissingPythonPeer h5py python3-h5py
        if (-not $h5Missing) {
            & $PythonPeer $pyFile $mixed
            if ($LASTEXITCODE -ne 0) { throw 'h5py could not write the HDF5 input: apt-get install -y python3-h5py' }
        }
    }

    It 'skips a dataset it cannot convert with a warning naming it, and converts the rest' {
        if ($h5Missing) { Set-ItResult -Skipped -Because $h5Missing; return }
        $store = New-StorePath 'mixed.zarr'
        $warnings = $null
        ConvertTo-Zarr -LiteralPath $mixed -Destination $store -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -Match "dataset '/records' was skipped"
        ($warnings -join "`n") | Should -Match 'compound'
        (Import-Zarr $store -Key ok) | Should -Be @(0, 1, 2)
        (Test-Zarr $store -Key records) | Should -BeFalse
    }

    It 'fails the file, writing nothing, with -Strict' {
        if ($h5Missing) { Set-ItResult -Skipped -Because $h5Missing; return }
        $store = New-StorePath 'strict.zarr'
        { ConvertTo-Zarr -LiteralPath $mixed -Destination $store -Strict -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrUnsupportedDataType*'
        $store | Should -Not -Exist
    }

    It 'converts ASCII and UTF-8 fixed-length strings to Zarr strings' {
        if ($h5Missing) { Set-ItResult -Skipped -Because $h5Missing; return }
        $store = New-StorePath 'strings.zarr'
        ConvertTo-Zarr -LiteralPath $mixed -Destination $store -WarningAction SilentlyContinue
        $labels = Import-Zarr $store -Key labels
        ($labels -is [string[]]) | Should -BeTrue
        $labels | Should -Be @('ab', 'cde', '')
        (Import-Zarr $store -Key utf8) | Should -Be @("h$([char]0xe9)", 'x')
        (Get-ZarrTree $store -Key labels).DataType | Should -Be 'string'
    }

    It 'selects datasets with -Include and -Exclude' {
        if ($h5Missing) { Set-ItResult -Skipped -Because $h5Missing; return }
        $store = New-StorePath 'selected.zarr'
        ConvertTo-Zarr -LiteralPath $mixed -Destination $store -Include session -Exclude events
        $keys = Get-ZarrTree $store -Name
        $keys | Should -Be @('session', 'session/signal')
        $store2 = New-StorePath 'selected2.zarr'
        ConvertTo-Zarr -LiteralPath $mixed -Destination $store2 -Exclude records, 'other'
        Get-ZarrTree $store2 -Depth 1 -Name | Should -Be @('labels', 'ok', 'session', 'utf8')
    }

    It 'refuses a misspelt -ChunkShape key with ZarrInvalidChunkShape' {
        if ($h5Missing) { Set-ItResult -Skipped -Because $h5Missing; return }
        $store = New-StorePath 'chunk-typo.zarr'
        { ConvertTo-Zarr -LiteralPath $mixed -Destination $store -ChunkShape @{ signall = 1, 3 } -WarningAction SilentlyContinue -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrInvalidChunkShape*'
        $store | Should -Not -Exist
    }
}
