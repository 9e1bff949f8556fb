using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;

namespace SciTex.Zarr.PowerShell.Stores;

/// <summary>
/// Registers the SDK-backed stores with the engine's <see cref="StoreFactory"/>. Each opener is its own method, so an
/// adapter assembly (and its SDK, from Dependencies/ through the module's private load context) is loaded only when
/// a URL of its kind is first opened.
/// </summary>
internal static class RemoteStores
{
    private static int _registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        StoreFactory.Register(StoreUrl.S3, OpenS3);
        StoreFactory.Register(StoreUrl.Azure, OpenAzure);
    }

    private static IZarrStore OpenS3(StoreUrl url, IReadOnlyDictionary<string, string?> options, bool readOnly) =>
        Zarr.Stores.S3.S3Store.Open(url, options, readOnly);

    private static IZarrStore OpenAzure(StoreUrl url, IReadOnlyDictionary<string, string?> options, bool readOnly) =>
        Zarr.Stores.Azure.AzureBlobStore.Open(url, options, readOnly);
}
