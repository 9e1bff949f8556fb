using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SciTex.Zarr.Tests.Pester;

/// <summary>
/// Marks a method taking (string file, string? itKey, int occurrence, string displayPath) that checks one Pester It. The discoverer asks
/// real Pester to discover tests/Pester/*.Tests.ps1 and lists every It as its own xunit test case, plus one case per
/// file (itPath null) that fails when Pester reports a failure outside any It (discovery, BeforeAll, AfterAll).
/// </summary>
[XunitTestCaseDiscoverer("SciTex.Zarr.Tests.Pester.PesterTestCaseDiscoverer", "SciTex.Zarr.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class PesterItsAttribute : FactAttribute;

public sealed class PesterTestCaseDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var files = PesterSuite.TestFiles();
        IReadOnlyList<PesterIt> discovered;
        try
        {
            discovered = PesterSuite.Discover(files).Its;
        }
        catch (Exception ex)
        {
            // Each file's own case reports the failure when it runs.
            diagnosticMessageSink.OnMessage(new DiagnosticMessage($"Pester discovery failed: {ex.Message}"));
            discovered = [];
        }

        foreach (var file in files)
        {
            yield return new PesterTestCase(diagnosticMessageSink, display, displayOptions, testMethod, file, null, 0, "");
            foreach (var it in discovered.Where(i => i.File == Path.GetFullPath(file)))
                yield return new PesterTestCase(diagnosticMessageSink, display, displayOptions, testMethod, file, it.Key, it.Occurrence, it.Path);
        }
    }
}

/// <summary>An xunit test case for one Pester It, named "Pester: File > Describe > It", skipped when Pester skipped it.</summary>
public sealed class PesterTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PesterTestCase() { }

    public PesterTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions,
        ITestMethod testMethod, string file, string? itKey, int occurrence, string displayPath)
        : base(diagnosticMessageSink, display, displayOptions, testMethod, [file, itKey, occurrence, displayPath]) { }

    private string File => (string)TestMethodArguments[0];
    private string? ItKey => (string?)TestMethodArguments[1];
    private int Occurrence => (int)TestMethodArguments[2];
    private string DisplayPath => (string)TestMethodArguments[3];

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName)
    {
        var fileName = Path.GetFileName(File);
        if (ItKey is null) return $"Pester: {fileName} (file)";
        // Its of a -ForEach share their key; their expanded names tell them apart, else the occurrence does.
        return Occurrence > 1 && DisplayPath == ItKey ? $"Pester: {fileName} > {DisplayPath} #{Occurrence}" : $"Pester: {fileName} > {DisplayPath}";
    }

    public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments,
        ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        // Whether an It was skipped (-Skip or Set-ItResult -Skipped) is known once its file ran.
        var skipReason = SkipReason;
        if (ItKey is not null && PesterBridge.TryFind(File, ItKey, Occurrence) is { Result: "Skipped" } skipped)
            skipReason = skipped.Message is { Length: > 0 } why ? why : "skipped in the Pester file";

        return new XunitTestCaseRunner(this, DisplayName, skipReason, constructorArguments, TestMethodArguments, messageBus,
            aggregator, cancellationTokenSource).RunAsync();
    }
}
