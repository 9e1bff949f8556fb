BeforeAll {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'TestHelpers.ps1'))
    $manifestText = [System.IO.File]::ReadAllText($ModuleManifestPath)
    $declaredVersion = [regex]::Match($manifestText, "ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value
}

Describe 'SciTex.Zarr module' {
    It 'is imported as a binary module' {
        $module = Get-Module SciTex.Zarr
        $module | Should -HaveCount 1
        $module.ModuleType | Should -Be 'Binary'
    }

    It 'has a valid manifest' {
        $manifest = Test-ModuleManifest -Path $ModuleManifestPath -ErrorAction Stop
        $manifest.Name | Should -Be 'SciTex.Zarr'
        $manifest.RootModule | Should -Be 'SciTex.Zarr.PowerShell.dll'
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
    }

    It 'loads the version written in the manifest' {
        $declaredVersion | Should -Match '^\d+\.\d+\.\d+$'
        (Get-Module SciTex.Zarr).Version.ToString() | Should -Be $declaredVersion
        (Test-ModuleManifest -Path $ModuleManifestPath).Version.ToString() | Should -Be $declaredVersion
    }

    It 'exports only cmdlets that the manifest lists, and no functions, variables or aliases' {
        $module = Get-Module SciTex.Zarr
        $listed = (Test-ModuleManifest -Path $ModuleManifestPath).ExportedCmdlets.Keys
        foreach ($name in $module.ExportedCmdlets.Keys) { $name | Should -BeIn $listed }
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
    }

    It 'serves its shipped dependencies from a private load context, not the default one' {
        # A process that ships ZstdSharp itself (the xunit test host references the engine) answers from its default context
        # before any module is asked; pwsh and the embedded host do not, and there the module's handler must answer.
        $trusted = [string][System.AppContext]::GetData('TRUSTED_PLATFORM_ASSEMBLIES')
        if ($trusted -match '[\\/]ZstdSharp\.dll') {
            Set-ItResult -Skipped -Because 'this process lists ZstdSharp among its own assemblies; the embedded host and pwsh run this check'
            return
        }

        # Asking the default context by name goes through the module's Resolving handler, exactly as the engine's first
        # use of ZstdSharp does. (If another module already put a ZstdSharp in the default context, this fails: by design.)
        $zstd = [System.Reflection.Assembly]::Load('ZstdSharp')
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($zstd)
        $context | Should -Not -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
        $context.Name | Should -Be 'SciTex.Zarr.Dependencies'
        [System.IO.Path]::GetFileName([System.IO.Path]::GetDirectoryName($zstd.Location)) | Should -Be 'Dependencies'
    }

    It 'carries what a gallery listing needs, with the newest CHANGELOG.md section as release notes' {
        $manifest = Test-ModuleManifest -Path $ModuleManifestPath -ErrorAction Stop
        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.Tags | Should -Contain 'Zarr'
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $changelog = Get-Content -Raw ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'CHANGELOG.md'))
        $newest = [regex]::Match($changelog, '(?ms)^## \S+\s*\r?\n(.*?)(?=^## |\z)').Groups[1].Value.Trim()
        $newest | Should -Not -BeNullOrEmpty
        ($manifest.ReleaseNotes -replace '\r\n', "`n").Trim() | Should -Be ($newest -replace '\r\n', "`n")
    }

    It 'finds the about_SciTex.Zarr topic with Get-Help' {
        $topic = Get-Help about_SciTex.Zarr
        ($topic | Out-String) | Should -Match 'TYPE MAPPING'
    }
}

Describe '<Command> -<Parameter>' -ForEach @(
    @{ Command = 'Save-Zarr'; Parameter = 'Path'; Type = 'string[]'; Mandatory = $true; Position = 0; Alias = $null }
    @{ Command = 'Save-Zarr'; Parameter = 'InputObject'; Type = 'object'; Mandatory = $true; Position = 1; Alias = $null }
    @{ Command = 'Import-Zarr'; Parameter = 'LiteralPath'; Type = 'string[]'; Mandatory = $true; Position = $null; Alias = 'PSPath' }
    @{ Command = 'Get-ZarrTree'; Parameter = 'Key'; Type = 'string'; Mandatory = $false; Position = $null; Alias = $null }
    @{ Command = 'Get-ZarrSlice'; Parameter = 'Key'; Type = 'string'; Mandatory = $true; Position = $null; Alias = $null }
    @{ Command = 'Test-Zarr'; Parameter = 'Path'; Type = 'string[]'; Mandatory = $true; Position = 0; Alias = $null }
) {
    It 'has the documented type, mandatory flag, position and alias' {
        $arguments = @{ ParameterName = $Parameter; Type = $Type; Mandatory = $Mandatory }
        if ($Alias) { $arguments.Alias = $Alias }
        Get-Command $Command | Should -HaveParameter @arguments
        if ($null -ne $Position) {
            (Get-Command $Command).Parameters[$Parameter].ParameterSets.Values.Position | Should -Contain $Position
        }
    }
}
