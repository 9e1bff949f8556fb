namespace SciTex.Zarr.Engine.Stores.Staging;

/// <summary>
/// The staged write of stores whose changes only become visible when the whole store is flushed (zip archives are
/// rewritten beside the original and renamed on <see cref="IZarrStore.Flush"/>; a memory store lives in one
/// process). The old node's keys are removed first so no stale chunk survives under the new metadata.
/// </summary>
public sealed class InPlaceStagedWrite : IStagedWrite
{
    public InPlaceStagedWrite(IZarrStore store, string nodePath)
    {
        Store = store;
        NodePath = StoreKeys.NormalizePath(nodePath, store.Name);
        store.DeletePrefix(NodePath);
    }

    public string NodePath { get; }
    public IZarrStore Store { get; }
    public void Commit() { }
    public void Dispose() { }
}
