using System.Diagnostics;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Remote;
using SciTex.Zarr.Engine.Values;
using SciTex.Zarr.Tests.Cmdlets;
using SciTex.Zarr.Tests.Hosting;
using Xunit.Abstractions;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>The cmdlets against s3:// (moto_server), az:// (Azurite) and read-only http:// (python http.server).</summary>
[Collection("remote")]
public class RemoteCmdletTests(ITestOutputHelper output)
{
    public static TheoryData<string> Kinds => RemoteStoreTests.Kinds;

    /// <summary>The store URL and the -StoreOption text for a new bucket/container.</summary>
    private static (string Url, string Options) Target(string kind)
    {
        if (kind == "s3") return ($"s3://{RemoteServers.NewBucket()}/lab/run.zarr", $"@{{ Endpoint = '{RemoteServers.S3Endpoint}'; Region = 'us-east-1' }}");
        return ($"az://{RemoteServers.NewContainer()}/lab/run.zarr", $"@{{ ConnectionString = '{RemoteServers.AzuriteConnectionString}' }}");
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void EveryCmdletWorksOnAnObjectStore(string kind)
    {
        var (url, options) = Target(kind);
        using var s = new PsSession();
        s.Ok($$"""
            $o = {{options}}
            $m = [double[,]]::new(20, 30); for($i=0;$i -lt 20;$i++){for($j=0;$j -lt 30;$j++){$m[$i,$j]=$i*100+$j} }
            Save-Zarr -Path '{{url}}' -StoreOption $o -InputObject ([ordered]@{ g = [ordered]@{ a = [int[]](1,2,3) }; m = $m }) -ChunkShape @{ m = @(8, 10) } -Attributes @{ title = 'T1' }
            """);
        Assert.Equal([1, 2, 3], s.One<int[]>($",(Import-Zarr -Path '{url}' -StoreOption {options} -Key g/a)"));
        var m = s.One<double[,]>($",(Import-Zarr -Path '{url}' -StoreOption {options} -Key m)");
        Assert.Equal(1929, m[19, 29]);
        var tree = s.Ok($"Get-ZarrTree -Path '{url}' -StoreOption {options}");
        Assert.Equal(["/", "g", "g/a", "m"], tree.Select(n => (string)n.Properties["Key"].Value).OrderBy(k => k, StringComparer.Ordinal));
        var slice = s.One<double[,]>($",(Get-ZarrSlice -Path '{url}' -StoreOption {options} -Key m -Start 18,27 -End 20,30)");
        Assert.Equal(1827, slice[0, 0]);
        Assert.Equal(1929, slice[1, 2]);
        s.Ok($"Set-ZarrAttribute -Path '{url}' -StoreOption {options} -Key m -Attributes @{{ units = 'mV' }}");
        using (var check = StoreFactory.OpenOrCreate(url, true, OptionsOf(kind)))
            Assert.Equal("mV", SciTex.Zarr.Engine.Hierarchy.NodeStore.Read(check, "m").Attributes["units"]!.GetValue<string>());
        Assert.True(s.One<bool>($"Test-Zarr -Path '{url}' -StoreOption {options} -Key m"));
        Assert.False(s.One<bool>($"Test-Zarr -Path '{url}' -StoreOption {options} -Key nope"));
        // A replacement is atomic on object storage too (staged, committed, rolled forward): no warning any more.
        var replaced = s.Run($"Save-Zarr -Path '{url}' -StoreOption {options} -Key g -InputObject @{{ a = [int[]](9) }} -Force -WarningVariable w -WarningAction SilentlyContinue; $w.Count");
        Assert.Empty(replaced.Errors);
        Assert.Equal("0", Assert.Single(replaced.Output).ToString());
        Assert.Equal([9], s.One<int[]>($",(Import-Zarr -Path '{url}' -StoreOption {options} -Key g/a)"));
        Assert.Contains("ZarrNodeExists", s.Run($"Save-Zarr -Path '{url}' -StoreOption {options} -Key g -InputObject @{{ a = [int[]](9) }}").ErrorIds);
        Assert.Contains("ZarrStoreNotFound", s.Run($"Import-Zarr -Path '{url.Replace("run.zarr", "none.zarr")}' -StoreOption {options}").ErrorIds);
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void ASaveBlockedByAnotherWriterIsANamedConflict(string kind)
    {
        var (url, options) = Target(kind);
        using var s = new PsSession();
        s.Ok($"Save-Zarr -Path '{url}' -StoreOption {options} -InputObject @{{ g = @{{ a = [int[]](1,2) }} }}");
        using var other = StoreFactory.OpenOrCreate(url, false, OptionsOf(kind));
        using var held = other.BeginNodeWrite("g"); // another writer is replacing g right now
        var blocked = s.Run($"Save-Zarr -Path '{url}' -StoreOption ({options} + @{{ LockWait = 1 }}) -Key g -InputObject @{{ a = [int[]](3) }} -Force");
        Assert.Contains("ZarrWriteConflict", blocked.ErrorIds);
        Assert.DoesNotContain(RemoteServers.AzuriteKey, string.Join("\n", blocked.Errors.Select(e => e.ToString())));
    }

    private static Dictionary<string, string?> OptionsOf(string kind) => kind == "s3"
        ? new() { ["Endpoint"] = RemoteServers.S3Endpoint }
        : new() { ["ConnectionString"] = RemoteServers.AzuriteConnectionString };

    [SkippableFact]
    public void HttpStoresAreReadOnlyAndNeedConsolidatedMetadata()
    {
        var (root, baseUrl) = RemoteServers.HttpServer;
        var name = "h" + Guid.NewGuid().ToString("N")[..8];
        using var s = new PsSession();
        var local = Path.Combine(root, name, "run.zarr");
        s.Ok($$"""
            $m = [int[,]]::new(10, 12); for($i=0;$i -lt 10;$i++){for($j=0;$j -lt 12;$j++){$m[$i,$j]=$i*12+$j} }
            Save-Zarr -LiteralPath '{{local}}' -InputObject ([ordered]@{ g = [ordered]@{ a = [double[]](1.5,2.5) }; m = $m }) -ChunkShape @{ m = @(4, 5) } -Consolidate
            Save-Zarr -LiteralPath '{{local}}.plain' -InputObject @{ a = [int[]](1) }
            """);
        var url = $"{baseUrl}/{name}/run.zarr";
        Assert.True(s.One<bool>($"Test-Zarr -Path '{url}' -Key m"));
        var tree = s.Ok($"Get-ZarrTree -Path '{url}'");
        Assert.Equal(["/", "g", "g/a", "m"], tree.Select(n => (string)n.Properties["Key"].Value).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(119, s.One<int[,]>($",(Import-Zarr -Path '{url}' -Key m)")[9, 11]);
        Assert.Equal(new[,] { { 53, 54 } }, s.One<int[,]>($",(Get-ZarrSlice -Path '{url}' -Key m -Start 4,5 -End 5,7)"));
        Assert.Contains("ZarrNotSupported", s.Run($"Save-Zarr -Path '{url}' -InputObject @{{ b = [int[]](1) }}").ErrorIds);
        Assert.Contains("ZarrNotSupported", s.Run($"Set-ZarrAttribute -Path '{url}' -Key m -Attributes @{{ x = 1 }}").ErrorIds);
        Assert.Contains("ZarrNotSupported", s.Run($"Get-ZarrTree -Path '{baseUrl}/{name}/run.zarr.plain'").ErrorIds);
        Assert.Contains("ZarrStoreNotFound", s.Run($"Import-Zarr -Path '{baseUrl}/{name}/missing.zarr'").ErrorIds);
    }

    [SkippableFact]
    public void TheModuleLoadsTheAwsSdkIntoItsPrivateContextInARealHost()
    {
        var bucket = RemoteServers.NewBucket();
        var url = $"s3://{bucket}/iso.zarr";
        var script = $"Save-Zarr -Path '{url}' -StoreOption @{{ Endpoint = '{RemoteServers.S3Endpoint}' }} -InputObject @{{ a = [double[]](1..10) }}; " +
            $"(Import-Zarr -Path '{url}' -StoreOption @{{ Endpoint = '{RemoteServers.S3Endpoint}' }} -Key a) -join ','; " +
            "$aws = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' }; " +
            "[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($aws).Name";
        var run = HostProcess.Run(["-Command", script], environment: new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing" });
        Assert.True(run.ExitCode == 0, run.StdErr + run.StdOut);
        Assert.Equal(["1,2,3,4,5,6,7,8,9,10", "SciTex.Zarr.Dependencies"], run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>
    /// 256 chunks behind 20 ms of injected latency per request: default I/O concurrency against one request at a
    /// time. Over HTTP (a keep-alive node static server) the ratio must reach the acceptance bar of 10×; moto_server spends
    /// ~4 ms of CPU per GET on these 2 shared cores, so its concurrent read is bound by the emulator and the bar there
    /// is 3× (bench/README.md reports the exact numbers).
    /// </summary>
    [SkippableTheory]
    [InlineData("http", 10.0)]
    [InlineData("s3", 3.0)]
    public void ManyRequestsInFlightBeatLatency(string kind, double bar)
    {
        var data = Enumerable.Range(0, 256 * 1024).Select(i => (float)i).ToArray();
        var items = new Dictionary<string, object?> { ["a"] = data };
        var options = new SaveOptions { ChunkShape = [1024] };
        ObjectStore? direct = null;
        string target;
        if (kind == "s3")
        {
            direct = RemoteStoreTests.Open("s3");
            RemoteStoreTests.Save(direct, "", items, options);
            target = RemoteServers.S3Endpoint;
        }
        else
        {
            var (root, url) = RemoteServers.RangeHttpServer;
            var name = "lat" + Guid.NewGuid().ToString("N")[..8];
            using (var local = new DirectoryStore(Path.Combine(root, name))) RemoteStoreTests.Save(local, "", items, options);
            target = url;
            items["name"] = name;
        }
        using var proxy = new LatencyProxy(target, TimeSpan.FromMilliseconds(20));
        using var store = kind == "s3"
            ? RemoteStoreTests.Open("s3", RemoteStoreTests.ContainerOf(direct!), endpoint: proxy.Url, readOnly: true)
            : new HttpStore(new Uri($"{proxy.Url}/{items["name"]}/"));
        direct?.Dispose();
        var array = ZarrArray.Open(store, "a");
        Assert.Equal(data, (float[])array.Read()); // warm the connection pool
        var saved = ZarrConfig.IoConcurrency;
        try
        {
            var concurrent = Time(() => Assert.Equal(data, (float[])array.Read()));
            ZarrConfig.IoConcurrency = 1;
            var sequential = Time(() => Assert.Equal(data, (float[])array.Read()));
            output.WriteLine($"{kind}: 256 chunks, 20 ms latency: default ({saved}) {concurrent.TotalMilliseconds:0} ms, concurrency 1 {sequential.TotalMilliseconds:0} ms, ratio {sequential / concurrent:0.0}");
            Assert.True(sequential.TotalMilliseconds >= 256 * 20, "the proxy must really delay each request");
            Assert.True(sequential / concurrent >= bar, $"ratio {sequential / concurrent:0.0} < {bar}");
        }
        finally { ZarrConfig.IoConcurrency = saved; }
    }

    private static TimeSpan Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }
}
