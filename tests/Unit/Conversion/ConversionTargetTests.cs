using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Conversion;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Conversion;

public class ConversionTargetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string MakeNpy(string name, params double[] values)
    {
        // A .npy written by hand (format 1.0), so these tests need no Python.
        var header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({values.Length},), }}";
        header = header.PadRight(118) + "\n";
        using var stream = File.Create(_folder[name]);
        stream.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0]);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(header));
        foreach (var v in values) stream.Write(BitConverter.GetBytes(v));
        return _folder[name];
    }

    private static double[] Read(string store, string key)
    {
        using var s = new DirectoryStore(store, readOnly: true);
        return (double[])ZarrArray.Open(s, key).Read();
    }

    [Fact]
    public void NewStoreAppearsOnlyOnSuccess()
    {
        var store = _folder["new.zarr"];
        var result = FileConverter.Convert(MakeNpy("a.npy", 1, 2, 3), store, "g", false, new ConversionOptions());
        Assert.Equal("g/a", result.Path);
        Assert.Equal(new double[] { 1, 2, 3 }, Read(store, "g/a"));
        Assert.False(Directory.Exists(store + ".partial"));
    }

    [Fact]
    public void AddingToAnExistingStoreKeepsItsContentAndRefusesToOverwriteWithoutForce()
    {
        var store = _folder["s.zarr"];
        FileConverter.Convert(MakeNpy("a.npy", 1), store, null, false, new ConversionOptions { ZarrFormat = 2 });
        // The store's format is taken when none is asked for.
        var b = FileConverter.Convert(MakeNpy("b.npy", 2), store, "sub", false, new ConversionOptions());
        Assert.Equal(new double[] { 1 }, Read(store, "a"));
        Assert.Equal(new double[] { 2 }, Read(store, "sub/b"));
        Assert.Equal(2, NodeStore.Read(new DirectoryStore(store), "sub/b").ZarrFormat);

        var error = Assert.Throws<ZarrException>(() => FileConverter.Convert(MakeNpy("a.npy", 9, 9), store, null, false, new ConversionOptions()));
        Assert.Equal(ZarrErrorKind.NodeExists, error.Kind);
        FileConverter.Convert(_folder["a.npy"], store, null, true, new ConversionOptions());
        Assert.Equal(new double[] { 9, 9 }, Read(store, "a"));
        Assert.Empty(Directory.EnumerateDirectories(store, "__*"));
    }

    [Fact]
    public void AFailedConversionLeavesTheExistingNodeAndNoStagingBehind()
    {
        var store = _folder["s.zarr"];
        FileConverter.Convert(MakeNpy("a.npy", 1, 2), store, null, false, new ConversionOptions());
        Directory.CreateDirectory(_folder["x"]);
        var bad = MakeNpy("x/a.npy", 5, 6, 7, 8);
        using (var s = File.OpenWrite(bad)) s.SetLength(s.Length - 8); // truncate the data
        var error = Assert.Throws<ZarrException>(() => FileConverter.Convert(bad, store, null, true, new ConversionOptions()));
        Assert.Equal(ZarrErrorKind.CorruptSource, error.Kind);
        Assert.Equal(new double[] { 1, 2 }, Read(store, "a"));
        Assert.Empty(Directory.EnumerateDirectories(store, "__*"));
    }

    [Fact]
    public void LeftoverStagingFromAKilledRunNeedsForce()
    {
        var store = _folder["k.zarr"];
        Directory.CreateDirectory(store + ".partial");
        var error = Assert.Throws<ZarrException>(() => FileConverter.Convert(MakeNpy("a.npy", 1), store, null, false, new ConversionOptions()));
        Assert.Contains("incomplete conversion", error.Message);
        FileConverter.Convert(_folder["a.npy"], store, null, true, new ConversionOptions());
        Assert.Equal(new double[] { 1 }, Read(store, "a"));
        Assert.False(Directory.Exists(store + ".partial"));
    }

    [Fact]
    public void RefusesToWriteIntoAFolderThatIsNotAStore()
    {
        var folder = _folder["documents"];
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");
        var error = Assert.Throws<ZarrException>(() => FileConverter.Convert(MakeNpy("a.npy", 1), folder, "x", true, new ConversionOptions()));
        Assert.Contains("not a Zarr store", error.Message);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder, "notes.txt")));
    }

    [Fact]
    public void ProgressIsReportedPerChunk()
    {
        var reports = new List<ConversionProgress>();
        var values = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        FileConverter.Convert(MakeNpy("p.npy", values), _folder["p.zarr"], null, false,
            new ConversionOptions { ChunkShape = [100], BlockBytes = 800, Progress = new SyncProgress(reports) });
        Assert.Equal(10, reports[^1].ChunksTotal);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (long)i), reports.Select(r => r.ChunksDone));
        Assert.Equal(8000, reports[^1].BytesDone);
        Assert.All(reports, r => Assert.Equal("p", r.Dataset));
    }

    private sealed class SyncProgress(List<ConversionProgress> reports) : IProgress<ConversionProgress>
    {
        public void Report(ConversionProgress value) => reports.Add(value);
    }
}
