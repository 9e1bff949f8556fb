BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
}

Describe 'Get-ZarrTree' {
    BeforeAll {
        $store = [System.IO.Path]::Combine($TestDrive, 'data.zarr')
        Save-Zarr -Path $store -Key sensors/environmental -InputObject @{ temperature = [double[]] (1..48); pressure = [float[]] (1..48) }
        Save-Zarr -Path $store -Key sensors/camera -InputObject @{ video = [byte[,,]]::new(4, 8, 8) } -ChunkShape 2, 8, 8
    }

    It 'emits one typed node per group and array, parents first' {
        $nodes = @(Get-ZarrTree -Path $store)
        ($nodes | ForEach-Object Key) | Should -Be @('/', 'sensors', 'sensors/camera', 'sensors/camera/video', 'sensors/environmental', 'sensors/environmental/pressure', 'sensors/environmental/temperature')
        $nodes[0] | Should -BeOfType ([SciTex.Zarr.PowerShell.Output.ZarrNodeInfo])
        $video = $nodes | Where-Object Name -EQ video
        $video.NodeType | Should -Be 'Array'
        $video.Shape | Should -Be @(4, 8, 8)
        $video.ChunkShape | Should -Be @(2, 8, 8)
        $video.DataType | Should -Be 'uint8'
        $video.Depth | Should -Be 3
    }

    It 'limits the walk with -Key and -Depth' {
        $children = @(Get-ZarrTree -Path $store -Key sensors -Depth 1 | Where-Object Depth -EQ 1 | ForEach-Object Name)
        $children | Should -Be @('camera', 'environmental')
        @(Get-ZarrTree -Path $store -Depth 0) | Should -HaveCount 1
    }

    It 'filters by name or key with -Include and -Exclude' {
        (Get-ZarrTree -Path $store -Include *temp* | ForEach-Object Key) | Should -Be 'sensors/environmental/temperature'
        @(Get-ZarrTree -Path $store -Exclude sensors/camera* | Where-Object Key -Like '*camera*') | Should -HaveCount 0
    }

    It 'reports stored bytes that show the effect of compression' {
        $plain = [System.IO.Path]::Combine($TestDrive, 'plain.zarr')
        $packed = [System.IO.Path]::Combine($TestDrive, 'packed.zarr')
        # Constant but not the fill value (0), so every chunk is written.
        $ones = [double[]]::new(20000)
        [System.Array]::Fill($ones, 1.0)
        Save-Zarr -Path $plain -InputObject @{ data = $ones } -Compressor none
        Save-Zarr -Path $packed -InputObject @{ data = $ones } -Compressor zstd
        $none = Get-ZarrTree -Path $plain -Key data
        $zstd = Get-ZarrTree -Path $packed -Key data
        $none.LogicalBytes | Should -Be 160000
        $none.StoredBytes | Should -BeGreaterOrEqual 160000
        $zstd.StoredBytes | Should -BeLessThan ($none.StoredBytes / 10)
        $zstd.CompressionRatio | Should -BeGreaterThan 10
    }

    It 'lists the subtree of a piped node' {
        $camera = Get-ZarrTree -Path $store -Key sensors/camera -Depth 0
        (@($camera | Get-ZarrTree) | ForEach-Object Key) | Should -Be @('sensors/camera', 'sensors/camera/video')
    }

    It 'reports a missing store as ZarrStoreNotFound' {
        { Get-ZarrTree -Path ([System.IO.Path]::Combine($TestDrive, 'nope.zarr')) -ErrorAction Stop } | Should -Throw -ErrorId 'ZarrStoreNotFound*'
    }
}
