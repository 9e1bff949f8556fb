using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Provider;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.PowerShell.Abstractions;
using SciTex.Zarr.PowerShell.Errors;
using SciTex.Zarr.PowerShell.Output;

namespace SciTex.Zarr.PowerShell.Provider;

/// <summary>
/// The Zarr provider: <c>New-PSDrive -Name run -PSProvider Zarr -Root ./run.zarr</c> mounts a store (directory, zip
/// archive or store URL); groups are containers, arrays leaves, attributes item properties, and an array's (or group's)
/// value its content. Items are the ZarrNodeInfo objects Get-ZarrTree emits. Every change goes through the engine's
/// node operations (docs/write-protocol.md). This file: drives and the shared plumbing; the other parts of the class
/// hold navigation, changes, properties and content.
/// </summary>
[CmdletProvider(ProviderName, ProviderCapabilities.ShouldProcess | ProviderCapabilities.Filter)]
[OutputType(typeof(ZarrNodeInfo), ProviderCmdlet = ProviderCmdlet.GetItem)]
[OutputType(typeof(ZarrNodeInfo), ProviderCmdlet = ProviderCmdlet.GetChildItem)]
[OutputType(typeof(string), ProviderCmdlet = ProviderCmdlet.GetChildItem)]
[OutputType(typeof(ZarrNodeInfo), ProviderCmdlet = ProviderCmdlet.NewItem)]
[OutputType(typeof(PSObject), ProviderCmdlet = ProviderCmdlet.GetItemProperty)]
[OutputType(typeof(object), ProviderCmdlet = ProviderCmdlet.GetContent)]
public sealed partial class ZarrProvider : NavigationCmdletProvider, IContentCmdletProvider, IPropertyCmdletProvider
{
    public const string ProviderName = "Zarr";

    /// <summary>-StoreOption of New-PSDrive for store URLs (the same keys as the cmdlets' -StoreOption).</summary>
    public sealed class DriveParameters
    {
        [Parameter]
        public Hashtable? StoreOption { get; set; }
    }

    protected override object NewDriveDynamicParameters() => new DriveParameters();

    protected override ProviderInfo Start(ProviderInfo providerInfo)
    {
        providerInfo.Description = "Zarr stores as drives: groups are containers, arrays items, attributes item properties, values content (Get-Help about_Zarr_Provider)";
        return providerInfo;
    }

    /// <summary>
    /// PowerShell resolves "." and ".." in drive paths by splitting them with GetChildName and GetParentPath. For a path
    /// with such segments inside a drive both answer for the path with ".." at the drive's root staying at the root (as
    /// "cd /.." stays at "/"), where the default would refuse a path that climbs above its base. Other paths keep the
    /// default behaviour.
    /// </summary>
    protected override string GetChildName(string path)
    {
        // Inside a drive the name is the key's last segment: no existence check per item (the default makes one).
        if (TryLocate(path) is not { } item) return base.GetChildName(path);
        if (item.Key.Length > 0) return StoreKeys.LastSegment(item.Key);
        // "." is dropped by PowerShell's normalisation: a path that climbs to the root resolves to the root itself.
        return HasRelativeSegments(path) ? "." : base.GetChildName(path);
    }

    protected override string GetParentPath(string path, string root)
    {
        if (TryLocate(path) is not { } item) return base.GetParentPath(path, root);
        if (item.Key.Length > 0) return ZarrProviderPaths.PathOf(item.Drive, StoreKeys.Parent(item.Key));
        return HasRelativeSegments(path) ? item.Drive.Root : base.GetParentPath(path, root);
    }

    private static bool HasRelativeSegments(string path) =>
        path.Replace('\\', '/').Split('/').Any(segment => segment is "." or "..");

    /// <summary>No drive is mounted by default: a Zarr drive names one store, which only the user can choose.</summary>
    protected override Collection<PSDriveInfo> InitializeDefaultDrives() => [];

    protected override PSDriveInfo? NewDrive(PSDriveInfo drive)
    {
        if (drive is ZarrDriveInfo) return drive;
        var root = drive.Root;
        try
        {
            if (string.IsNullOrWhiteSpace(root))
                throw new ZarrException(ZarrErrorKind.StoreNotFound, "A Zarr drive needs -Root: the store's folder, zip archive or URL", drive.Name);
            var location = StoreUrl.IsUrl(root) ? root : ResolveFileSystemRoot(root);
            var zarrDrive = new ZarrDriveInfo(drive, location, StoreAccess.Options((DynamicParameters as DriveParameters)?.StoreOption));
            // Open it now: a drive on something that is not a Zarr store fails here, with a name, not at first use.
            _ = Engine.Hierarchy.NodeStore.Read(zarrDrive.Store, "");
            return zarrDrive;
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            WriteError(Error(e, root));
            return null;
        }
    }

    protected override PSDriveInfo RemoveDrive(PSDriveInfo drive)
    {
        (drive as ZarrDriveInfo)?.Drop();
        return drive;
    }

    /// <summary>A -Root that is not a URL is a file-system path, relative to the current file-system location.</summary>
    private string ResolveFileSystemRoot(string root)
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(root, out var provider, out _);
        if (provider.Name != "FileSystem")
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"'{root}' is on the {provider.Name} provider; a Zarr drive's root must be a file-system path or a store URL", root);
        full = System.IO.Path.GetFullPath(full);
        return full.Length > 1 ? full.TrimEnd(System.IO.Path.DirectorySeparatorChar) : full;
    }

    /// <summary>The drive and key of a provider path (throws ZarrException when it is in no Zarr drive or its key is invalid).</summary>
    private ZarrItemLocation Locate(string path) => ZarrProviderPaths.Locate(PSDriveInfo, SessionDrives, path);

    /// <summary>The Zarr drives visible where the command runs (ProviderInfo.Drives sees only the global scope's).</summary>
    private IEnumerable<ZarrDriveInfo> SessionDrives() => SessionState.Drive.GetAllForProvider(ProviderInfo.Name).OfType<ZarrDriveInfo>();

    private ZarrItemLocation? TryLocate(string path)
    {
        try { return Locate(path); }
        catch (ZarrException) { return null; }
    }

    /// <summary>Runs a provider operation, reporting engine and I/O failures as named Zarr errors (never a raw .NET exception).</summary>
    private void Run(string path, Action action)
    {
        try { action(); }
        catch (Exception e) when (e is not PipelineStoppedException and not ActionPreferenceStopException and not StackOverflowException)
        {
            WriteError(Error(e, path));
        }
    }

    private static ErrorRecord Error(Exception e, object target) =>
        e is ZarrException z ? ZarrErrors.From(z, target) : ZarrErrors.FromAny(e, target);

    private static ErrorRecord Refusal(ZarrErrorKind kind, string message, ZarrItemLocation item) =>
        ZarrErrors.From(new ZarrException(kind, message, item.Drive.Location, Printable(item.Key)), ZarrProviderPaths.PathOf(item.Drive, item.Key));

    private static string Printable(string key) => key.Length == 0 ? "/" : key;

    /// <summary>"store (key 'a/b')", the ShouldProcess target, as the Zarr cmdlets name it.</summary>
    private static string Target(ZarrItemLocation item) => $"{item.Drive.Location} (key '{Printable(item.Key)}')";
}
