using System.Text.RegularExpressions;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Stores.Remote;

/// <summary>
/// A store given as a URL: <c>s3://bucket/prefix/x.zarr</c>, <c>az://container/prefix/x.zarr</c>,
/// <c>https://account.blob.core.windows.net/container/x.zarr</c> (Azure's own form) or any other
/// <c>http(s)://host/path/x.zarr</c> (read-only HTTP). <see cref="DisplayName"/> never contains credentials:
/// user info and the query (an Azure SAS token) are dropped from it.
/// </summary>
public sealed partial record StoreUrl(string Kind, string Container, string Prefix, Uri? Endpoint, string DisplayName, string Original)
{
    public const string S3 = "s3";
    public const string Azure = "az";
    public const string Http = "http";

    [GeneratedRegex("^(?<scheme>s3|az|https?)://", RegexOptions.IgnoreCase)]
    private static partial Regex SchemePattern();

    /// <summary>True when <paramref name="path"/> is written as a store URL rather than a file-system path.</summary>
    public static bool IsUrl(string? path) => path is not null && SchemePattern().IsMatch(path);

    public static StoreUrl Parse(string text)
    {
        var match = SchemePattern().Match(text);
        if (!match.Success) throw Invalid(text, "not a store URL (s3://, az://, http:// or https://)");
        var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0) throw Invalid(text, "not a valid URL");
        var path = Uri.UnescapeDataString(uri.AbsolutePath).Trim('/');
        var safe = $"{scheme}://{uri.Authority}{uri.AbsolutePath.TrimEnd('/')}";
        switch (scheme)
        {
            case "s3":
                return new StoreUrl(S3, uri.Host, NormalizePrefix(path, text), null, safe, text);
            case "az":
                return new StoreUrl(Azure, uri.Host, NormalizePrefix(path, text), null, safe, text);
        }
        if (uri.Host.EndsWith(".blob.core.windows.net", StringComparison.OrdinalIgnoreCase))
        {
            var slash = path.IndexOf('/');
            var container = slash < 0 ? path : path[..slash];
            if (container.Length == 0) throw Invalid(safe, "an Azure blob URL names a container: https://<account>.blob.core.windows.net/<container>/<path>");
            return new StoreUrl(Azure, container, NormalizePrefix(slash < 0 ? "" : path[(slash + 1)..], text),
                new Uri($"{uri.Scheme}://{uri.Authority}"), safe, text);
        }
        // Plain HTTP(S): the endpoint is the store's root URL, with its query (a signed URL's token) kept for requests.
        var root = new UriBuilder(uri) { Path = uri.AbsolutePath.TrimEnd('/') + "/", Fragment = "" }.Uri;
        return new StoreUrl(Http, uri.Authority, "", root, safe, text);
    }

    /// <summary>The key prefix inside the bucket/container, with a trailing '/' ("" for the container's root).</summary>
    private static string NormalizePrefix(string path, string text)
    {
        try
        {
            var normal = StoreKeys.NormalizePath(path);
            return normal.Length == 0 ? "" : normal + "/";
        }
        catch (ZarrException e)
        {
            throw new ZarrException(ZarrErrorKind.InvalidArgument, $"Store URL has an invalid path: {e.Message}", Redact(text), null, e);
        }
    }

    private static ZarrException Invalid(string text, string why) =>
        new(ZarrErrorKind.InvalidArgument, $"'{Redact(text)}' is {why}", Redact(text));

    /// <summary>A URL without user info or query, for messages.</summary>
    public static string Redact(string text)
    {
        var q = text.IndexOfAny(['?', '#']);
        var s = q < 0 ? text : text[..q];
        var at = s.IndexOf('@');
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (at > 0 && scheme > 0 && at > scheme && s.IndexOf('/', scheme + 3) is var slash && (slash < 0 || at < slash))
            s = s[..(scheme + 3)] + s[(at + 1)..];
        return s;
    }
}
