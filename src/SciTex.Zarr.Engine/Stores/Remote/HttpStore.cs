using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using SciTex.Zarr.Engine.Buffers;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores.Remote;

/// <summary>
/// A read-only store over plain HTTP(S) (any static file server, a CDN, a signed URL): GET with Range headers (a
/// server that ignores Range and answers 200 is sliced here), HEAD for sizes and versions (ETag, else Last-Modified
/// and length). HTTP has no listing: metadata and consolidated metadata tell what exists, and listing-based features
/// (Get-ZarrTree without consolidated metadata, Import-Zarr of a whole group) fail with ZarrNotSupported.
/// </summary>
public sealed class HttpStore : ObjectStore
{
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = TimeSpan.FromSeconds(100) };

    private readonly Uri _root;
    private readonly HttpClient _client;

    /// <param name="root">The store's root URL; a query (a signed URL's token) is sent with every request.</param>
    public HttpStore(Uri root, string? displayName = null, ObjectStoreOptions? options = null, HttpClient? client = null)
        : base(displayName ?? StoreUrl.Redact(root.ToString()).TrimEnd('/'), "", readOnly: true, options)
    {
        _root = root.AbsolutePath.EndsWith('/') ? root : new UriBuilder(root) { Path = root.AbsolutePath + "/" }.Uri;
        _client = client ?? SharedClient;
    }

    public static HttpStore Open(StoreUrl url, IReadOnlyDictionary<string, string?> options, bool readOnly) => new(url.Endpoint!, url.DisplayName, ObjectStoreOptions.From(options));

    public override StoreCapabilities Capabilities => StoreCapabilities.HighLatency | StoreCapabilities.SuffixRanges;

    private Uri UriOf(string name)
    {
        var escaped = string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
        return new UriBuilder(_root) { Path = _root.AbsolutePath + escaped }.Uri;
    }

    protected override async Task<ObjectRead?> ReadObjectAsync(string name, long offset, int length, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, UriOf(name));
        var ranged = length >= 0 || offset != 0;
        if (ranged)
            request.Headers.Range = offset < 0 ? new RangeHeaderValue(null, -offset) : new RangeHeaderValue(offset, length < 0 ? null : offset + length - 1);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone) return null;
        Check(response, name);
        var data = await ReadBody(response, cancel).ConfigureAwait(false);
        if (ranged && response.StatusCode == HttpStatusCode.OK)
        {
            // The server ignored Range (python's http.server does): cut the range out of the whole value.
            using var whole = data;
            var start = offset < 0 ? whole.Length + offset : offset;
            var count = offset < 0 ? -offset : length < 0 ? whole.Length - start : Math.Min(length, whole.Length - start);
            if (start < 0 || count < 0) throw new ZarrException(ZarrErrorKind.CorruptChunk, $"Range {offset}+{length} outside the {whole.Length}-byte value", Name, name);
            data = PooledBuffer.CopyOf(whole.Span.Slice((int)start, (int)count));
        }
        return new ObjectRead(data, Version(response));
    }

    private static async Task<PooledBuffer> ReadBody(HttpResponseMessage response, CancellationToken cancel)
    {
        var declared = response.Content.Headers.ContentLength;
        await using var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        if (declared is { } size && size <= Array.MaxLength)
        {
            var buffer = PooledBuffer.Rent((int)size);
            var read = 0;
            while (read < size)
            {
                var n = await stream.ReadAsync(buffer.Array.AsMemory(read, (int)size - read), cancel).ConfigureAwait(false);
                if (n == 0) break;
                read += n;
            }
            if (read != size) { buffer.Dispose(); throw new ObjectTransientException($"Connection closed after {read} of {size} bytes"); }
            return buffer;
        }
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancel).ConfigureAwait(false);
        return PooledBuffer.Wrap(copy.ToArray());
    }

    protected override async Task<ObjectInfo?> HeadObjectAsync(string name, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, UriOf(name));
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone) return null;
        Check(response, name);
        return new ObjectInfo(response.Content.Headers.ContentLength ?? -1, Version(response));
    }

    private static string? Version(HttpResponseMessage response) =>
        response.Headers.ETag?.Tag ?? (response.Content.Headers.LastModified is { } modified ? $"{modified.UtcTicks}:{response.Content.Headers.ContentLength}" : null);

    private void Check(HttpResponseMessage response, string name)
    {
        if (response.IsSuccessStatusCode) return;
        var status = (int)response.StatusCode;
        var message = $"HTTP {status} {response.ReasonPhrase}";
        if (status is 408 or 429 or >= 500) throw new ObjectTransientException(message);
        throw new ZarrException(ZarrErrorKind.StoreUnavailable, $"The server refused the request: {message}", Name, name);
    }

    protected override Task<string?> WriteObjectAsync(string name, ReadOnlyMemory<byte> data, WriteCondition condition, CancellationToken cancel) =>
        throw new ZarrException(ZarrErrorKind.NotSupported, "HTTP stores are read-only; write to s3://, az:// or a local path", Name, name);

    protected override Task DeleteObjectAsync(string name, CancellationToken cancel) =>
        throw new ZarrException(ZarrErrorKind.NotSupported, "HTTP stores are read-only", Name, name);

    protected override async IAsyncEnumerable<ObjectEntry> ListObjectsAsync(string prefix, bool delimited, [EnumeratorCancellation] CancellationToken cancel)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        throw new ZarrException(ZarrErrorKind.NotSupported, "HTTP stores cannot list their keys", Name, prefix);
#pragma warning disable CS0162
        yield break;
#pragma warning restore CS0162
    }
}
