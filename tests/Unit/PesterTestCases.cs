using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SciTex.Zarr.Tests;

/// <summary>
/// Marks a method taking (string file, string? itPath, int occurrence) that checks one Pester It. The discoverer
/// lists every It of every tests/Pester/*.Tests.ps1 file as its own xunit test case, plus one case per file
/// (itPath null) that fails when the file cannot be discovered or run or has failures outside any It.
/// </summary>
[XunitTestCaseDiscoverer("SciTex.Zarr.Tests.PesterTestCaseDiscoverer", "SciTex.Zarr.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class PesterItsAttribute : FactAttribute;

public sealed class PesterTestCaseDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        foreach (var file in PesterRunner.TestFiles())
        {
            yield return new PesterTestCase(diagnosticMessageSink, display, displayOptions, testMethod, file, null, 0);

            IReadOnlyList<PesterResult> discovered;
            try
            {
                discovered = PesterRunner.Discover(file);
            }
            catch (Exception ex)
            {
                // The per-file case reports it when it runs; discovery must not take the other files down.
                diagnosticMessageSink.OnMessage(new DiagnosticMessage($"Pester discovery of {file} failed: {ex.Message}"));
                continue;
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var it in discovered.Where(r => r.IsTest))
            {
                var occurrence = seen[it.Path] = seen.GetValueOrDefault(it.Path) + 1;
                yield return new PesterTestCase(diagnosticMessageSink, display, displayOptions, testMethod, file, it.Path, occurrence);
            }
        }
    }
}

/// <summary>An xunit test case for one Pester It, named "Pester: File > Describe > It", skipped when the It was skipped.</summary>
public sealed class PesterTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PesterTestCase() { }

    public PesterTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions,
        ITestMethod testMethod, string file, string? itPath, int occurrence)
        : base(diagnosticMessageSink, display, displayOptions, testMethod, [file, itPath, occurrence]) { }

    private string File => (string)TestMethodArguments[0];
    private string? ItPath => (string?)TestMethodArguments[1];
    private int Occurrence => (int)TestMethodArguments[2];

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName)
    {
        var fileName = Path.GetFileName(File);
        if (ItPath is null) return $"Pester: {fileName} (file)";
        return Occurrence > 1 ? $"Pester: {fileName} > {ItPath} #{Occurrence}" : $"Pester: {fileName} > {ItPath}";
    }

    public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments,
        ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        // Whether an It was skipped (statically or by Set-ItResult) is only known once its file ran.
        var skipReason = SkipReason;
        if (ItPath is not null && PesterBridge.TryFind(File, ItPath, Occurrence) is { Result: "Skipped" } skipped)
            skipReason = skipped.Message is { Length: > 0 } why ? why : "skipped in the Pester file";

        return new XunitTestCaseRunner(this, DisplayName, skipReason, constructorArguments, TestMethodArguments, messageBus,
            aggregator, cancellationTokenSource).RunAsync();
    }
}
