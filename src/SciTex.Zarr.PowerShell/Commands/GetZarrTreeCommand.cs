using System.Management.Automation;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Output;

namespace SciTex.Zarr.PowerShell.Commands;

/// <summary>Get-ZarrTree: one typed node object per group and array, depth first, for v2 and v3 stores alike.</summary>
[Cmdlet(VerbsCommon.Get, "ZarrTree", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ZarrNodeInfo))]
[OutputType(typeof(string))]
public sealed class GetZarrTreeCommand : ZarrNodeCommandBase
{
    private WildcardPattern[] _include = [];
    private WildcardPattern[] _exclude = [];
    private volatile bool _stopping;

    /// <summary>Levels below the starting node to show (unlimited by default).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Depth { get; set; } = int.MaxValue;

    [Parameter]
    [SupportsWildcards]
    public string[]? Include { get; set; }

    [Parameter]
    [SupportsWildcards]
    public string[]? Exclude { get; set; }

    /// <summary>
    /// Emit only the keys of the nodes below the starting node (strings, like Get-ChildItem -Name): metadata is read,
    /// chunk sizes are not. <c>Get-ZarrTree ./s -Key g -Depth 1 -Name</c> lists g's members.
    /// </summary>
    [Parameter]
    public SwitchParameter Name { get; set; }

    protected override void BeginProcessing()
    {
        _include = (Include ?? []).Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
        _exclude = (Exclude ?? []).Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
    }

    protected override void StopProcessing()
    {
        _stopping = true;
        base.StopProcessing();
    }

    protected override void ProcessNodes()
    {
        foreach (var storePath in ResolveExistingPaths())
        {
            TryEngine(() =>
            {
                using var store = OpenStore(storePath);
                // One read of fresh consolidated metadata when the store has it, else a walk node by node.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                // With sizes: one listing of the store checks the consolidated metadata is fresh and gives every
                // node's stored bytes (node by node, each group would list its whole subtree again).
                NodeSizes? sizes = null;
                var listing = Name ? ConsolidatedTree.Walk(store, NodeKey(Key, store.Name)) : ConsolidatedTree.Walk(store, NodeKey(Key, store.Name), out sizes);
                var children = listing.Descendants.ToLookup(n => StoreKeys.Parent(n.Path));
                var shown = Walk(store, storePath, listing.Root, 0, children, sizes);
                var groups = listing.Descendants.Count(n => n is GroupMetadata) + (listing.Root is GroupMetadata ? 1 : 0);
                WriteVerbose($"Listed {Output.WorkSummary.Nodes(groups, listing.Descendants.Count + 1 - groups)} of {storePath} (key '{(listing.Root.Path.Length == 0 ? "/" : listing.Root.Path)}') " +
                    $"{(listing.FromConsolidated ? "from its consolidated metadata (one read)" : "by reading each node's metadata")}, showed {shown}, in {Output.WorkSummary.Time(clock)}");
            }, storePath);
        }
    }

    /// <summary>Depth first, children by name; iterative, so a hierarchy of any depth cannot overflow the stack.</summary>
    private int Walk(IZarrStore store, string storePath, NodeMetadata root, int rootDepth, ILookup<string, NodeMetadata> children, NodeSizes? sizes)
    {
        var shown = 0;
        var pending = new Stack<(NodeMetadata Node, int Depth)>();
        pending.Push((root, rootDepth));
        while (pending.Count > 0 && !_stopping)
        {
            var (node, depth) = pending.Pop();
            if (Name)
            {
                if (depth > rootDepth && Matches(node))
                {
                    WriteObject(node.Path);
                    shown++;
                }
            }
            else if (Matches(node))
            {
                WriteObject(ZarrNodeInfo.From(store, storePath, node, depth, node is GroupMetadata ? children[node.Path].Count() : null, sizes));
                shown++;
            }
            if (node is not GroupMetadata || depth >= Depth) continue;
            foreach (var child in children[node.Path].OrderByDescending(c => c.Name, StringComparer.Ordinal)) pending.Push((child, depth + 1));
        }
        return shown;
    }

    private bool Matches(NodeMetadata node)
    {
        var name = node.Name;
        if (_include.Length > 0 && !_include.Any(p => p.IsMatch(name) || p.IsMatch(node.Path))) return false;
        return !_exclude.Any(p => p.IsMatch(name) || p.IsMatch(node.Path));
    }
}
