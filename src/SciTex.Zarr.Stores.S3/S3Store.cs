using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Amazon.S3.Model;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;

namespace SciTex.Zarr.Stores.S3;

/// <summary>
/// A Zarr store in an S3 bucket (AWS or any S3-compatible service) through AWSSDK.S3. Ranged and suffix reads are
/// single requests; metadata writes are conditional (If-None-Match: * / If-Match: ETag, 412 → ZarrWriteConflict).
/// The SDK's own retries are off: <see cref="ObjectStore"/> retries transient failures with bounded backoff.
/// </summary>
public sealed class S3Store : ObjectStore
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly bool _ownsClient;

    public S3Store(IAmazonS3 client, string bucket, string prefix, string displayName, bool readOnly, ObjectStoreOptions? options = null, bool ownsClient = false)
        : base(displayName, prefix, readOnly, options)
    {
        _client = client;
        _bucket = bucket;
        _ownsClient = ownsClient;
    }

    /// <summary>
    /// Opens <c>s3://bucket/prefix</c>. Options (case-insensitive): Endpoint (or AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL;
    /// path-style addressing for custom endpoints), Region (or AWS_REGION / AWS_DEFAULT_REGION; default us-east-1),
    /// Profile (a named profile of the shared credentials file), Anonymous (unsigned requests to public buckets).
    /// Credentials otherwise come from the SDK's standard chain (environment, profile, container/instance roles).
    /// </summary>
    public static S3Store Open(StoreUrl url, IReadOnlyDictionary<string, string?> options, bool readOnly)
    {
        var config = new AmazonS3Config { MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(100) };
        var endpoint = Option(options, "Endpoint") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        var region = Option(options, "Region") ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1";
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"StoreOption Endpoint '{StoreUrl.Redact(endpoint)}' is not an http(s) URL", url.DisplayName);
            config.ServiceURL = uri.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        if (Option(options, "ForcePathStyle") is { } pathStyle) config.ForcePathStyle = IsTrue(pathStyle);

        AWSCredentials? credentials = null;
        if (Option(options, "Anonymous") is { } anonymous && IsTrue(anonymous)) credentials = new AnonymousAWSCredentials();
        else if (Option(options, "Profile") is { } profile)
        {
            if (!new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out credentials))
                throw new ZarrException(ZarrErrorKind.InvalidArgument, $"No AWS credentials profile named '{profile}' was found", url.DisplayName);
        }
        try
        {
            var client = credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
            return new S3Store(client, url.Container, url.Prefix, url.DisplayName, readOnly, ObjectStoreOptions.From(options), ownsClient: true);
        }
        catch (AmazonClientException e)
        {
            throw new ZarrException(ZarrErrorKind.StoreUnavailable, $"Could not set up the S3 client: {Clean(e.Message)}", url.DisplayName, null, e);
        }
    }

    private static string? Option(IReadOnlyDictionary<string, string?> options, string name) =>
        options.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    private static bool IsTrue(string value) => value.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "$true";

    protected override async Task<ObjectRead?> ReadObjectAsync(string name, long offset, int length, CancellationToken cancel)
    {
        var request = new GetObjectRequest { BucketName = _bucket, Key = name };
        if (offset < 0) request.ByteRange = new ByteRange($"bytes={offset}");
        else if (length >= 0) request.ByteRange = new ByteRange(offset, offset + length - 1);
        else if (offset > 0) request.ByteRange = new ByteRange($"bytes={offset}-");
        try
        {
            using var response = await _client.GetObjectAsync(request, cancel).ConfigureAwait(false);
            var size = response.ContentLength;
            var buffer = PooledBuffer.Rent(checked((int)size));
            try
            {
                var read = 0;
                while (read < size)
                {
                    var n = await response.ResponseStream.ReadAsync(buffer.Array.AsMemory(read, (int)size - read), cancel).ConfigureAwait(false);
                    if (n == 0) throw new ObjectTransientException($"Connection closed after {read} of {size} bytes");
                    read += n;
                }
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
            return new ObjectRead(buffer, response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket") { return null; }
    }

    protected override async Task<ObjectInfo?> HeadObjectAsync(string name, CancellationToken cancel)
    {
        try
        {
            var response = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = name }, cancel).ConfigureAwait(false);
            return new ObjectInfo(response.ContentLength, response.ETag, response.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero) : null);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    protected override async Task<string?> WriteObjectAsync(string name, ReadOnlyMemory<byte> data, WriteCondition condition, CancellationToken cancel)
    {
        var stream = MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = name,
            InputStream = stream,
            AutoCloseStream = true,
            AutoResetStreamPosition = true,
            ContentType = "application/octet-stream",
        };
        if (condition.IfNoneMatch) request.IfNoneMatch = "*";
        if (condition.IfMatch is { } etag) request.IfMatch = etag;
        try
        {
            var response = await _client.PutObjectAsync(request, cancel).ConfigureAwait(false);
            return response.ETag;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed || (e.StatusCode == HttpStatusCode.Conflict && !condition.IsNone))
        {
            throw new ObjectConflictException($"{(int)e.StatusCode} {e.ErrorCode}", e);
        }
    }

    /// <summary>Server-side CopyObject (single request for objects up to 5 GB, chunks are far smaller).</summary>
    protected override async Task CopyObjectAsync(string sourceName, string targetName, CancellationToken cancel)
    {
        var request = new CopyObjectRequest { SourceBucket = _bucket, SourceKey = sourceName, DestinationBucket = _bucket, DestinationKey = targetName };
        try
        {
            await _client.CopyObjectAsync(request, cancel).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            throw new ZarrException(ZarrErrorKind.KeyNotFound, "The source of a copy is missing", Name, sourceName);
        }
    }

    protected override async Task DeleteObjectAsync(string name, CancellationToken cancel)
    {
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = name }, cancel).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket") { }
    }

    protected override async IAsyncEnumerable<ObjectEntry> ListObjectsAsync(string prefix, bool delimited, [EnumeratorCancellation] CancellationToken cancel)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, Delimiter = delimited ? "/" : null };
        while (true)
        {
            var response = await _client.ListObjectsV2Async(request, cancel).ConfigureAwait(false);
            foreach (var o in response.S3Objects ?? []) yield return new ObjectEntry(o.Key, false, o.Size ?? 0);
            foreach (var p in response.CommonPrefixes ?? []) yield return new ObjectEntry(p.TrimEnd('/'), true);
            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken)) yield break;
            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    protected override bool IsTransient(Exception e) => e switch
    {
        AmazonServiceException s => (int)s.StatusCode is 408 or 429 or >= 500 || s.ErrorCode is "SlowDown" or "RequestTimeout" or "Throttling" or "ThrottlingException"
            || (s.StatusCode == 0 && s.InnerException is HttpRequestException or IOException),
        AmazonClientException c => c.InnerException is HttpRequestException or IOException or TimeoutException,
        HttpRequestException or IOException or TimeoutException => true,
        TaskCanceledException t => t.InnerException is TimeoutException,
        _ => base.IsTransient(e),
    };

    public override void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
