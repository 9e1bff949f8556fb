using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.PowerShell.Completion;

/// <summary>
/// Completes -Key from the store named by -Path/-LiteralPath: lists the children of the group typed so far.
/// Paths resolve against the runspace's location; any failure yields no completions (completers never throw).
/// </summary>
public sealed class ZarrKeyCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            return Complete(wordToComplete, fakeBoundParameters).ToList();
        }
        catch
        {
            return [];
        }
    }

    private static IEnumerable<CompletionResult> Complete(string word, IDictionary bound)
    {
        var raw = (bound["LiteralPath"] ?? bound["Path"]) switch
        {
            string s => s,
            object[] { Length: > 0 } a => a[0]?.ToString(),
            PSObject ps => ps.BaseObject?.ToString(),
            _ => null,
        };
        if (string.IsNullOrEmpty(raw)) yield break;
        var typed = word.Trim('\'', '"');
        var storePath = ResolveInRunspace(raw);
        if (storePath is null || !Directory.Exists(storePath)) yield break;
        using var store = new DirectoryStore(storePath, readOnly: true);
        var slash = typed.LastIndexOf('/');
        var parent = slash < 0 ? "" : typed[..slash];
        var prefix = slash < 0 ? typed : typed[(slash + 1)..];
        var pattern = new WildcardPattern(prefix + "*", WildcardOptions.IgnoreCase);
        foreach (var child in NodeStore.Children(store, parent))
        {
            if (!pattern.IsMatch(child.Name)) continue;
            var key = StoreKeys.Join(StoreKeys.NormalizePath(parent), child.Name);
            var tooltip = child is ArrayMetadata a ? $"array {a.DataType} [{string.Join(", ", a.Shape)}]" : "group";
            var text = key.IndexOfAny([' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '@', '#']) >= 0 ? $"'{key.Replace("'", "''")}'" : key;
            yield return new CompletionResult(text, key, CompletionResultType.ParameterValue, tooltip);
        }
    }

    private static string? ResolveInRunspace(string path)
    {
        if (Runspace.DefaultRunspace is null) return System.IO.Path.GetFullPath(path);
        using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddScript("param($p) $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)").AddArgument(path);
        var result = ps.Invoke();
        return result.Count > 0 ? result[0]?.BaseObject?.ToString() : null;
    }
}
