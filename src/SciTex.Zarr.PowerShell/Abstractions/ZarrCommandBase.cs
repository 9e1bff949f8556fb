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
    protected IReadOnlyDictionary<string, string?> StoreOptions => StoreAccess.Options(StoreOption);

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

    /// <summary>
    /// False for cmdlets whose -Path names input files rather than stores (ConvertTo-Zarr): there a Zarr drive path is refused.
    /// </summary>
    protected virtual bool PathsNameStores => true;

    /// <summary>
    /// The key a Zarr drive path named for the store being processed (<c>Import-Zarr run:/analysis</c> → "analysis"),
    /// "" for file-system paths and URLs. Set by <see cref="ResolveExistingPaths"/> before each store it yields, and by
    /// <see cref="ResolveOutputPath"/>; <see cref="NodeKey"/> puts -Key under it.
    /// </summary>
    protected string DriveKey { get; private set; } = "";

    /// <summary>-Key of the current store, under the drive key of its path: <c>Import-Zarr run:/analysis -Key spike_rate</c> reads analysis/spike_rate.</summary>
    protected string NodeKey(string? key, string storePath) => DriveKeyJoin(DriveKey, key, storePath);

    /// <summary>A -Key pattern (KeyExpansion) under the current drive key, not yet normalised.</summary>
    protected string? KeyUnderDrive(string? key) => DriveKey.Length == 0 ? key : string.IsNullOrEmpty(key) ? DriveKey : DriveKey + "/" + key.TrimStart('/');

    private protected static string DriveKeyJoin(string driveKey, string? key, string storePath) =>
        StoreKeys.NormalizePath(StoreKeys.Join(driveKey, StoreKeys.NormalizePath(key, storePath)), storePath);

    /// <summary>
    /// Resolves the bound paths to stores (file-system paths, URLs, or the stores behind Zarr drive paths, whose key
    /// goes to <see cref="DriveKey"/>); writes a non-terminating error for each that can't be.
    /// </summary>
    protected IEnumerable<string> ResolveExistingPaths()
    {
        foreach (var path in _paths)
        {
            DriveKey = "";
            if (StoreUrl.IsUrl(path))
            {
                yield return path;
                continue;
            }
            List<(string Store, string Key)> resolved = [];
            try
            {
                if (IsLiteral || !WildcardPattern.ContainsWildcardCharacters(path))
                {
                    var literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out var drive);
                    if (IsZarrDrive(provider, path))
                    {
                        resolved.Add(InDrive(drive, literal));
                    }
                    else
                    {
                        if (!IsFileSystem(provider, path)) continue;
                        if (!File.Exists(literal) && !Directory.Exists(literal))
                        {
                            WriteError(ZarrErrors.StoreMissing(literal));
                            continue;
                        }
                        resolved.Add((literal, ""));
                    }
                }
                else
                {
                    var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
                    if (IsZarrDrive(provider, path)) resolved.AddRange(matches.Select(m => InDrive(null, m)));
                    else
                    {
                        if (!IsFileSystem(provider, path)) continue;
                        resolved.AddRange(matches.Select(m => (m, "")));
                    }
                }
            }
            catch (ItemNotFoundException)
            {
                WriteError(ZarrErrors.StoreMissing(path));
                continue;
            }
            catch (ZarrException e)
            {
                WriteError(ZarrErrors.From(e, path));
                continue;
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
            {
                WriteError(ZarrErrors.Create(ZarrErrors.StoreNotFound, ErrorCategory.InvalidArgument, $"Cannot resolve path '{path}': {e.Message}", path));
                continue;
            }
            foreach (var (store, key) in resolved)
            {
                DriveKey = key;
                yield return store;
            }
        }
    }

    /// <summary>Resolves a single output path that may not exist yet (Save-Zarr's target); a Zarr drive path gives its store and <see cref="DriveKey"/>.</summary>
    protected string ResolveOutputPath()
    {
        if (_paths.Length != 1)
            ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.AmbiguousPath, ErrorCategory.InvalidArgument, "Give exactly one store path to write to.", _paths));
        var path = _paths[0];
        DriveKey = "";
        if (StoreUrl.IsUrl(path)) return path;
        try
        {
            if (!IsLiteral && WildcardPattern.ContainsWildcardCharacters(path))
            {
                var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
                if (matches.Count != 1)
                    ThrowTerminatingError(ZarrErrors.Create(ZarrErrors.AmbiguousPath, ErrorCategory.InvalidArgument, $"'{path}' matches {matches.Count} paths; a store path must name one location.", path));
                return StoreOf(provider, null, matches[0], path);
            }
            var literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var p, out var drive);
            return StoreOf(p, drive, literal, path);
        }
        catch (ZarrException e)
        {
            ThrowTerminatingError(ZarrErrors.From(e, path));
            throw;
        }
    }

    /// <summary>One store path (Copy-/Move-ZarrNode's -Destination): a file-system path, or a Zarr drive path (its key as the second value).</summary>
    private protected (string Store, string Key) ResolveStoreLocation(string path)
    {
        if (StoreUrl.IsUrl(path)) return (path, "");
        try
        {
            var literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out var drive);
            if (provider.Name == Provider.ZarrProvider.ProviderName) return InDrive(drive, literal);
            if (provider.Name != "FileSystem") ThrowTerminatingError(NotFileSystem(path, provider));
            return (literal, "");
        }
        catch (ZarrException e)
        {
            ThrowTerminatingError(ZarrErrors.From(e, path));
            throw;
        }
    }

    /// <summary>A path as Test-Zarr takes it (any provider's path, answered false when it is no store): a Zarr drive path gives its store and <see cref="DriveKey"/>.</summary>
    private protected string ResolveStoreLocationOrPath(string path)
    {
        DriveKey = "";
        var literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out var drive);
        if (provider.Name != Provider.ZarrProvider.ProviderName) return literal;
        var (store, key) = InDrive(drive, literal);
        DriveKey = key;
        return store;
    }

    private string StoreOf(ProviderInfo provider, PSDriveInfo? drive, string providerPath, string path)
    {
        if (PathsNameStores && provider.Name == Provider.ZarrProvider.ProviderName)
        {
            var (store, key) = InDrive(drive, providerPath);
            DriveKey = key;
            return store;
        }
        if (!IsFileSystem(provider, path)) ThrowTerminatingError(NotFileSystem(path, provider));
        return providerPath;
    }

    private bool IsZarrDrive(ProviderInfo provider, string path) => PathsNameStores && provider.Name == Provider.ZarrProvider.ProviderName;

    /// <summary>
    /// The store and key behind a Zarr provider path (never outside the drive's store): in the drive the path named, else
    /// (provider-qualified paths, wildcard matches) in the Zarr drive visible here whose root is the path's longest prefix.
    /// </summary>
    private (string Store, string Key) InDrive(PSDriveInfo? drive, string providerPath)
    {
        var item = Provider.ZarrProviderPaths.Locate(drive,
            () => SessionState.Drive.GetAllForProvider(Provider.ZarrProvider.ProviderName).OfType<Provider.ZarrDriveInfo>(), providerPath);
        return (item.Drive.Location, item.Key);
    }

    private bool IsFileSystem(ProviderInfo provider, string path)
    {
        if (provider.Name == "FileSystem") return true;
        WriteError(NotFileSystem(path, provider));
        return false;
    }

    private static ErrorRecord NotFileSystem(string path, ProviderInfo provider) =>
        ZarrErrors.Create(ZarrErrors.PathNotFileSystem, ErrorCategory.InvalidArgument,
            $"'{path}' is on the {provider.Name} provider; Zarr stores must be file-system paths or Zarr drive paths.", path);

    /// <summary>
    /// Opens an existing store (a directory, a zip archive such as <c>x.zarr.zip</c>, or a store URL whose root holds
    /// Zarr metadata) or reports it missing.
    /// </summary>
    protected IZarrStore OpenStore(string path, bool readOnly = true) => StoreAccess.OpenExisting(path, readOnly, StoreOptions);

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
