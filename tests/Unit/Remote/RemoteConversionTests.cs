using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Tests.Cmdlets;
using SciTex.Zarr.Tests.Conversion;

namespace SciTex.Zarr.Tests.Remote;

/// <summary>ConvertTo-Zarr straight to object storage: HDF5 (h5py writes it) and .npy into s3:// (moto_server) and az:// (Azurite).</summary>
[Collection("remote")]
public class RemoteConversionTests
{
    public static TheoryData<string> Kinds => RemoteStoreTests.Kinds;

    private static (string Url, string Options, Dictionary<string, string?> Engine) Target(string kind) => kind == "s3"
        ? ($"s3://{RemoteServers.NewBucket()}/lab/h5.zarr", $"@{{ Endpoint = '{RemoteServers.S3Endpoint}' }}", new() { ["Endpoint"] = RemoteServers.S3Endpoint })
        : ($"az://{RemoteServers.NewContainer()}/lab/h5.zarr", $"@{{ ConnectionString = '{RemoteServers.AzuriteConnectionString}' }}", new() { ["ConnectionString"] = RemoteServers.AzuriteConnectionString });

    /// <summary>A .npy written by hand (format 1.0, little-endian float64).</summary>
    private static void WriteNpy(string path, params double[] values)
    {
        var header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({values.Length},), }}".PadRight(118) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0]);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(header));
        foreach (var v in values) stream.Write(BitConverter.GetBytes(v));
    }

    [SkippableTheory, MemberData(nameof(Kinds))]
    public void ConvertToZarrWritesHdf5AndNpyStraightToObjectStorage(string kind)
    {
        var (url, options, engineOptions) = Target(kind);
        using var s = new PsSession();
        var h5 = s.P("tree.h5");
        Python.Run("h5_make.py", "tree", h5);
        var npy = s.P("a.npy");
        WriteNpy(npy, 1, 2, 3);

        // A whole new store: invisible until its root document is written last.
        s.Ok($"ConvertTo-Zarr -Path '{h5}' -Destination '{url}' -StoreOption {options}");
        // A node added to it, then replaced with -Force (staged and rolled forward like any object-store save).
        s.Ok($"ConvertTo-Zarr -Path '{npy}' -Destination '{url}' -StoreOption {options} -Key extra");
        WriteNpy(npy, 7, 8);
        var info = s.Ok($"ConvertTo-Zarr -Path '{npy}' -Destination '{url}' -StoreOption {options} -Key extra -Force -PassThru");
        Assert.Equal("extra/a", (string)info[^1].Properties["Key"].Value);

        using (var store = StoreFactory.OpenOrCreate(url, true, engineOptions))
        {
            Assert.Equal("demo", NodeStore.Read(store, "").Attributes["title"]!.GetValue<string>());
            var signal = (double[,])ZarrArray.Open(store, "session1/run1/signal").Read();
            Assert.Equal((200, 30), (signal.GetLength(0), signal.GetLength(1)));
            for (var i = 0; i < 200; i++)
                for (var j = 0; j < 30; j++) Assert.Equal((i * 30 + j) / 4.0, signal[i, j]);
            Assert.Equal("mV", NodeStore.Read(store, "session1/run1/signal").Attributes["unit"]!.GetValue<string>());
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => (byte)(i % 251)), (byte[])ZarrArray.Open(store, "session1/run1/counts").Read());
            Assert.Equal([7.0, 8.0], (double[])ZarrArray.Open(store, "extra/a").Read());
            Assert.Empty(store.ListPrefix("").Where(k => k.StartsWith(".zarr-txn", StringComparison.Ordinal)));
        }
        Assert.Equal([7.0, 8.0], s.One<double[]>($",(Import-Zarr -Path '{url}' -StoreOption {options} -Key extra/a)"));

        // The whole store again: refused by name, never half replaced.
        Assert.Contains("ZarrNodeExists", s.Run($"ConvertTo-Zarr -Path '{h5}' -Destination '{url}' -StoreOption {options}").ErrorIds);
        Assert.Contains("ZarrNotSupported", s.Run($"ConvertTo-Zarr -Path '{h5}' -Destination '{url}' -StoreOption {options} -Force").ErrorIds);
        Assert.Contains("ZarrNodeExists", s.Run($"ConvertTo-Zarr -Path '{npy}' -Destination '{url}' -StoreOption {options} -Key extra").ErrorIds);
    }

    /// <summary>The region and node cmdlets take -StoreOption like every other cmdlet (no environment variables needed).</summary>
    [SkippableTheory, MemberData(nameof(Kinds))]
    public void RegionAndNodeCmdletsTakeStoreOption(string kind)
    {
        var (url, options, engineOptions) = Target(kind);
        using var s = new PsSession();
        s.Ok($$"""
            $o = {{options}}
            New-ZarrArray -Path '{{url}}' -StoreOption $o -Key log -Shape 0 -ChunkShape 4 -DataType float64
            Add-ZarrSlice -Path '{{url}}' -StoreOption $o -Key log -Value ([double[]](1..6))
            Add-ZarrSlice -Path '{{url}}' -StoreOption $o -Key log -Value ([double[]](7..9))
            Set-ZarrSlice -Path '{{url}}' -StoreOption $o -Key log -Start 2 -Value ([double[]](30, 40))
            Resize-ZarrArray -Path '{{url}}' -StoreOption $o -Key log -Shape 8 -Confirm:$false
            Copy-ZarrNode -Path '{{url}}' -StoreOption $o -Key log -Destination '{{url}}' -DestinationKey copy
            Move-ZarrNode -Path '{{url}}' -StoreOption $o -Key copy -Destination '{{url}}' -DestinationKey moved
            New-ZarrArray -Path '{{url}}' -StoreOption $o -Key scratch -Shape 3 -DataType int32
            Remove-ZarrNode -Path '{{url}}' -StoreOption $o -Key scratch -Confirm:$false
            """);
        using var store = StoreFactory.OpenOrCreate(url, true, engineOptions);
        Assert.Equal([1.0, 2, 30, 40, 5, 6, 7, 8], (double[])ZarrArray.Open(store, "log").Read());
        Assert.Equal([1.0, 2, 30, 40, 5, 6, 7, 8], (double[])ZarrArray.Open(store, "moved").Read());
        Assert.Null(NodeStore.TryRead(store, "copy"));
        Assert.Null(NodeStore.TryRead(store, "scratch"));
    }
}
