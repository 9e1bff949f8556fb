using System.Collections;
using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests.Regions;

/// <summary>The MAML help of the region and node cmdlets agrees with their real parameter metadata, set by set.</summary>
public sealed class RegionHelpTests
{
    public static TheoryData<string> Cmdlets => new(["New-ZarrArray", "Set-ZarrSlice", "Add-ZarrSlice", "Resize-ZarrArray", "Remove-ZarrNode", "Copy-ZarrNode", "Move-ZarrNode"]);

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void SyntaxMatchesParameterMetadata(string cmdlet)
    {
        using var ps = PowerShellSession.Create();
        const string script = """
            param($Name)
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            $sets = @((Get-Command $Name).ParameterSets)
            $items = @((Get-Help $Name -Full).syntax.syntaxItem)
            if ($sets.Count -ne $items.Count) { "sets: $($sets.Count) vs $($items.Count)" }
            for ($i = 0; $i -lt $sets.Count; $i++) {
                $documented = @{}
                foreach ($p in @($items[$i].parameter)) { $documented[[string]$p.name] = $p }
                foreach ($p in $sets[$i].Parameters) {
                    if ($common -contains $p.Name) { continue }
                    $d = $documented[$p.Name]
                    if (-not $d) { "$($sets[$i].Name): $($p.Name) missing"; continue }
                    $position = if ($p.Position -lt 0) { 'named' } else { [string]$p.Position }
                    $pipe = @(); if ($p.ValueFromPipeline) { $pipe += 'ByValue' }; if ($p.ValueFromPipelineByPropertyName) { $pipe += 'ByPropertyName' }
                    $pipeline = if ($pipe.Count) { "True ($($pipe -join ', '))" } else { 'False' }
                    $aliases = if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }
                    if ([string]$d.required -ne ([string]$p.IsMandatory).ToLowerInvariant()) { "$($p.Name): required $($d.required) vs $($p.IsMandatory)" }
                    if ([string]$d.position -ne $position) { "$($p.Name): position $($d.position) vs $position" }
                    if ([string]$d.pipelineInput -ne $pipeline) { "$($p.Name): pipelineInput $($d.pipelineInput) vs $pipeline" }
                    if ([string]$d.aliases -ne $aliases) { "$($p.Name): aliases $($d.aliases) vs $aliases" }
                }
            }
            """;
        var problems = ps.Invoke(script, new Hashtable { ["Name"] = cmdlet }).Values.Select(v => v?.ToString()).ToList();
        Assert.True(problems.Count == 0, $"{cmdlet}: {string.Join("; ", problems)}");
    }
}
