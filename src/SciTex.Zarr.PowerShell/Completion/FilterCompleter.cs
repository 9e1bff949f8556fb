using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.PowerShell.Completion;

/// <summary>Completes -Filter with the numcodecs filter ids, as a hashtable to fill in (<c>@{ id = 'delta' }</c>).</summary>
public sealed class FilterCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"', '@', '{', ' ') + "*", WildcardOptions.IgnoreCase);
        return FilterSpec.Names.Order().Where(n => pattern.IsMatch(n))
            .Select(n => new CompletionResult($"@{{ id = '{n}' }}", n, CompletionResultType.ParameterValue, $"numcodecs {n} filter"));
    }
}
