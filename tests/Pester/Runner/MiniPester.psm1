# A small Pester 5 look-alike for hosts that only have the Microsoft.PowerShell.Core cmdlets (the embedded
# SciTex.Zarr host, the xunit bridge). It runs the subset of Pester described in tests/Pester/README.md, with
# Pester 5's two phases: Discovery runs the Describe/Context bodies to collect blocks and tests; Run executes
# BeforeAll/It/AfterAll. Only Core cmdlets and .NET calls are used on purpose.
#
# Scoping works like Pester 5 because this is a module: calling Describe or It does not push a scope in the test
# file's session state, so `. $block` lands in the caller's current scope and `& $block` in a new child of it.
# To give each Describe/Context/It its own scope during Run, a tiny unbound script block is run *in the test
# file's session state* (InvokeScript with a SessionState) and opens a child scope there before calling back here.

. ([System.IO.Path]::Combine($PSScriptRoot, 'Should.ps1'))

$script:State = $null

# Runs in the user's session state (dot-sourced there by InvokeScript); the inner `& { }` opens a new user scope.
$script:UserScopeOpener = [scriptblock]::Create('param($__mpInner) & { param($__mpBody) & $__mpBody } $__mpInner')
$script:UserFileRunner = [scriptblock]::Create('param($__mpPath) & $__mpPath')

# Thrown by Set-ItResult to end a test early with a non-failing result.
class MiniPesterItResult : System.Exception {
    [string] $Result
    MiniPesterItResult([string] $result, [string] $message) : base($message) { $this.Result = $result }
}

function New-MiniPesterBlock([string] $Name, [string] $Kind, $Parent, [bool] $Skip) {
    [pscustomobject]@{
        Name       = $Name
        Kind       = $Kind
        Parent     = $Parent
        Skip       = $Skip -or ($null -ne $Parent -and $Parent.Skip)
        Children   = [System.Collections.Generic.List[object]]::new()
        BeforeAll  = [System.Collections.Generic.List[scriptblock]]::new()
        AfterAll   = [System.Collections.Generic.List[scriptblock]]::new()
        BeforeEach = [System.Collections.Generic.List[scriptblock]]::new()
        AfterEach  = [System.Collections.Generic.List[scriptblock]]::new()
    }
}

function Get-MiniPesterBlockPath($Block) {
    $names = [System.Collections.Generic.List[string]]::new()
    for ($b = $Block; $null -ne $b.Parent; $b = $b.Parent) { $names.Insert(0, $b.Name) }
    $names
}

function Add-MiniPesterResult($Block, [string] $Name, [string] $Result, [string] $Message, [timespan] $Duration, [string] $Kind = 'Test') {
    $path = @(Get-MiniPesterBlockPath $Block) + $Name
    $script:State.Results.Add([pscustomobject]@{
            File     = $script:State.File
            Path     = $path -join ' > '
            Name     = $Name
            Result   = $Result
            Message  = $Message
            Duration = $Duration
            Kind     = $Kind
        })
}

function Invoke-InNewUserScope([scriptblock] $Body) {
    $userState = $script:State.UserState
    $null = $userState.InvokeCommand.InvokeScript($userState, $script:UserScopeOpener, @($Body))
}

function Assert-Discovery([string] $Command) {
    if ($null -eq $script:State) { throw "$Command must be called inside a test file run by Invoke-MiniPester." }
    if ($script:State.Phase -ne 'Discovery') { throw "$Command must be called directly in a Describe or Context body, not inside It or BeforeAll." }
}

function Add-MiniPesterBlock([string] $Kind, [string] $Name, [scriptblock] $Fixture, [bool] $Skip) {
    Assert-Discovery $Kind
    $parent = $script:State.CurrentBlock
    $block = New-MiniPesterBlock -Name $Name -Kind $Kind -Parent $parent -Skip $Skip
    $parent.Children.Add($block)
    $script:State.CurrentBlock = $block
    try {
        $null = & $Fixture
    }
    catch {
        Add-MiniPesterResult $parent $Name 'Failed' "Discovery failed: $($_.Exception.Message) $(Get-ErrorPosition $_)" ([timespan]::Zero) 'Block'
    }
    finally {
        $script:State.CurrentBlock = $parent
    }
}

function Describe {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [scriptblock] $Fixture,
        [string[]] $Tag,
        [switch] $Skip
    )
    Add-MiniPesterBlock $MyInvocation.MyCommand.Name $Name $Fixture $Skip.IsPresent
}

# Context is Describe under another name (the block kind comes from the name it was called by).
${function:Context} = ${function:Describe}

function It {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [scriptblock] $Test,
        [Alias('TestCases')] [object[]] $ForEach,
        [string[]] $Tag,
        [switch] $Skip
    )
    Assert-Discovery 'It'
    $block = $script:State.CurrentBlock
    $cases = @($null) # one test without data
    if ($PSBoundParameters.ContainsKey('ForEach')) { $cases = $ForEach }
    foreach ($case in $cases) {
        $block.Children.Add([pscustomobject]@{
                Name = Expand-MiniPesterName $Name $case
                Body = $Test
                Data = $case
                Skip = $Skip.IsPresent -or $block.Skip -or $null -eq $Test
            })
    }
}

# Pester 5 replaces <key> with the test case's value and <_> with the case itself.
function Expand-MiniPesterName([string] $Name, $Case) {
    if ($null -eq $Case) { return $Name }
    [regex]::Replace($Name, '<([^<>]+)>', {
            param($m)
            $key = $m.Groups[1].Value
            if ($key -eq '_') { return "$Case" }
            if ($Case -is [System.Collections.IDictionary]) { if ($Case.Contains($key)) { return "$($Case[$key])" } }
            elseif ($null -ne $Case.PSObject.Properties[$key]) { return "$($Case.$key)" }
            $m.Value
        })
}

function BeforeAll { param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock) Assert-Discovery 'BeforeAll'; $script:State.CurrentBlock.BeforeAll.Add($Scriptblock) }
function AfterAll { param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock) Assert-Discovery 'AfterAll'; $script:State.CurrentBlock.AfterAll.Add($Scriptblock) }
function BeforeEach { param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock) Assert-Discovery 'BeforeEach'; $script:State.CurrentBlock.BeforeEach.Add($Scriptblock) }
function AfterEach { param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock) Assert-Discovery 'AfterEach'; $script:State.CurrentBlock.AfterEach.Add($Scriptblock) }

# Runs at once, in the caller's scope, so the variables it sets are visible to the rest of discovery (-ForEach data).
function BeforeDiscovery {
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $ScriptBlock)
    Assert-Discovery 'BeforeDiscovery'
    . $ScriptBlock
}

# Ends the current It as Skipped/Inconclusive/Pending (reported as Skipped) with a reason, like Pester 5.
function Set-ItResult {
    [CmdletBinding()]
    param([switch] $Skipped, [switch] $Inconclusive, [switch] $Pending, [string] $Because)
    $kind = if ($Inconclusive) { 'Inconclusive' } elseif ($Pending) { 'Pending' } else { 'Skipped' }
    throw [MiniPesterItResult]::new('Skipped', "is $($kind.ToLowerInvariant()), because $Because")
}

function Get-ErrorPosition($ErrorRecord) {
    $info = $ErrorRecord.InvocationInfo
    if ($null -eq $info -or -not $info.ScriptName) { return '' }
    "at $($info.ScriptName):$($info.ScriptLineNumber)"
}

function Test-MiniPesterBlockHasTests($Block) {
    foreach ($child in $Block.Children) {
        if ($null -ne $child.PSObject.Properties['Body']) { if (-not $child.Skip) { return $true } }
        elseif (Test-MiniPesterBlockHasTests $child) { return $true }
    }
    $false
}

function Get-MiniPesterTests($Block) {
    foreach ($child in $Block.Children) {
        if ($null -ne $child.PSObject.Properties['Body']) { [pscustomobject]@{ Block = $Block; Test = $child } }
        else { Get-MiniPesterTests $child }
    }
}

# Marks every test under a block as failed, used when its BeforeAll fails (Pester 5 does the same).
function Set-MiniPesterBlockFailed($Block, [string] $Message) {
    foreach ($entry in @(Get-MiniPesterTests $Block)) {
        Add-MiniPesterResult $entry.Block $entry.Test.Name 'Failed' $Message ([timespan]::Zero)
    }
}

function Invoke-MiniPesterBlock($Block) {
    if (-not (Test-MiniPesterBlockHasTests $Block)) {
        foreach ($entry in @(Get-MiniPesterTests $Block)) { Add-MiniPesterResult $entry.Block $entry.Test.Name 'Skipped' '' ([timespan]::Zero) }
        return
    }

    Invoke-InNewUserScope {
        $testDrive = $null
        if ($Block.Kind -eq 'Describe') {
            # A fresh folder per Describe, visible as $TestDrive to everything inside it and removed afterwards.
            $testDrive = [System.IO.Directory]::CreateDirectory(
                [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'MiniPester', [guid]::NewGuid().ToString('n'))).FullName
            $script:State.UserState.PSVariable.Set('TestDrive', $testDrive)
        }

        try {
            $setupFailed = $false
            try {
                foreach ($setup in $Block.BeforeAll) { . $setup }
            }
            catch {
                $setupFailed = $true
                Set-MiniPesterBlockFailed $Block "BeforeAll failed: $($_.Exception.Message) $(Get-ErrorPosition $_)"
            }

            if (-not $setupFailed) {
                foreach ($child in $Block.Children) {
                    if ($null -ne $child.PSObject.Properties['Body']) { Invoke-MiniPesterTest $Block $child }
                    else { Invoke-MiniPesterBlock $child }
                }
            }
        }
        finally {
            foreach ($teardown in $Block.AfterAll) {
                try { . $teardown }
                catch { Add-MiniPesterResult $Block 'AfterAll' 'Failed' "AfterAll failed: $($_.Exception.Message) $(Get-ErrorPosition $_)" ([timespan]::Zero) 'Block' }
            }
            if ($testDrive) { [System.IO.Directory]::Delete($testDrive, $true) }
        }
    }
}

function Get-MiniPesterEachBlocks($Block, [string] $Property) {
    $chain = [System.Collections.Generic.List[scriptblock]]::new()
    for ($b = $Block; $null -ne $b; $b = $b.Parent) { $chain.InsertRange(0, $b.$Property) }
    , $chain
}

function Invoke-MiniPesterTest($Block, $Test) {
    if ($Test.Skip) {
        Add-MiniPesterResult $Block $Test.Name 'Skipped' '' ([timespan]::Zero)
        return
    }

    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $outcome = @{ Result = 'Passed'; Message = '' }
    Invoke-InNewUserScope {
        # Test case values become variables of the It scope, as in Pester 5; BeforeEach, It and AfterEach share it.
        $userVariables = $script:State.UserState.PSVariable
        if ($Test.Data -is [System.Collections.IDictionary]) {
            foreach ($key in $Test.Data.Keys) { $userVariables.Set([string] $key, $Test.Data[$key]) }
        }
        if ($null -ne $Test.Data) { $userVariables.Set('_', $Test.Data) }

        try {
            foreach ($setup in (Get-MiniPesterEachBlocks $Block 'BeforeEach')) { . $setup }
            $null = . $Test.Body
        }
        catch {
            Set-MiniPesterOutcome $outcome $_
        }
        finally {
            $teardowns = Get-MiniPesterEachBlocks $Block 'AfterEach'
            $teardowns.Reverse()
            foreach ($teardown in $teardowns) {
                try { . $teardown }
                catch { if ($outcome.Result -eq 'Passed') { Set-MiniPesterOutcome $outcome $_ } }
            }
        }
    }
    Add-MiniPesterResult $Block $Test.Name $outcome.Result $outcome.Message $clock.Elapsed
}

function Set-MiniPesterOutcome([hashtable] $Outcome, $ErrorRecord) {
    $exception = $ErrorRecord.Exception
    if ($exception -is [MiniPesterItResult]) {
        $Outcome.Result = $exception.Result
        $Outcome.Message = $exception.Message
        return
    }
    $Outcome.Result = 'Failed'
    $Outcome.Message = "$($exception.Message) $(Get-ErrorPosition $ErrorRecord)".Trim()
}

function Invoke-MiniPester {
    <#
    .SYNOPSIS
    Runs *.Tests.ps1 files and returns one result per It: File, Path, Name, Result (Passed/Failed/Skipped), Message,
    Duration, Kind. Failures outside an It (discovery, AfterAll) come back as Kind 'Block' or 'Container'.
    With -Discover nothing runs and every It comes back with Result 'Discovered'.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string[]] $Path,
        [switch] $Discover
    )

    $files = foreach ($item in $Path) {
        $full = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($item)
        if ([System.IO.Directory]::Exists($full)) {
            $found = [System.IO.Directory]::GetFiles($full, '*.Tests.ps1', [System.IO.SearchOption]::AllDirectories)
            [System.Array]::Sort($found, [System.StringComparer]::Ordinal)
            $found
        }
        else { $full }
    }

    foreach ($file in $files) {
        $root = New-MiniPesterBlock -Name '' -Kind 'Root' -Parent $null -Skip $false
        $script:State = [pscustomobject]@{
            UserState    = $PSCmdlet.SessionState
            File         = $file
            Phase        = 'Discovery'
            CurrentBlock = $root
            Results      = [System.Collections.Generic.List[object]]::new()
        }
        try {
            if (-not [System.IO.File]::Exists($file)) { throw "Test file not found: $file" }
            $userState = $script:State.UserState
            $null = $userState.InvokeCommand.InvokeScript($userState, $script:UserFileRunner, @($file))
            $script:State.Phase = 'Run'
            if ($Discover) {
                foreach ($entry in @(Get-MiniPesterTests $root)) {
                    Add-MiniPesterResult $entry.Block $entry.Test.Name 'Discovered' '' ([timespan]::Zero)
                }
            }
            else {
                Invoke-MiniPesterBlock $root
            }
        }
        catch {
            Add-MiniPesterResult $root ([System.IO.Path]::GetFileName($file)) 'Failed' "Could not run the file: $($_.Exception.Message) $(Get-ErrorPosition $_)" ([timespan]::Zero) 'Container'
        }
        finally {
            $script:State.Results
            $script:State = $null
        }
    }
}

Export-ModuleMember -Function Describe, Context, It, BeforeAll, AfterAll, BeforeEach, AfterEach, BeforeDiscovery, Set-ItResult, Should, Invoke-MiniPester
