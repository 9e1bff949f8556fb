using System.Collections;
using System.Management.Automation;
using System.Xml;
using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests.Help;

/// <summary>
/// The MAML help shipped in out/SciTex.Zarr/en-US: every exported cmdlet has a synopsis, a description, a described
/// entry for each of its parameters, one syntax item per parameter set and runnable-looking examples.
/// </summary>
public sealed class HelpTests : IClassFixture<HelpTests.Session>
{
    private static readonly string[] Names =
        ["ConvertTo-Zarr", "Get-ZarrSlice", "Get-ZarrTree", "Import-Zarr", "Save-Zarr", "Set-ZarrAttribute", "Test-Zarr",
         "New-ZarrArray", "Set-ZarrSlice", "Add-ZarrSlice", "Resize-ZarrArray", "Remove-ZarrNode", "Copy-ZarrNode", "Move-ZarrNode"];

    public static TheoryData<string> Cmdlets => new(Names);

    private static string HelpFile => Path.Combine(Path.GetDirectoryName(RepositoryPaths.ModuleManifest)!, "en-US", "SciTex.Zarr.PowerShell.dll-Help.xml");

    private readonly PowerShellSession _ps;

    public HelpTests(Session session) => _ps = session.Shell;

    public sealed class Session : IDisposable
    {
        public PowerShellSession Shell { get; } = PowerShellSession.Create();
        public void Dispose() => Shell.Dispose();
    }

    [Fact]
    public void HelpFileIsShippedAndWellFormedMaml()
    {
        Assert.True(File.Exists(HelpFile), $"{HelpFile} is missing; the build copies Module/en-US/* there.");
        var document = new XmlDocument();
        document.Load(HelpFile);
        Assert.Equal("helpItems", document.DocumentElement!.LocalName);
        Assert.Equal("http://msh", document.DocumentElement.NamespaceURI);
        var names = new XmlNamespaceManager(document.NameTable);
        names.AddNamespace("command", "http://schemas.microsoft.com/maml/dev/command/2004/10");
        var commands = document.SelectNodes("//command:command/command:details/command:name", names)!.Cast<XmlNode>().Select(n => n.InnerText.Trim()).Order().ToList();
        Assert.Equal(Names.Order(), commands);
    }

    [Fact]
    public void EveryExportedCmdletIsCovered()
    {
        var exported = _ps.Invoke("(Get-Module SciTex.Zarr).ExportedCmdlets.Keys").Values.Cast<string>().Order().ToList();
        Assert.Equal(Names.Order(), exported);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void HelpHasSynopsisDescriptionAndExamples(string cmdlet)
    {
        var help = _ps.Invoke("param($Name) Get-Help $Name -Full", new Hashtable { ["Name"] = cmdlet }).Output.Single();
        var synopsis = help.Properties["Synopsis"]?.Value?.ToString()?.Trim() ?? "";
        Assert.False(string.IsNullOrEmpty(synopsis), $"{cmdlet}: no synopsis");
        // Without a help file PowerShell makes the synopsis up from the syntax; ours is a sentence.
        Assert.DoesNotContain("[-", synopsis);

        var description = Text(_ps.Invoke("param($Name) (Get-Help $Name -Full).description | ForEach-Object Text", new Hashtable { ["Name"] = cmdlet }));
        Assert.False(string.IsNullOrWhiteSpace(description), $"{cmdlet}: no description");

        var examples = _ps.Invoke("param($Name) @((Get-Help $Name -Full).examples.example) | ForEach-Object { $_.code }", new Hashtable { ["Name"] = cmdlet }).Values;
        Assert.NotEmpty(examples);
        foreach (var code in examples.Select(c => c?.ToString() ?? ""))
        {
            Assert.False(string.IsNullOrWhiteSpace(code), $"{cmdlet}: an example without code");
            System.Management.Automation.Language.Parser.ParseInput(code, out _, out var errors);
            Assert.True(errors.Length == 0, $"{cmdlet}: example does not parse: {code}{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(e => e.Message))}");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void EveryParameterIsDescribedAndNoneIsStale(string cmdlet)
    {
        const string script = """
            param($Name)
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            $actual = @((Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common })
            $described = @{}
            foreach ($parameter in @((Get-Help $Name -Full).parameters.parameter)) {
                $described[[string] $parameter.name] = (@($parameter.description | ForEach-Object Text) -join ' ').Trim()
            }
            foreach ($name in $actual) { if (-not $described[$name]) { "undescribed: $name" } }
            foreach ($name in $described.Keys) { if ($name -notin $actual -and $name -notin 'WhatIf', 'Confirm') { "stale: $name" } }
            """;
        var problems = _ps.Invoke(script, new Hashtable { ["Name"] = cmdlet }).Values.Select(v => v?.ToString()).ToList();
        Assert.True(problems.Count == 0, $"{cmdlet}: {string.Join("; ", problems)}");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void SyntaxHasOneItemPerParameterSet(string cmdlet)
    {
        var counts = _ps.Invoke("param($Name) @((Get-Help $Name -Full).syntax.syntaxItem).Count; (Get-Command $Name).ParameterSets.Count",
            new Hashtable { ["Name"] = cmdlet }).Values.Select(Convert.ToInt32).ToList();
        Assert.Equal(counts[1], counts[0]);
    }

    private static string Text(PowerShellResult result) => string.Join(" ", result.Values.Select(v => v?.ToString()));
}

/// <summary>The MAML in en-US agrees with the metadata PowerShell binds with, for every cmdlet; and the check really bites.</summary>
public sealed class HelpMetadataTests : IClassFixture<HelpTests.Session>
{
    private static string HelpFile => Path.Combine(Path.GetDirectoryName(RepositoryPaths.ModuleManifest)!, "en-US", "SciTex.Zarr.PowerShell.dll-Help.xml");

    private readonly PowerShellSession _ps;

    public HelpMetadataTests(HelpTests.Session session) => _ps = session.Shell;

    public static TheoryData<string> Cmdlets => HelpTests.Cmdlets;

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Maml_matches_the_parameter_metadata(string cmdlet)
    {
        var document = new XmlDocument();
        document.Load(HelpFile);
        var node = MamlMetadata.FindCommand(document, cmdlet) ?? throw new Xunit.Sdk.XunitException($"{cmdlet} has no MAML entry");
        var command = (CommandInfo)_ps.Invoke("param($Name) Get-Command $Name -CommandType Cmdlet", new Hashtable { ["Name"] = cmdlet }).Values.Single()!;

        var differences = MamlMetadata.Differences(node, command);

        Assert.True(differences.Count == 0, $"{cmdlet}: {differences.Count} difference(s):{Environment.NewLine}{string.Join(Environment.NewLine, differences)}");
    }

    [Fact]
    public void Removing_one_Mandatory_from_the_code_is_caught()
    {
        // The same cmdlet metadata with Mandatory = true taken off Save-Zarr's -Path, as a proxy function PowerShell binds with.
        const string script = """
            $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Save-Zarr -CommandType Cmdlet))
            foreach ($set in $metadata.Parameters['Path'].ParameterSets.Values) { $set.IsMandatory = $false }
            $null = New-Item -Path function:Save-ZarrDoctored -Value ([System.Management.Automation.ProxyCommand]::Create($metadata)) -Force
            Get-Command Save-ZarrDoctored
            """;
        var doctored = (CommandInfo)_ps.Invoke(script).Values.Single()!;
        var document = new XmlDocument();
        document.Load(HelpFile);

        var differences = MamlMetadata.Differences(MamlMetadata.FindCommand(document, "Save-Zarr")!, doctored);

        Assert.Contains("syntax 'Path': -Path required: help says 'true', the cmdlet has 'false'", differences);
        Assert.Contains("parameters: -Path required: help says 'true', the cmdlet has 'false'", differences);
    }

    [Fact]
    public void A_doctored_help_file_is_caught()
    {
        var document = new XmlDocument();
        document.Load(HelpFile);
        var node = MamlMetadata.FindCommand(document, "Get-ZarrTree")!;
        var names = MamlMetadata.Namespaces(document);
        var key = node.SelectSingleNode("command:parameters/command:parameter[maml:name = 'Path']", names)!;
        key.Attributes!["required"]!.Value = "false";
        key.Attributes!["aliases"]!.Value = "P";
        var command = (CommandInfo)_ps.Invoke("Get-Command Get-ZarrTree -CommandType Cmdlet").Values.Single()!;

        var differences = MamlMetadata.Differences(node, command);

        Assert.Contains("parameters: -Path required: help says 'false', the cmdlet has 'true'", differences);
        Assert.Contains("parameters: -Path aliases: help says 'P', the cmdlet has 'none'", differences);
    }

    [Fact]
    public void About_topic_is_shipped_and_found_by_Get_Help()
    {
        var topic = Path.Combine(Path.GetDirectoryName(RepositoryPaths.ModuleManifest)!, "en-US", "about_SciTex.Zarr.help.txt");
        Assert.True(File.Exists(topic), $"{topic} is not shipped");

        var help = _ps.Invoke("Get-Help about_SciTex.Zarr | Out-String").Values.Single()?.ToString() ?? "";

        foreach (var heading in new[] { "STORES", "KEYS", "FORMATS", "CODECS", "TYPE MAPPING", "ATTRIBUTES", "ERRORS", "PERFORMANCE" })
            Assert.Contains(heading, help);
        Assert.Contains("ZarrKeyNotFound", help);
    }
}
