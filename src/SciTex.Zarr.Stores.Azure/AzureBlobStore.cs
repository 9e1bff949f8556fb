using System.Runtime.CompilerServices;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;

namespace SciTex.Zarr.Stores.Azure;

/// <summary>
/// A Zarr store in an Azure Blob container through Azure.Storage.Blobs. Azure documents no suffix ranges (Azurite
/// answers them with 500), so a suffix read asks for the size first. Metadata writes are conditional
/// (IfNoneMatch = *, 409 BlobAlreadyExists; IfMatch = ETag, 412 ConditionNotMet → ZarrWriteConflict). The SDK's own
/// retries are off: <see cref="ObjectStore"/> retries transient failures with bounded backoff.
/// </summary>
public sealed class AzureBlobStore : ObjectStore
{
    private readonly BlobContainerClient _container;

    public AzureBlobStore(BlobContainerClient container, string prefix, string displayName, bool readOnly, ObjectStoreOptions? options = null)
        : base(displayName, prefix, readOnly, options) => _container = container;

    protected override bool SupportsSuffixRanges => false;

    /// <summary>
    /// Opens <c>az://container/prefix</c> or <c>https://account.blob.core.windows.net/container/prefix</c>. Options
    /// (case-insensitive): ConnectionString (else AZURE_STORAGE_CONNECTION_STRING), Endpoint or Account (the account's
    /// blob endpoint, or its name for https://&lt;name&gt;.blob.core.windows.net; else AZURE_STORAGE_ACCOUNT),
    /// Anonymous (public containers). Without a connection string or a SAS in the URL, DefaultAzureCredential
    /// (environment, managed identity, Azure CLI, …) signs requests. Secrets never appear in messages.
    /// </summary>
    public static AzureBlobStore Open(StoreUrl url, IReadOnlyDictionary<string, string?> options, bool readOnly)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        var connection = Option(options, "ConnectionString") ?? Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING");
        var anonymous = Option(options, "Anonymous") is { } a && a.Trim().ToLowerInvariant() is "true" or "1" or "yes";
        BlobContainerClient container;
        try
        {
            var endpoint = url.Endpoint ?? EndpointOf(options);
            if (endpoint is null && connection is not null)
                container = new BlobContainerClient(connection, url.Container, clientOptions);
            else if (endpoint is null)
                throw new ZarrException(ZarrErrorKind.InvalidArgument,
                    "An az:// URL needs the account: -StoreOption @{ Account = 'name' } or @{ Endpoint = 'https://name.blob.core.windows.net' }, AZURE_STORAGE_ACCOUNT, or a connection string (AZURE_STORAGE_CONNECTION_STRING)", url.DisplayName);
            else
            {
                var query = Uri.TryCreate(url.Original, UriKind.Absolute, out var original) ? original.Query : "";
                var containerUri = new Uri(endpoint.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(url.Container) + query);
                container = anonymous || query.Contains("sig=", StringComparison.OrdinalIgnoreCase)
                    ? new BlobContainerClient(containerUri, clientOptions)
                    : new BlobContainerClient(containerUri, new DefaultAzureCredential(), clientOptions);
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException)
        {
            // The connection string's own text is never repeated: it holds the account key.
            throw new ZarrException(ZarrErrorKind.InvalidArgument, "The Azure connection string or endpoint is malformed", url.DisplayName, null);
        }
        return new AzureBlobStore(container, url.Prefix, url.DisplayName, readOnly, ObjectStoreOptions.From(options));
    }

    private static Uri? EndpointOf(IReadOnlyDictionary<string, string?> options)
    {
        if (Option(options, "Endpoint") is { } endpoint) return new Uri(endpoint);
        var account = Option(options, "Account") ?? Environment.GetEnvironmentVariable("AZURE_STORAGE_ACCOUNT");
        return account is null ? null : new Uri($"https://{account}.blob.core.windows.net");
    }

    private static string? Option(IReadOnlyDictionary<string, string?> options, string name) =>
        options.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    protected override async Task<ObjectRead?> ReadObjectAsync(string name, long offset, int length, CancellationToken cancel)
    {
        var blob = _container.GetBlobClient(name);
        var options = new BlobDownloadOptions();
        if (length >= 0 || offset > 0) options.Range = new HttpRange(offset, length >= 0 ? length : null);
        try
        {
            var response = await blob.DownloadStreamingAsync(options, cancel).ConfigureAwait(false);
            using var result = response.Value;
            var size = result.Details.ContentLength;
            var buffer = PooledBuffer.Rent(checked((int)size));
            try
            {
                var read = 0;
                while (read < size)
                {
                    var n = await result.Content.ReadAsync(buffer.Array.AsMemory(read, (int)size - read), cancel).ConfigureAwait(false);
                    if (n == 0) throw new ObjectTransientException($"Connection closed after {read} of {size} bytes");
                    read += n;
                }
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
            return new ObjectRead(buffer, result.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != "ContainerNotFound") { return null; }
    }

    protected override async Task<ObjectInfo?> HeadObjectAsync(string name, CancellationToken cancel)
    {
        try
        {
            var properties = await _container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancel).ConfigureAwait(false);
            return new ObjectInfo(properties.Value.ContentLength, properties.Value.ETag.ToString(), properties.Value.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    protected override async Task<string?> WriteObjectAsync(string name, ReadOnlyMemory<byte> data, WriteCondition condition, CancellationToken cancel)
    {
        var options = new BlobUploadOptions();
        if (!condition.IsNone)
            options.Conditions = new BlobRequestConditions
            {
                IfNoneMatch = condition.IfNoneMatch ? ETag.All : null,
                IfMatch = condition.IfMatch is { } etag ? new ETag(etag) : null,
            };
        try
        {
            var response = await _container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(data), options, cancel).ConfigureAwait(false);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (!condition.IsNone && (e.Status == 412 || (e.Status == 409 && e.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet")))
        {
            throw new ObjectConflictException($"{e.Status} {e.ErrorCode}", e);
        }
    }

    /// <summary>
    /// Server-side copy within the account (Copy Blob, which completes at once inside one account). A credential that
    /// may not authorise the copy source (403) falls back to reading and writing the bytes.
    /// </summary>
    protected override async Task CopyObjectAsync(string sourceName, string targetName, CancellationToken cancel)
    {
        var source = _container.GetBlobClient(sourceName);
        try
        {
            var copy = await _container.GetBlobClient(targetName).StartCopyFromUriAsync(source.Uri, cancellationToken: cancel).ConfigureAwait(false);
            await copy.WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), cancel).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != "ContainerNotFound")
        {
            throw new ZarrException(ZarrErrorKind.KeyNotFound, "The source of a copy is missing", Name, sourceName);
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            await base.CopyObjectAsync(sourceName, targetName, cancel).ConfigureAwait(false);
        }
    }

    protected override async Task DeleteObjectAsync(string name, CancellationToken cancel) =>
        await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancel).ConfigureAwait(false);

    protected override async IAsyncEnumerable<ObjectEntry> ListObjectsAsync(string prefix, bool delimited, [EnumeratorCancellation] CancellationToken cancel)
    {
        if (!delimited)
        {
            await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken: cancel).ConfigureAwait(false))
                yield return new ObjectEntry(item.Name, false, item.Properties.ContentLength ?? 0);
            yield break;
        }
        await foreach (var item in _container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix, cancellationToken: cancel).ConfigureAwait(false))
            yield return item.IsPrefix ? new ObjectEntry(item.Prefix.TrimEnd('/'), true) : new ObjectEntry(item.Blob.Name, false, item.Blob.Properties.ContentLength ?? 0);
    }

    protected override bool IsTransient(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        AuthenticationFailedException => false,
        HttpRequestException or IOException or TimeoutException => true,
        TaskCanceledException t => t.InnerException is TimeoutException,
        _ => base.IsTransient(e),
    };
}
