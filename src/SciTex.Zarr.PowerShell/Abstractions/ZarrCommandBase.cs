using System.Collections;
using System.ComponentModel;
using System.Management.Automation;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.PowerShell.Errors;

namespace SciTex.Zarr.PowerShell.Abstractions;

/// <summary>
/// Shared -Path / -LiteralPath handling: paths resolve through PowerShell's session state (relative to $PWD,
/// wildcards only for -Path), and only the FileSystem provider is accepted. Store URLs (s3://, az://, http(s)://)
/// pass through unchanged and open with -StoreOption.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ZarrCommandBase : PSCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";
    /// <summary>Nodes piped from Get-ZarrTree bind here, by type, before any string conversion of -Path could claim them.</summary>
    protected const string NodeSet = "Node";

    static ZarrCommandBase() => Stores.RemoteStores.EnsureRegistered();

    private string[] _paths = [];
    protected bool IsLiteral { get; private set; }

    /// <summary>
    /// Options for store URLs: Endpoint, Region, Profile, Anonymous (S3); ConnectionString, Account, Endpoint,
    /// Anonymous (Azure). Credentials otherwise come from each SDK's standard chain. Values are never echoed in errors.
    /// One parameter here for every cmdlet (each takes a store path or URL).
    /// </summary>
    [Parameter]
    public Hashtable? StoreOption { get; set; }

    /// <summary>-StoreOption as strings (switch-like values such as $true become "True").</summary>
    protected IReadOnlyDictionary<string, string?> StoreOptions
    {
        get
        {
            var options = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (StoreOption is null) return options;
            foreach (DictionaryEntry entry in StoreOption)
            {
                var value = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
                options[entry.Key.ToString()!] = value switch { null => null, bool b => b ? "true" : "false", SwitchParameter s => s.IsPresent ? "true" : "false", _ => value.ToString() };
            }
            return options;
        }
    }

    public virtual string[] Path
    {
        get => _paths;
        set { _paths = value; IsLiteral = false; }
    }

    public virtual string[] LiteralPath
    {
        get => _paths;
        set { _paths = value; IsLiteral = true; }
    }

    /// <summary>Takes the store path from a piped node (its key is bound by the caller).</summary>
    protected void BindNode(Output.ZarrNodeInfo node)
    {
        _paths = [node.StorePath];
        IsLiteral = true;
    }

    /// <summary>Resolves the bound paths to file-system paths; writes a non-terminating error for each that can't be.</summary>
    protected IEnumerable<string> ResolveExistingPaths()
    {
        foreach (var path in _paths)
        {
            if (StoreUrl.IsUrl(path))
            {
                yield return path;
                continue;
            }
            List<string> resolved = [];
            try
            {
                if (IsLiteral || !WildcardPattern.ContainsWildcardCharacters(path))
                {
                    var literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                    if (!IsFileSystem(provider, path)) continue;
                    if (!File.Exists(literal) && !Directory.Exists(literal))
                    {
                        WriteError(ZarrErrors.StoreMissing(literal));
                        continue;
                    }
                    resolved.Add(literal);
                }
                else
                {
                    var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
                    if (!IsFileSystem(provider, path)) continue;
                    resolved.AddRange(matches);
                }
            }
            catch (ItemNotFoundException)
            {
                WriteError(ZarrErrors.StoreMissing(path));
                continue;
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
            {
                WriteError(ZarrErrors.Create(ZarrErrors.StoreNotFound, ErrorCategory.InvalidArgument, $"Cannot resolve path '{path}': {e.Message}", path));
                continue;
            }
            foreach (var r in resolved) yield return r;
        }
    }

    /// <summary>Resolves a single output path that may not exist yet (Save-Zarr's target).</summary>
    protected string ResolveOutputPath()
    {
        if (_paths.Length != 1)
            ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.AmbiguousPath, ErrorCategory.InvalidArgument, "Give exactly one store path to write to.", _paths));
        var path = _paths[0];
        if (StoreUrl.IsUrl(path)) return path;
        if (!IsLiteral && WildcardPattern.ContainsWildcardCharacters(path))
        {
            var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
            if (matches.Count != 1)
                ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.AmbiguousPath, ErrorCategory.InvalidArgument, $"'{path}' matches {matches.Count} paths; a store path must name one location.", path));
            if (!IsFileSystem(provider, path)) ThrowTerminatingError(NotFileSystem(path, provider));
            return matches[0];
        }
        var literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var p, out _);
        if (!IsFileSystem(p, path)) ThrowTerminatingError(NotFileSystem(path, p));
        return literal;
    }

    private bool IsFileSystem(ProviderInfo provider, string path)
    {
        if (provider.Name == "FileSystem") return true;
        WriteError(NotFileSystem(path, provider));
        return false;
    }

    private static ErrorRecord NotFileSystem(string path, ProviderInfo provider) =>
        ZarrErrors.Create(ZarrErrors.PathNotFileSystem, ErrorCategory.InvalidArgument,
            $"'{path}' is on the {provider.Name} provider; Zarr stores must be file-system paths.", path);

    /// <summary>
    /// Opens an existing store (a directory, a zip archive such as <c>x.zarr.zip</c>, or a store URL whose root holds
    /// Zarr metadata) or reports it missing.
    /// </summary>
    protected IZarrStore OpenStore(string path, bool readOnly = true)
    {
        if (StoreUrl.IsUrl(path))
        {
            var store = StoreFactory.OpenOrCreate(path, readOnly, StoreOptions);
            try
            {
                if (NodeStore.TryRead(store, "") is null && !store.Exists(ConsolidatedMetadata.V2Document))
                    throw new ZarrException(ZarrErrorKind.StoreNotFound, "No Zarr store at this URL (no zarr.json, .zgroup or .zarray at its root)", store.Name);
            }
            catch
            {
                store.Dispose();
                throw;
            }
            return store;
        }
        if (!Directory.Exists(path) && !File.Exists(path))
            throw new ZarrException(ZarrErrorKind.StoreNotFound, $"No Zarr store at '{path}'", path);
        return StoreFactory.OpenOrCreate(path, readOnly);
    }

    private ProgressReporter? _running;

    /// <summary>
    /// Runs engine work off the pipeline thread while this thread writes its progress (see <see cref="ProgressReporter"/>);
    /// Ctrl+C stops the work at its next chunk. Wrap it in <see cref="TryEngine"/> like any engine call.
    /// </summary>
    private protected T RunWithProgress<T>(int activityId, string activity, Func<ProgressReporter, T> work)
    {
        var progress = BeginProgress(activityId, activity);
        try { return progress.Run(() => work(progress)); }
        finally { EndProgress(progress); }
    }

    /// <summary>A reporter for work run in several <see cref="ProgressReporter.Run"/> calls (streamed output between them); pair with <see cref="EndProgress"/>.</summary>
    private protected ProgressReporter BeginProgress(int activityId, string activity) => _running = new ProgressReporter(this, activityId, activity);

    private protected void EndProgress(ProgressReporter progress)
    {
        _running = null;
        progress.Complete();
    }

    private protected void RunWithProgress(int activityId, string activity, Action<ProgressReporter> work) =>
        RunWithProgress<object?>(activityId, activity, progress => { work(progress); return null; });

    protected override void StopProcessing() => _running?.Cancel();

    /// <summary>Runs engine work, turning engine and I/O failures into proper error records.</summary>
    protected bool TryEngine(Action action, object? target, bool terminating = false)
    {
        try
        {
            action();
            return true;
        }
        catch (ZarrException e)
        {
            Report(ZarrErrors.From(e, target), terminating);
        }
        catch (Exception e) when (e is not PipelineStoppedException and not ActionPreferenceStopException and not StackOverflowException)
        {
            // Never a raw .NET exception to the user: unwrap, name, categorise (ZarrErrors.FromAny).
            Report(ZarrErrors.FromAny(e, target), terminating);
        }
        return false;
    }

    private void Report(ErrorRecord record, bool terminating)
    {
        if (terminating) ThrowTerminatingError(record);
        else WriteError(record);
    }
}
