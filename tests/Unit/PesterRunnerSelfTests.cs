namespace SciTex.Zarr.Tests;

/// <summary>
/// The mini runner judged on small Pester files with known outcomes, so that it cannot pass a failing test.
/// These run without the module (a bare Core session), as the runner itself needs nothing else.
/// </summary>
public sealed class PesterRunnerSelfTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("MiniPesterSelfTest").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("1 | Should -Be 1", "Passed")]
    [InlineData("1 | Should -Be 2", "Failed")]
    [InlineData("'abc' | Should -Be 'ABC'", "Passed")]
    [InlineData("'abc' | Should -BeExactly 'ABC'", "Failed")]
    [InlineData("@(1, 2, 3) | Should -Be @(1, 2, 3)", "Passed")]
    [InlineData("@(1, 2) | Should -Be @(1, 2, 3)", "Failed")]
    [InlineData("Should -ActualValue @(1, 3) -Be @(1, 2)", "Failed")]
    [InlineData("@(1, 2) | Should -Not -Be @(1, 3)", "Passed")]
    [InlineData("$null | Should -BeNullOrEmpty", "Passed")]
    [InlineData("@() | Should -BeNullOrEmpty", "Passed")]
    [InlineData("'' | Should -BeNullOrEmpty", "Passed")]
    [InlineData("'x' | Should -BeNullOrEmpty", "Failed")]
    [InlineData("$null | Should -Not -BeNullOrEmpty", "Failed")]
    [InlineData("$true | Should -BeTrue", "Passed")]
    [InlineData("0 | Should -BeTrue", "Failed")]
    [InlineData("0 | Should -BeFalse", "Passed")]
    [InlineData("'x' | Should -BeOfType [string]", "Passed")]
    [InlineData("1 | Should -BeOfType ([string])", "Failed")]
    [InlineData("3 | Should -BeGreaterThan 2", "Passed")]
    [InlineData("2 | Should -BeGreaterThan 2", "Failed")]
    [InlineData("2 | Should -BeGreaterOrEqual 2", "Passed")]
    [InlineData("2 | Should -BeLessThan 2", "Failed")]
    [InlineData("2 | Should -BeLessOrEqual 2", "Passed")]
    [InlineData("@(1, 2) | Should -Contain 2", "Passed")]
    [InlineData("@(1, 2) | Should -Contain 5", "Failed")]
    [InlineData("2 | Should -BeIn @(1, 2)", "Passed")]
    [InlineData("5 | Should -BeIn @(1, 2)", "Failed")]
    [InlineData("@(1, 2) | Should -HaveCount 2", "Passed")]
    [InlineData("$null | Should -HaveCount 0", "Passed")]
    [InlineData("@(1, 2) | Should -HaveCount 3", "Failed")]
    [InlineData("'Hello' | Should -Match '^h'", "Passed")]
    [InlineData("'Hello' | Should -Match '^x'", "Failed")]
    [InlineData("'Hello' | Should -BeLike 'he*'", "Passed")]
    [InlineData("'Hello' | Should -Like 'x*'", "Failed")]
    [InlineData("$TestDrive | Should -Exist", "Passed")]
    [InlineData("[System.IO.Path]::Combine($TestDrive, 'nope') | Should -Exist", "Failed")]
    [InlineData("{ throw 'boom' } | Should -Throw", "Passed")]
    [InlineData("{ } | Should -Throw", "Failed")]
    [InlineData("{ throw 'boom' } | Should -Not -Throw", "Failed")]
    [InlineData("{ throw 'boom here' } | Should -Throw -ExpectedMessage 'boom*'", "Passed")]
    [InlineData("{ throw 'boom' } | Should -Throw 'other'", "Failed")]
    [InlineData("{ throw [System.ArgumentNullException]::new('x') } | Should -Throw -ExceptionType ([System.ArgumentException])", "Passed")]
    [InlineData("{ throw [System.InvalidOperationException]::new('x') } | Should -Throw -ExceptionType ([System.ArgumentException])", "Failed")]
    [InlineData("{ Get-Command nope -ErrorAction Stop } | Should -Throw -ErrorId 'CommandNotFoundException,*'", "Passed")]
    [InlineData("{ Get-Command nope -ErrorAction Stop } | Should -Throw -ErrorId 'CommandNotFoundException'", "Failed")]
    [InlineData("{ Get-Command nope -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterBindingFailed'", "Failed")]
    [InlineData("1 | Should", "Failed")]
    public void Should_assertions_pass_and_fail_like_Pester_5(string assertion, string expected)
    {
        var result = Assert.Single(Run($"Describe 'D' {{ It 'I' {{ {assertion} }} }}"));
        Assert.True(expected == result.Result, $"'{assertion}' gave {result.Result}: {result.Message}");
    }

    [Fact]
    public void Reports_each_It_with_its_path_result_and_message()
    {
        var results = Run("""
            Describe 'Outer' {
                It 'passes' { 1 | Should -Be 1 }
                Context 'Inner' {
                    It 'fails' { 'a' | Should -Be 'b' -Because 'it must' }
                    It 'is skipped' -Skip { throw 'never runs' }
                    It 'skips itself' { Set-ItResult -Skipped -Because 'not today'; throw 'never gets here' }
                }
            }
            """);

        Assert.Equal(["Outer > passes", "Outer > Inner > fails", "Outer > Inner > is skipped", "Outer > Inner > skips itself"], results.Select(r => r.Path));
        Assert.Equal(["Passed", "Failed", "Skipped", "Skipped"], results.Select(r => r.Result));
        Assert.StartsWith("Expected 'b', because it must, but got 'a'.", results[1].Message);
        Assert.Contains("Case.Tests.ps1:4", results[1].Message);
        Assert.Contains("not today", results[3].Message);
        Assert.All(results, r => Assert.EndsWith("Case.Tests.ps1", r.File));
    }

    [Fact]
    public void BeforeAll_variables_reach_Its_of_their_block_only_and_Its_do_not_leak()
    {
        var results = Run("""
            Describe 'First' {
                BeforeAll { $shared = 'from BeforeAll' }
                BeforeEach { $perTest = 'from BeforeEach' }
                It 'sees both' { $shared | Should -Be 'from BeforeAll'; $perTest | Should -Be 'from BeforeEach'; $leak = 'set in It' }
                It 'does not see the previous It' { $leak | Should -BeNullOrEmpty }
                Context 'Nested' {
                    BeforeAll { $nested = "$shared, nested" }
                    It 'sees the outer BeforeAll' { $nested | Should -Be 'from BeforeAll, nested' }
                }
            }
            Describe 'Second' {
                It 'does not see First' { $shared | Should -BeNullOrEmpty }
            }
            """);

        Assert.All(results, r => Assert.True(r.Result == "Passed", $"{r.Path}: {r.Message}"));
        Assert.Equal(4, results.Count);
    }

    [Fact]
    public void Hooks_run_in_Pester_order()
    {
        var log = Path.Combine(_directory, "order.log");
        var results = Run($$"""
            BeforeAll { function Log($text) { [System.IO.File]::AppendAllText('{{log}}', "$text;") } }
            Describe 'D' {
                BeforeAll { Log 'BeforeAll' }
                BeforeEach { Log 'BeforeEach' }
                AfterEach { Log 'AfterEach' }
                AfterAll { Log 'AfterAll' }
                It 'one' { Log 'one' }
                Context 'C' {
                    BeforeEach { Log 'inner BeforeEach' }
                    AfterEach { Log 'inner AfterEach' }
                    It 'two' { Log 'two' }
                }
            }
            """);

        Assert.All(results, r => Assert.Equal("Passed", r.Result));
        Assert.Equal("BeforeAll;BeforeEach;one;AfterEach;BeforeEach;inner BeforeEach;two;inner AfterEach;AfterEach;AfterAll;",
            File.ReadAllText(log));
    }

    [Fact]
    public void TestDrive_is_a_fresh_directory_per_Describe_and_is_removed_afterwards()
    {
        var record = Path.Combine(_directory, "drives.log");
        var results = Run($$"""
            Describe 'A' {
                BeforeAll { $describeDrive = $TestDrive }
                It 'writes into it' {
                    [System.IO.File]::WriteAllText([System.IO.Path]::Combine($TestDrive, 'f.txt'), 'x')
                    [System.IO.File]::AppendAllText('{{record}}', "$TestDrive`n")
                }
                Context 'Inner' {
                    It 'shares the Describe one' { $TestDrive | Should -Be $describeDrive }
                }
            }
            Describe 'B' {
                It 'gets another one, empty' {
                    [System.IO.Directory]::GetFiles($TestDrive) | Should -HaveCount 0
                    [System.IO.File]::AppendAllText('{{record}}', "$TestDrive`n")
                }
            }
            """);

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.True(r.Result == "Passed", r.Message));
        var drives = File.ReadAllLines(record);
        Assert.Equal(2, drives.Length);
        Assert.NotEqual(drives[0], drives[1]);
        Assert.All(drives, d => Assert.False(Directory.Exists(d), $"{d} was left behind"));
    }

    [Fact]
    public void TestCases_expand_names_and_bind_variables()
    {
        var results = Run("""
            BeforeDiscovery { $squares = @(@{ N = 2; Square = 4 }, @{ N = 3; Square = 10 }) }
            Describe 'Squares' {
                It '<N> squared is <Square>' -TestCases $squares { ($N * $N) | Should -Be $Square }
                It 'item <_>' -ForEach @('a', 'b') { $_ | Should -BeIn @('a', 'b') }
            }
            """);

        Assert.Equal(["Squares > 2 squared is 4", "Squares > 3 squared is 10", "Squares > item a", "Squares > item b"], results.Select(r => r.Path));
        Assert.Equal(["Passed", "Failed", "Passed", "Passed"], results.Select(r => r.Result));
        Assert.StartsWith("Expected 10, but got 9.", results[1].Message);
    }

    [Fact]
    public void A_failing_BeforeAll_fails_every_It_of_its_block()
    {
        var results = Run("""
            Describe 'Broken' {
                BeforeAll { throw 'setup exploded' }
                It 'a' { 1 | Should -Be 1 }
                Context 'Inner' { It 'b' { 1 | Should -Be 1 } }
            }
            """);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal("Failed", r.Result));
        Assert.All(results, r => Assert.Contains("BeforeAll failed: setup exploded", r.Message));
    }

    [Fact]
    public void Failures_outside_Its_are_reported_not_dropped()
    {
        var afterAll = Run("Describe 'D' { AfterAll { throw 'teardown exploded' }; It 'a' { } }");
        Assert.Contains(afterAll, r => r is { Kind: "Block", Result: "Failed" } && r.Message.Contains("teardown exploded"));

        var unparsable = Run("Describe 'D' { It 'a' { 1 | Should -Be 1 }");
        var container = Assert.Single(unparsable);
        Assert.Equal(("Container", "Failed"), (container.Kind, container.Result));
    }

    [Fact]
    public void Discovery_lists_Its_without_running_them()
    {
        var marker = Path.Combine(_directory, "ran.txt");
        var path = Write($"Describe 'D' {{ BeforeAll {{ [System.IO.File]::WriteAllText('{marker}', 'x') }}; It 'a' {{ }}; It 'b' -Skip {{ }} }}");

        var discovered = PesterRunner.Discover(path);

        Assert.Equal(["D > a", "D > b"], discovered.Select(r => r.Path));
        Assert.All(discovered, r => Assert.Equal("Discovered", r.Result));
        Assert.False(File.Exists(marker));
    }

    private IReadOnlyList<PesterResult> Run(string content) => PesterRunner.Run(Write(content), importModule: false);

    private string Write(string content)
    {
        var path = Path.Combine(_directory, "Case.Tests.ps1");
        File.WriteAllText(path, content);
        return path;
    }
}
