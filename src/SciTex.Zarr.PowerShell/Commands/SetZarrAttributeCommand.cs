using System.Collections;
using System.Management.Automation;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Output;
using SciTex.Zarr.PowerShell.Values;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>Set-ZarrAttribute: merges attributes into a group or array (or removes them by name); other attributes stay.</summary>
[Cmdlet(VerbsCommon.Set, "ZarrAttribute", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ZarrNodeInfo))]
public sealed class SetZarrAttributeCommand : ZarrCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public override string[] Path { get => base.Path; set => base.Path = value; }

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "StorePath")]
    public override string[] LiteralPath { get => base.LiteralPath; set => base.LiteralPath = value; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ZarrKeyCompleter))]
    public string? Key { get; set; }

    /// <summary>Attributes to add or overwrite.</summary>
    [Parameter(Position = 2)]
    public Hashtable? Attributes { get; set; }

    /// <summary>Attribute names to delete.</summary>
    [Parameter]
    public string[]? Remove { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var storePath in ResolveExistingPaths())
        {
            TryEngine(() =>
            {
                using var store = OpenStore(storePath, readOnly: false);
                var node = NodeStore.Read(store, NodeKey(Key, store.Name));
                var printable = node.Path.Length == 0 ? "/" : node.Path;
                var target = $"{storePath} (key '{printable}')";
                if (Attributes is not null) ValueAttributes.CheckUserNames(Attributes.Keys.Cast<object>().Select(k => k.ToString()!), "-Attributes", storePath, printable);
                ValueAttributes.CheckUserNames(Remove ?? [], "-Remove", storePath, printable);
                var changes = new List<string>();
                if (Attributes is not null) changes.Add("set " + string.Join(", ", Attributes.Keys.Cast<object>()));
                if (Remove is not null) changes.Add("remove " + string.Join(", ", Remove));
                if (!ShouldProcess(target, $"Zarr attributes: {string.Join("; ", changes)}")) return;
                var set = Attributes?.Cast<DictionaryEntry>()
                    .Select(e => KeyValuePair.Create(e.Key.ToString()!, JsonValues.FromDotNet(PowerShellInput.ToEngineValue(e.Value, "-Attributes")))).ToList() ?? [];
                node = NodeAttributes.Update(store, node.Path, set, Remove ?? []);
                if (PassThru) WriteObject(ZarrNodeInfo.From(store, storePath, node, 0));
            }, storePath);
        }
    }
}
