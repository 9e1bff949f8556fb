using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Azure.Storage.Blobs;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>
/// Real servers on 127.0.0.1 for the object-store tests, started once per test run on free ports and stopped when
/// the run ends: moto_server (S3), Azurite's blob service (npm, tests/Interop/azurite) and python's http.server.
/// A server that cannot start skips its tests with a named message (or fails them with SCITEX_ZARR_REQUIRE_PEERS=1,
/// as in CI). Each test gets its own bucket / container / folder.
/// </summary>
public static class RemoteServers
{
    public const string MotoVariable = "SCITEX_ZARR_MOTO";
    public const string AzuriteDirectory = "tests/Interop/azurite";
    /// <summary>Azurite's published development account (a fixed, public test key; nothing secret).</summary>
    public const string AzuriteAccount = "devstoreaccount1";
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Server?> Moto = new(StartMoto);
    private static readonly Lazy<Server?> Azurite = new(StartAzurite);
    private static readonly Lazy<(Server? Server, string Root)> Http = new(StartHttp);
    private static readonly Lazy<(Server? Server, string Root)> NodeHttp = new(StartNodeHttp);
    private static readonly List<Process> Started = [];
    private static readonly Dictionary<string, string> Failures = new();

    static RemoteServers()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        // moto accepts any credentials; the S3 store finds these through the SDK's standard chain.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public sealed record Server(int Port)
    {
        public string Url => $"http://127.0.0.1:{Port}";
    }

    public static string S3Endpoint => Require(Moto, "moto_server (S3)", "it ships with the machine image's pyenv (pip install 'moto[server]'); set SCITEX_ZARR_MOTO to its path").Url;

    public static string AzuriteEndpoint => Require(Azurite, "azurite-blob (Azure)", $"(cd {AzuriteDirectory} && npm ci)").Url + "/" + AzuriteAccount;

    public static string AzuriteConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteAccount};AccountKey={AzuriteKey};BlobEndpoint={AzuriteEndpoint};";

    /// <summary>The folder python's http.server serves, and its URL.</summary>
    public static (string Root, string Url) HttpServer
    {
        get
        {
            var (server, root) = Http.Value;
            if (server is null) PeerGate.Missing(Failures.GetValueOrDefault("http") ?? "python http.server did not start", "/usr/bin/python3 (Debian python3)");
            return (root, server!.Url);
        }
    }

    /// <summary>
    /// A keep-alive static server with Range support (tests/Interop/node/static_server.mjs): python's http.server answers
    /// HTTP/1.0 without Range and queues only 5 connections, so it cannot show what concurrent requests gain.
    /// </summary>
    public static (string Root, string Url) RangeHttpServer
    {
        get
        {
            var (server, root) = NodeHttp.Value;
            if (server is null) PeerGate.Missing(Failures.GetValueOrDefault("node-http") ?? "node static server did not start", PeerGate.NodeInstall);
            return (root, server!.Url);
        }
    }

    private static Server Require(Lazy<Server?> server, string name, string install)
    {
        if (server.Value is { } s) return s;
        PeerGate.Missing($"{name} could not be started: {Failures.GetValueOrDefault(name.Split(' ')[0]) ?? "unknown"}", install);
        return null!;
    }

    public static AmazonS3Client S3Client() => new(new BasicAWSCredentials("testing", "testing"),
        new AmazonS3Config { ServiceURL = S3Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    /// <summary>A new, empty bucket.</summary>
    public static string NewBucket()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..20];
        using var client = S3Client();
        client.PutBucketAsync(name).GetAwaiter().GetResult();
        return name;
    }

    /// <summary>A new, empty container.</summary>
    public static string NewContainer()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..20];
        new BlobServiceClient(AzuriteConnectionString).CreateBlobContainer(name);
        return name;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Server? StartMoto()
    {
        var exe = Environment.GetEnvironmentVariable(MotoVariable) is { Length: > 0 } m ? m
            : FindOnPath("moto_server") ?? (File.Exists("/root/.pyenv/shims/moto_server") ? "/root/.pyenv/shims/moto_server" : null);
        if (exe is null) { Failures["moto_server"] = "moto_server is not on PATH"; return null; }
        return StartServer("moto_server", exe, port => ["-H", "127.0.0.1", "-p", port.ToString()], port => $"http://127.0.0.1:{port}/moto-api/");
    }

    private static Server? StartAzurite()
    {
        var bin = Path.Combine(Hosting.RepositoryPaths.Root, AzuriteDirectory, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(bin)) { Failures["azurite-blob"] = $"Azurite is not installed in {AzuriteDirectory}/node_modules"; return null; }
        var location = Directory.CreateTempSubdirectory("scitex-azurite-").FullName;
        return StartServer("azurite-blob", PeerGate.Node,
            port => [bin, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--location", location, "--skipApiVersionCheck", "--silent", "--loose"],
            port => $"http://127.0.0.1:{port}/{AzuriteAccount}?comp=list");
    }

    private static (Server?, string) StartHttp()
    {
        var root = Directory.CreateTempSubdirectory("scitex-http-").FullName;
        return (StartServer("http", PeerGate.Python, port => ["-m", "http.server", port.ToString(), "--bind", "127.0.0.1", "--directory", root], port => $"http://127.0.0.1:{port}/"), root);
    }

    private static (Server?, string) StartNodeHttp()
    {
        var root = Directory.CreateTempSubdirectory("scitex-nodehttp-").FullName;
        var script = Path.Combine(PeerGate.NodeDirectory, "static_server.mjs");
        return (StartServer("node-http", PeerGate.Node, port => [script, root, port.ToString()], port => $"http://127.0.0.1:{port}/"), root);
    }

    /// <summary>Starts a server on a free port and waits (≤ 30 s) until it answers; null (with the reason kept) when it does not.</summary>
    private static Server? StartServer(string name, string exe, Func<int, string[]> arguments, Func<int, string> probe)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in arguments(port)) start.ArgumentList.Add(a);
            Process process;
            try { process = Process.Start(start)!; }
            catch (Exception e) { Failures[name] = $"{exe}: {e.Message}"; return null; }
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            lock (Started) Started.Add(process);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    using var response = http.GetAsync(probe(port)).GetAwaiter().GetResult();
                    if ((int)response.StatusCode < 500) return new Server(port);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
                Thread.Sleep(100);
            }
            Failures[name] = process.HasExited ? $"exited with code {process.ExitCode}" : "did not answer within 30 s";
            Stop(process);
        }
        return null;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static void Stop(Process process)
    {
        try { if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(5000); } }
        catch (InvalidOperationException) { }
    }

    private static void StopAll()
    {
        lock (Started) foreach (var p in Started) Stop(p);
    }
}
