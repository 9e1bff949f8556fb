# The module inside PowerShell itself: autoloading from $env:PSModulePath, fresh runspaces (ForEach-Object -Parallel,
# Start-ThreadJob) and dependency isolation. CI runs this file in a real pwsh with the module installed on PSModulePath.
BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
    $store = Join-Path $TestDrive 'shared.zarr'
    Save-Zarr -LiteralPath $store -InputObject @{ signal = [double[]] (1..100); meta = @{ fs = 30000 } }
    # A process that ships ZstdSharp itself (the xunit test host references the engine) answers from its default context.
    $processShipsZstd = ([string] [System.AppContext]::GetData('TRUSTED_PLATFORM_ASSEMBLIES')) -match '[\\/]ZstdSharp\.dll'
}

Describe 'SciTex.Zarr in PowerShell' {
    It 'is found on $env:PSModulePath and autoloads in a fresh runspace on first use' {
        $available = @(Get-Module -ListAvailable -Name SciTex.Zarr)
        $available | Should -Not -BeNullOrEmpty -Because 'the module folder sits in a folder on $env:PSModulePath'

        $shell = [powershell]::Create()   # a new runspace: nothing imported
        try {
            $null = $shell.AddScript('param($Store) [bool] (Get-Module SciTex.Zarr); Test-Zarr -LiteralPath $Store -Key signal; (Get-Module SciTex.Zarr).ModuleBase').AddArgument($store)
            $before, $exists, $base = $shell.Invoke()
            $shell.Streams.Error | Should -BeNullOrEmpty
        }
        finally { $shell.Dispose() }

        $before | Should -BeFalse
        $exists | Should -BeTrue
        $folders = $env:PSModulePath -split [System.IO.Path]::PathSeparator | Where-Object { $_ } | ForEach-Object { [System.IO.Path]::GetFullPath($_).TrimEnd('/', '\') }
        $folders | Should -Contain ([System.IO.Path]::GetFullPath((Join-Path $base '..')).TrimEnd('/', '\') -replace '[\\/]SciTex\.Zarr$', '')
    }

    It 'is loaded from a module folder on $env:PSModulePath when installed' -Skip:($env:SCITEX_ZARR_TEST_INSTALLED -ne '1') {
        $module = Get-Module SciTex.Zarr
        $module.ModuleBase | Should -Be (Get-Module -ListAvailable SciTex.Zarr)[0].ModuleBase
        $module.ModuleBase | Should -Not -BeLike '*[\/]out[\/]SciTex.Zarr'
    }

    It 'works in ForEach-Object -Parallel runspaces, each saving and reading its own store' {
        $counts = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            $path = Join-Path $using:TestDrive "parallel$_.zarr"
            Save-Zarr -LiteralPath $path -InputObject @{ a = [int[]] (1..($_ * 10)) }
            (Import-Zarr -LiteralPath $path -Key a).Length
        }
        $counts | Sort-Object | Should -Be @(10, 20, 30, 40)
    }

    It 'reads one store from several -Parallel runspaces at once' {
        $sums = 1..3 | ForEach-Object -Parallel {
            $window = Get-ZarrSlice -LiteralPath $using:store -Key signal '0:100'   # one double[], not unrolled
            ($window | Measure-Object -Sum).Sum
        }
        $sums | Should -Be @(5050, 5050, 5050)
    }

    It 'works in Start-ThreadJob' {
        if (-not (Get-Command Start-ThreadJob -ErrorAction Ignore)) {
            Set-ItResult -Skipped -Because 'Start-ThreadJob (module Microsoft.PowerShell.ThreadJob) ships with pwsh, not with the SDK; the real-pwsh CI run covers it'
            return
        }
        $job = Start-ThreadJob -ScriptBlock { param($Path) @(Get-ZarrTree -LiteralPath $Path).Count; (Import-Zarr -LiteralPath $Path -Key meta/fs) } -ArgumentList $store
        $nodes, $fs = $job | Receive-Job -Wait -AutoRemoveJob
        $nodes | Should -Be 4
        $fs | Should -Be 30000
    }

    It 'serves ZstdSharp from its private load context, also in -Parallel runspaces' {
        if ($processShipsZstd) {
            Set-ItResult -Skipped -Because 'this process lists ZstdSharp among its own assemblies; the embedded host and pwsh run this check'
            return
        }
        $contexts = 1..2 | ForEach-Object -Parallel {
            Save-Zarr -LiteralPath (Join-Path $using:TestDrive "iso$_.zarr") -InputObject @{ a = [double[]] (1..1000) } -Compressor zstd
            $zstd = @([System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ZstdSharp' })
            # One line per runspace: -Parallel interleaves the output of the runspaces.
            '{0}|{1}|{2}' -f $zstd.Count, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($zstd[0]).Name, (Split-Path -Leaf (Split-Path -Parent $zstd[0].Location))
        }
        $contexts | Should -Be @('1|SciTex.Zarr.Dependencies|Dependencies', '1|SciTex.Zarr.Dependencies|Dependencies')
    }

    It 'leaves the default load context free for another ZstdSharp' {
        if ($processShipsZstd) {
            Set-ItResult -Skipped -Because 'this process lists ZstdSharp among its own assemblies; the embedded host and pwsh run this check'
            return
        }
        $null = Import-Zarr -LiteralPath $store -Key signal   # zstd-compressed: the module has loaded its ZstdSharp
        $default = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | Where-Object { $_.GetName().Name -eq 'ZstdSharp' }
        $default | Should -BeNullOrEmpty -Because "another module's ZstdSharp must still be able to load into the default context"
    }
}
