# Not part of the suite (tests/Pester): PesterBridgeTests runs it to prove that Pester's verdicts reach xunit.
Describe 'Sample' {
    It 'passes' { 1 + 1 | Should -Be 2 }
    It 'fails on purpose' { 1 + 1 | Should -Be 3 }
    It 'is skipped' -Skip { throw 'never runs' }
    It 'expands <Name>' -ForEach @(@{ Name = 'one' }, @{ Name = 'two' }) { $Name | Should -BeIn 'one', 'two' }
    Context 'with a failing BeforeAll' {
        BeforeAll { throw 'setup broke' }
        It 'does not run' { $true | Should -BeTrue }
    }
}
