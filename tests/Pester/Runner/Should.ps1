# Should with Pester 5's operators, comparisons and (close to) its failure messages. Dot-sourced by MiniPester.psm1.

# Pester's rendering of values in messages: 'text', $null, @(1, 2), [type].
function Format-MiniPesterValue($Value) {
    if ($null -eq $Value) { return '$null' }
    if ($Value -is [string]) { return "'$Value'" }
    if ($Value -is [type]) { return "[$($Value.FullName)]" }
    if ($Value -is [bool]) { return "`$$Value".ToLowerInvariant() }
    if ($Value -is [System.Collections.IDictionary]) { return "@{$(@(foreach ($k in $Value.Keys) { "$k=$(Format-MiniPesterValue $Value[$k])" }) -join '; ')}" }
    if ($Value -is [System.Collections.IEnumerable]) { return "@($(@(foreach ($item in $Value) { Format-MiniPesterValue $item }) -join ', '))" }
    "$Value"
}

function Test-MiniPesterNullOrEmpty($Value) {
    if ($null -eq $Value) { return $true }
    if ($Value -is [string]) { return $Value.Length -eq 0 }
    if ($Value -is [System.Collections.ICollection]) { return $Value.Count -eq 0 -or ($Value.Count -eq 1 -and $null -eq @($Value)[0]) }
    $false
}

# Pester 5's -Be: null, empty and @($null) are all equal; arrays compare item by item (recursively), scalars with -eq.
function Test-MiniPesterEqual($Actual, $Expected, [switch] $CaseSensitive) {
    $actualItems = @($Actual)
    $expectedItems = @($Expected)
    $actualEmpty = Test-MiniPesterNullOrEmpty $actualItems
    $expectedEmpty = Test-MiniPesterNullOrEmpty $expectedItems
    if ($actualEmpty -or $expectedEmpty) { return $actualEmpty -and $expectedEmpty }
    if ($actualItems.Count -ne $expectedItems.Count) { return $false }
    for ($i = 0; $i -lt $actualItems.Count; $i++) {
        $a = $actualItems[$i]; $e = $expectedItems[$i]
        if ($a -is [array] -or $e -is [array]) {
            if (-not (Test-MiniPesterEqual $a $e -CaseSensitive:$CaseSensitive)) { return $false }
        }
        elseif ($CaseSensitive) { if (-not ($e -ceq $a)) { return $false } }
        elseif (-not ($e -eq $a)) { return $false }
    }
    $true
}

function Test-MiniPesterPathExists([string] $Path) {
    $ExecutionContext.SessionState.InvokeProvider.Item.Exists($Path, $false, $false)
}

# Returns @{ Pass; Message; NotMessage } for one operator; $a is the actual value, $e the expected one.
function Invoke-MiniPesterOperator([string] $Operator, $a, $e) {
    $fa = Format-MiniPesterValue $a
    $fe = Format-MiniPesterValue $e
    switch ($Operator) {
        'Be' { @{ Pass = Test-MiniPesterEqual $a $e; Message = "Expected $fe, but got $fa."; NotMessage = "Expected $fe to be different from the actual value, but got the same value." } }
        'BeExactly' { @{ Pass = Test-MiniPesterEqual $a $e -CaseSensitive; Message = "Expected exactly $fe, but got $fa."; NotMessage = "Expected $fe to be different from the actual value, but got exactly the same value." } }
        'BeNullOrEmpty' { @{ Pass = Test-MiniPesterNullOrEmpty $a; Message = "Expected `$null or empty, but got $fa."; NotMessage = 'Expected a value, but got $null or empty.' } }
        'BeTrue' { @{ Pass = [bool] $a; Message = "Expected `$true, but got $fa."; NotMessage = "Expected `$false, but got $fa." } }
        'BeFalse' { @{ Pass = -not $a; Message = "Expected `$false, but got $fa."; NotMessage = "Expected `$true, but got $fa." } }
        'BeOfType' {
            # "-BeOfType [string]" arrives as the text '[string]' in argument mode; Pester accepts it, so do we.
            $type = if ($e -is [string]) { [type] ($e -replace '^\[(.*)\]$', '$1') } else { [type] $e }
            $actualType = if ($null -eq $a) { '$null' } else { "[$($a.GetType().FullName)]" }
            @{ Pass = $a -is $type; Message = "Expected the value to have type [$($type.FullName)] or any of its subtypes, but got $fa with type $actualType."
                NotMessage = "Expected the value to not have type [$($type.FullName)] or any of its subtypes, but got $fa with type $actualType." }
        }
        'BeGreaterThan' { @{ Pass = $a -gt $e; Message = "Expected the actual value to be greater than $fe, but got $fa."; NotMessage = "Expected the actual value to be less than or equal to $fe, but got $fa." } }
        'BeLessThan' { @{ Pass = $a -lt $e; Message = "Expected the actual value to be less than $fe, but got $fa."; NotMessage = "Expected the actual value to be greater than or equal to $fe, but got $fa." } }
        'BeGreaterOrEqual' { @{ Pass = $a -ge $e; Message = "Expected the actual value to be greater than or equal to $fe, but got $fa."; NotMessage = "Expected the actual value to be less than $fe, but got $fa." } }
        'BeLessOrEqual' { @{ Pass = $a -le $e; Message = "Expected the actual value to be less than or equal to $fe, but got $fa."; NotMessage = "Expected the actual value to be greater than $fe, but got $fa." } }
        'Contain' { @{ Pass = @($a) -contains $e; Message = "Expected $fe to be found in collection $fa, but it was not found."; NotMessage = "Expected $fe to not be found in collection $fa, but it was found." } }
        'BeIn' { @{ Pass = @($e) -contains $a; Message = "Expected collection $fe to contain $fa, but it was not found."; NotMessage = "Expected collection $fe to not contain $fa, but it was found." } }
        'HaveCount' {
            $count = if ($null -eq $a) { 0 } else { @($a).Count }
            @{ Pass = $count -eq $e; Message = "Expected a collection with size $e, but got collection with size $count $fa."; NotMessage = "Expected a collection with size different from $e, but got collection with that size $fa." }
        }
        'Match' { @{ Pass = [bool] ($a -match $e); Message = "Expected regular expression $fe to match $fa, but it did not match."; NotMessage = "Expected regular expression $fe to not match $fa, but it did match." } }
        'MatchExactly' { @{ Pass = [bool] ($a -cmatch $e); Message = "Expected regular expression $fe to case sensitively match $fa, but it did not match."; NotMessage = "Expected regular expression $fe to not case sensitively match $fa, but it did match." } }
        'BeLike' { @{ Pass = [bool] ($a -like $e); Message = "Expected like wildcard $fe to match $fa, but it did not match."; NotMessage = "Expected like wildcard $fe to not match $fa, but it did match." } }
        'BeLikeExactly' { @{ Pass = [bool] ($a -clike $e); Message = "Expected case sensitive like wildcard $fe to match $fa, but it did not match."; NotMessage = "Expected case sensitive like wildcard $fe to not match $fa, but it did match." } }
        'Exist' { @{ Pass = Test-MiniPesterPathExists $a; Message = "Expected path $fa to exist, but it did not exist."; NotMessage = "Expected path $fa to not exist, but it did exist." } }
    }
}

# Pester 5's -Throw: -ErrorId and -ExpectedMessage are -like wildcard matches (case-insensitive), -ExceptionType an -is check.
function Invoke-MiniPesterThrow($ScriptBlock, [bool] $Negate, [string] $ExpectedMessage, [string] $ErrorId, [type] $ExceptionType) {
    if ($ScriptBlock -isnot [scriptblock]) {
        throw [System.ArgumentException] "Input is missing or not a ScriptBlock. Input to '-Throw' and '-Not -Throw' must be enclosed in curly braces."
    }
    $caught = $null
    try { $null = & $ScriptBlock } catch { $caught = $_ }

    if ($Negate) {
        if ($null -eq $caught) { return @{ Pass = $true } }
        return @{ Pass = $false; Message = "Expected no exception to be thrown, but an exception `"$($caught.Exception.Message)`" was thrown $(Get-ErrorPosition $caught)." }
    }

    $filters = [System.Collections.Generic.List[string]]::new()
    $buts = [System.Collections.Generic.List[string]]::new()
    if ($ExceptionType) {
        $filters.Add("type [$($ExceptionType.FullName)]")
        if ($caught -and $caught.Exception -isnot $ExceptionType) { $buts.Add("the exception type was [$($caught.Exception.GetType().FullName)]") }
    }
    if ($ExpectedMessage) {
        $filters.Add("message like '$([System.Management.Automation.WildcardPattern]::Unescape($ExpectedMessage))'")
        if ($caught -and $caught.Exception.Message -notlike $ExpectedMessage) { $buts.Add("the message was '$($caught.Exception.Message)'") }
    }
    if ($ErrorId) {
        $filters.Add("FullyQualifiedErrorId '$ErrorId'")
        if ($caught -and $caught.FullyQualifiedErrorId -notlike $ErrorId) { $buts.Add("the FullyQualifiedErrorId was '$($caught.FullyQualifiedErrorId)'") }
    }
    if ($null -eq $caught) { $buts.Add('no exception was thrown') }
    if ($buts.Count -eq 0) { return @{ Pass = $true; Error = $caught } }

    $with = if ($filters.Count) { " with $($filters -join ' and ')" } else { '' }
    @{ Pass = $false; Message = "Expected an exception$with to be thrown, but $($buts -join ' and '). $(if ($caught) { Get-ErrorPosition $caught })".Trim() }
}

function Should {
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipeline)] [object] $ActualValue,
        [Parameter(Position = 0)] [Alias('ExpectedType', 'RegularExpression')] [object] $ExpectedValue,
        [switch] $Not,
        [Alias('EQ')] [switch] $Be,
        [Alias('CEQ')] [switch] $BeExactly,
        [switch] $BeNullOrEmpty,
        [switch] $BeTrue,
        [switch] $BeFalse,
        [Alias('HaveType')] [switch] $BeOfType,
        [Alias('GT')] [switch] $BeGreaterThan,
        [Alias('LT')] [switch] $BeLessThan,
        [Alias('GE')] [switch] $BeGreaterOrEqual,
        [Alias('LE')] [switch] $BeLessOrEqual,
        [switch] $Contain,
        [switch] $BeIn,
        [switch] $HaveCount,
        [switch] $Match,
        [Alias('CMATCH')] [switch] $MatchExactly,
        [Alias('Like')] [switch] $BeLike,
        [Alias('CLIKE')] [switch] $BeLikeExactly,
        [switch] $Exist,
        [switch] $Throw,
        [string] $ExpectedMessage,
        [string] $ErrorId,
        [type] $ExceptionType,
        [switch] $PassThru,
        [string] $Because
    )
    begin { $collected = [System.Collections.Generic.List[object]]::new() }
    process { if ($MyInvocation.ExpectingInput) { $collected.Add($ActualValue) } }
    end {
        # Pester 5 hands one piped item over as itself and several as an array; nothing piped is $null.
        if ($MyInvocation.ExpectingInput) {
            $ActualValue = if ($collected.Count -eq 0) { $null } elseif ($collected.Count -eq 1) { $collected[0] } else { $collected.ToArray() }
        }

        $operators = @('Be', 'BeExactly', 'BeNullOrEmpty', 'BeTrue', 'BeFalse', 'BeOfType', 'BeGreaterThan', 'BeLessThan', 'BeGreaterOrEqual',
            'BeLessOrEqual', 'Contain', 'BeIn', 'HaveCount', 'Match', 'MatchExactly', 'BeLike', 'BeLikeExactly', 'Exist', 'Throw')
        $chosen = @($operators | Where-Object { $PSBoundParameters.ContainsKey($_) })
        if ($chosen.Count -ne 1) { throw "Should needs exactly one operator (got $($chosen.Count)); supported: $($operators -join ', ')." }
        $operator = $chosen[0]

        if ($operator -eq 'Throw') {
            if (-not $ExpectedMessage -and $PSBoundParameters.ContainsKey('ExpectedValue')) { $ExpectedMessage = $ExpectedValue }
            $outcome = Invoke-MiniPesterThrow $ActualValue $Not.IsPresent $ExpectedMessage $ErrorId $ExceptionType
            $message = $outcome.Message
        }
        else {
            $outcome = Invoke-MiniPesterOperator $operator $ActualValue $ExpectedValue
            if ($Not) { $outcome.Pass = -not $outcome.Pass }
            $message = if ($Not) { $outcome.NotMessage } else { $outcome.Message }
        }

        if ($outcome.Pass) {
            if ($PassThru -and $outcome.Error) { return $outcome.Error }
            return
        }
        if ($Because) { $message = $message -replace '^(Expected [^,]*?)(,|\.)', "`$1, because $Because`$2" }
        $exception = [System.Exception]::new($message)
        # Thrown from this advanced function so the error position is the Should line in the test file.
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($exception, 'PesterAssertionFailed', 'InvalidResult', $ActualValue))
    }
}
