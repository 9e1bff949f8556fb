using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Tests.Stores;

/// <summary>A store that passes every call to another; test wrappers override the calls they watch or break.</summary>
public abstract class DelegatingStore(IZarrStore inner) : IZarrStore
{
    protected IZarrStore Inner { get; } = inner;

    public virtual string Name => Inner.Name;
    public virtual bool IsReadOnly => Inner.IsReadOnly;
    public virtual byte[]? Get(string key) => Inner.Get(key);
    public virtual byte[]? GetRange(string key, long offset, int length) => Inner.GetRange(key, offset, length);
    public virtual long? GetSize(string key) => Inner.GetSize(key);
    public virtual bool Exists(string key) => Inner.Exists(key);
    public virtual void Set(string key, ReadOnlySpan<byte> value) => Inner.Set(key, value);
    public virtual void Delete(string key) => Inner.Delete(key);
    public virtual void DeletePrefix(string prefix) => Inner.DeletePrefix(prefix);
    public virtual IEnumerable<string> ListPrefix(string prefix) => Inner.ListPrefix(prefix);
    public virtual (IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes) ListDir(string prefix) => Inner.ListDir(prefix);
    public virtual void Flush() => Inner.Flush();
    public virtual void Dispose() => Inner.Dispose();
    public virtual IStagedWrite BeginNodeWrite(string nodePath) => Inner.BeginNodeWrite(nodePath);
    public virtual string? GetVersion(string key) => Inner.GetVersion(key);
    public virtual bool WaitForPendingCommit(string nodePath) => Inner.WaitForPendingCommit(nodePath);
    public virtual void DeleteNode(string nodePath) => Inner.DeleteNode(nodePath);
    public virtual bool TryRenameNode(string from, string to) => Inner.TryRenameNode(from, to);
    public virtual IDisposable LockNode(string nodePath) => Inner.LockNode(nodePath);
}
