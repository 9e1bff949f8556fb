BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
}

Describe 'Get-ZarrSlice' {
    BeforeAll {
        # 20 x 30 x 40 int32 array whose elements hold their flat index.
        $store = [System.IO.Path]::Combine($TestDrive, 'chunked.zarr')
        $count = 20 * 30 * 40
        $cube = [int[,,]]::new(20, 30, 40)
        [System.Buffer]::BlockCopy([System.Linq.Enumerable]::ToArray([System.Linq.Enumerable]::Range(0, $count)), 0, $cube, 0, $count * 4)
        Save-Zarr -Path $store -InputObject @{ data = $cube } -ChunkShape 5, 10, 10
        Set-ZarrAttribute -Path $store -Key data -Attributes @{ units = 'counts' }
        function Get-Expected([int] $i, [int] $j, [int] $k) { $i * 1200 + $j * 40 + $k }
    }

    It 'reads a NumPy-style window with its origin' {
        $slice = Get-ZarrSlice -Path $store -Key data -Selection '0:2, 5:15, 10:20'
        ($slice -is [int[,,]]) | Should -BeTrue
        $slice.GetLength(0) | Should -Be 2
        $slice.GetLength(1) | Should -Be 10
        $slice.GetLength(2) | Should -Be 10
        $slice[1, 9, 9] | Should -Be (Get-Expected 1 14 19)
        $slice.ZarrOrigin | Should -Be @(0, 5, 10)
        $slice.ZarrKey | Should -Be 'data'
    }

    It 'gives the same window for -Start/-End as for -Selection' {
        $a = Get-ZarrSlice -Path $store -Key data -Selection '3:6, 0:4, 7:9'
        $b = Get-ZarrSlice -Path $store -Key data -Start 3, 0, 7 -End 6, 4, 9
        $b[2, 3, 1] | Should -Be $a[2, 3, 1]
        $b[2, 3, 1] | Should -Be (Get-Expected 5 3 8)
    }

    It 'drops axes selected by an index and honours steps and negative indices' {
        $plane = Get-ZarrSlice -Path $store -Key data -Selection '-1, ::10, ::20'
        $plane.Rank | Should -Be 2
        $plane.GetLength(0) | Should -Be 3
        $plane.GetLength(1) | Should -Be 2
        $plane[2, 1] | Should -Be (Get-Expected 19 20 20)
        Get-ZarrSlice -Path $store -Key data -Selection '1, 2, 3' | Should -Be (Get-Expected 1 2 3)
    }

    It 'emits blocks along the first axis with -Stream' {
        $blocks = @(Get-ZarrSlice -Path $store -Key data -Selection '0:12, 0:2, 0:2' -Stream -BlockSize 5)
        $blocks | Should -HaveCount 3
        ($blocks | ForEach-Object { $_.GetLength(0) }) | Should -Be @(5, 5, 2)
        $blocks[2].ZarrOrigin[0] | Should -Be 10
    }

    It 'takes the store and key by property name from Get-ZarrTree' {
        $slice = Get-ZarrTree -Path $store -Key data | Get-ZarrSlice -Selection '0, 0, 0:3'
        $slice | Should -Be @(0, 1, 2)
        $slice.ZarrAttributes.units | Should -Be 'counts'
    }

    It 'reports bad selections as ZarrInvalidSelection' {
        { Get-ZarrSlice -Path $store -Key data -Selection '0:2, 99, 0' -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrInvalidSelection*'
        { Get-ZarrSlice -Path $store -Key data -Selection '0:2' -Start 0 } | Should -Throw -ErrorId 'ZarrInvalidSelection*'
    }

    It 'reports a missing array as ZarrKeyNotFound' {
        { Get-ZarrSlice -Path $store -Key nothing -Selection '0' -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrKeyNotFound*'
    }
}
