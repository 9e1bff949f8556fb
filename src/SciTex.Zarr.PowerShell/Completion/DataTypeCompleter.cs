using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using SciTex.Zarr.Engine.Arrays;

namespace SciTex.Zarr.PowerShell.Completion;

/// <summary>Completes -DataType with the Zarr data type names New-ZarrArray accepts.</summary>
public sealed class DataTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return ArrayCreator.DataTypeNames.Where(n => pattern.IsMatch(n))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, $"Zarr data type {n}"));
    }
}
