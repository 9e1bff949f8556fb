using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.PowerShell.Completion;

/// <summary>Completes -Compressor with the supported compressor names.</summary>
public sealed class CompressorCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return CompressorSpec.Names.Where(n => pattern.IsMatch(n))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, $"{n} compression"));
    }
}
