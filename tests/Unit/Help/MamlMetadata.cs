using System.Management.Automation;
using System.Xml;

namespace SciTex.Zarr.Tests.Help;

/// <summary>
/// Compares a cmdlet's MAML (syntax items and the parameters section) with the parameter metadata PowerShell binds with:
/// mandatory, position, pipeline input by value / by property name, aliases, parameter sets and types. Every difference
/// is returned as one line, so help cannot drift from the code.
/// </summary>
public static class MamlMetadata
{
    public const string CommandNamespace = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public const string MamlNamespace = "http://schemas.microsoft.com/maml/2004/10";
    public const string DevNamespace = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly HashSet<string> Common = new(
        PSCmdlet.CommonParameters.Concat(PSCmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);

    /// <summary>One parameter as MAML states it (in a syntax item or in the parameters section).</summary>
    private sealed record MamlParameter(string Name, bool Required, string Position, string PipelineInput, string Aliases, string? ValueType, string? FullType, string Description);

    public static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var names = new XmlNamespaceManager(document.NameTable);
        names.AddNamespace("command", CommandNamespace);
        names.AddNamespace("maml", MamlNamespace);
        names.AddNamespace("dev", DevNamespace);
        return names;
    }

    public static XmlNode? FindCommand(XmlDocument document, string name) =>
        document.SelectSingleNode($"//command:command[command:details/command:name = '{name}']", Namespaces(document));

    /// <summary>Every difference between <paramref name="commandNode"/> and <paramref name="command"/>'s metadata.</summary>
    public static IReadOnlyList<string> Differences(XmlNode commandNode, CommandInfo command)
    {
        var names = Namespaces(commandNode.OwnerDocument!);
        var problems = new List<string>();
        var sets = command.ParameterSets
            .Select(set => (set.Name, Parameters: set.Parameters.Where(p => !Common.Contains(p.Name)).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase)))
            .ToList();

        // Syntax: one item per parameter set, with exactly that set's parameters, each stated as that set binds it.
        var items = commandNode.SelectNodes("command:syntax/command:syntaxItem", names)!.Cast<XmlNode>()
            .Select(item => item.SelectNodes("command:parameter", names)!.Cast<XmlNode>().Select(p => Read(p, names)).Where(p => !Common.Contains(p.Name)).ToList())
            .ToList();
        if (items.Count != sets.Count) problems.Add($"syntax: {items.Count} syntax items for {sets.Count} parameter sets");
        var unmatched = items.ToList();
        foreach (var set in sets)
        {
            var item = unmatched.FirstOrDefault(i => i.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(set.Parameters.Keys));
            if (item is null)
            {
                problems.Add($"syntax: no syntax item lists exactly the parameters of set '{set.Name}': {string.Join(", ", set.Parameters.Keys.Order())}");
                continue;
            }

            unmatched.Remove(item);
            foreach (var stated in item) Compare($"syntax '{set.Name}'", stated, [set.Parameters[stated.Name]], problems);
        }

        // The parameters section: every parameter once; what Get-Help shows as Required?, Position?, pipeline input, aliases.
        var section = commandNode.SelectNodes("command:parameters/command:parameter", names)!.Cast<XmlNode>().Select(p => Read(p, names)).ToList();
        var all = sets.SelectMany(s => s.Parameters.Values).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var stated in section.Where(p => !Common.Contains(p.Name)))
        {
            if (!all.TryGetValue(stated.Name, out var bindings)) problems.Add($"parameters: -{stated.Name} is described but the cmdlet has no such parameter");
            else Compare("parameters", stated, bindings, problems);
        }

        foreach (var missing in all.Keys.Where(n => section.All(p => !p.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
            problems.Add($"parameters: -{missing} is not described");
        return problems;
    }

    /// <summary>
    /// <paramref name="bindings"/> are the parameter's entries in the sets concerned: one for a syntax item, all of them
    /// for the parameters section (Required? true when mandatory in any set; pipeline input the union of all sets).
    /// </summary>
    private static void Compare(string where, MamlParameter stated, IReadOnlyList<CommandParameterInfo> bindings, List<string> problems)
    {
        void Check(string what, string statedValue, string actual)
        {
            if (!string.Equals(statedValue, actual, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{where}: -{stated.Name} {what}: help says '{statedValue}', the cmdlet has '{actual}'");
        }

        var first = bindings[0];
        Check("required", stated.Required ? "true" : "false", bindings.Any(b => b.IsMandatory) ? "true" : "false");
        var positions = bindings.Select(b => b.Position < 0 ? "named" : b.Position.ToString()).Distinct().ToList();
        Check("position", stated.Position, positions.Count == 1 ? positions[0] : string.Join("/", positions));
        var byValue = bindings.Any(b => b.ValueFromPipeline);
        var byName = bindings.Any(b => b.ValueFromPipelineByPropertyName);
        Check("pipeline input", stated.PipelineInput, (byValue, byName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        });
        Check("aliases", stated.Aliases, first.Aliases.Count == 0 ? "none" : string.Join(", ", first.Aliases));
        Check("type", stated.FullType ?? "(none)", first.ParameterType.FullName ?? first.ParameterType.Name);
        var isSwitch = first.ParameterType == typeof(SwitchParameter);
        Check("value type", stated.ValueType ?? "(none)", isSwitch ? "(none)" : first.ParameterType.Name);

        // Prose must not promise a binding the parameter lacks.
        if (stated.Description.Contains("by property name", StringComparison.OrdinalIgnoreCase) && !byName)
            problems.Add($"{where}: -{stated.Name} description claims binding by property name, which the cmdlet does not do");
    }

    private static MamlParameter Read(XmlNode parameter, XmlNamespaceManager names)
    {
        string Attribute(string name) => parameter.Attributes?[name]?.Value ?? "";
        return new MamlParameter(
            parameter.SelectSingleNode("maml:name", names)?.InnerText.Trim() ?? "",
            Attribute("required").Equals("true", StringComparison.OrdinalIgnoreCase),
            Attribute("position"),
            Attribute("pipelineInput"),
            Attribute("aliases"),
            parameter.SelectSingleNode("command:parameterValue", names)?.InnerText.Trim(),
            parameter.SelectSingleNode("dev:type/maml:name", names)?.InnerText.Trim(),
            string.Join(" ", parameter.SelectNodes("maml:description/maml:para", names)!.Cast<XmlNode>().Select(n => n.InnerText)));
    }
}
