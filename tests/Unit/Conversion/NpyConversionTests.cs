using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Conversion;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Conversion;

/// <summary>numpy writes the inputs (tests/Interop/python/npy_make.py); zarr-python 2.13 checks the v2 output.</summary>
/// The inputs are made on first use, inside a test, so a missing peer skips (or fails) that test instead of the fixture.
public sealed class NpyFixture : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Lazy<string[]> _names;

    public NpyFixture() => _names = new(() =>
    {
        Python.Run("npy_make.py", _folder.Root);
        return File.ReadAllLines(_folder["manifest.txt"]).Where(l => l.Length > 0).Select(l => l.Split(' ')[0]).ToArray();
    });

    public TempFolder Folder
    {
        get
        {
            _ = _names.Value;
            return _folder;
        }
    }

    public string[] Names => _names.Value;
    public void Dispose() => _folder.Dispose();
}

public class NpyConversionTests(NpyFixture fixture) : IClassFixture<NpyFixture>
{
    private static readonly ConversionOptions Small = new() { BlockBytes = 4096 };

    [SkippableTheory]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryDtypeOrderAndByteOrderConverts(int format)
    {
        using var output = new TempFolder();
        var store = output["all.zarr"];
        var files = fixture.Names.Append("scalar").Append("empty").Append("wide").Append("wide_f").ToArray();
        foreach (var name in files)
            FileConverter.Convert(fixture.Folder[name + ".npy"], store, null, force: false, Small with { ZarrFormat = format });

        if (format == 2)
        {
            var result = Python.Run("npy_check.py", [store, .. files.Select(n => $"{n}={fixture.Folder[n + ".npy"]}")]);
            Assert.Equal($"OK {files.Length} arrays", result.Trim());
        }
        else
        {
            // v3 is not readable by zarr-python 2.13: compare with the v2 conversion that it did check, value by value.
            var v2 = output["v2.zarr"];
            foreach (var name in files)
                FileConverter.Convert(fixture.Folder[name + ".npy"], v2, null, force: false, Small with { ZarrFormat = 2 });
            using var a = new DirectoryStore(store, readOnly: true);
            using var b = new DirectoryStore(v2, readOnly: true);
            foreach (var name in files)
            {
                var left = ZarrArray.Open(a, name);
                var right = ZarrArray.Open(b, name);
                Assert.Equal(right.DataType, left.DataType);
                Assert.Equal(right.Shape, left.Shape);
                Assert.Equal(right.Read().Cast<object>(), left.Read().Cast<object>());
            }
        }
    }

    [SkippableTheory]
    [InlineData("plain")]
    [InlineData("packed")]
    public void NpzMembersBecomeArraysOfAGroup(string archive)
    {
        using var output = new TempFolder();
        var store = output["npz.zarr"];
        var result = FileConverter.Convert(fixture.Folder[archive + ".npz"], store, archive, force: false, Small with { ZarrFormat = 2 });
        Assert.Equal(4, result.Arrays);
        Assert.Equal("OK 4 arrays", Python.Run("npy_check.py", store, $"{archive}={fixture.Folder[archive + ".npz"]}").Trim());
    }

    [SkippableFact]
    public void LargeFortranFileIsReadInBlocksWithTheSameValues()
    {
        using var output = new TempFolder();
        var store = output["f.zarr"];
        FileConverter.Convert(fixture.Folder["wide_f.npy"], store, null, false, new ConversionOptions { ChunkShape = [64, 50], BlockBytes = 64 * 300 * 8 });
        using var zarr = new DirectoryStore(store, readOnly: true);
        var values = (double[,])ZarrArray.Open(zarr, "wide_f").Read();
        for (var i = 0; i < 1000; i += 37)
            for (var j = 0; j < 300; j += 7)
                Assert.Equal(i * 300 + j, values[i, j]);
    }

    [SkippableTheory]
    [InlineData("objects.npy", ZarrErrorKind.UnsupportedDataType, "object arrays")]
    [InlineData("records.npy", ZarrErrorKind.UnsupportedDataType, "structured")]
    [InlineData("truncated.npy", ZarrErrorKind.CorruptSource, "expected 2400000 bytes")]
    [InlineData("truncated.npz", ZarrErrorKind.CorruptSource, "zip")]
    public void BadInputsGiveNamedErrorsAndLeaveNothingBehind(string file, ZarrErrorKind kind, string message)
    {
        using var output = new TempFolder();
        var store = output["bad.zarr"];
        var error = Assert.Throws<ZarrException>(() => FileConverter.Convert(fixture.Folder[file], store, null, false, new ConversionOptions()));
        Assert.Equal(kind, error.Kind);
        Assert.Contains(message, error.Message);
        Assert.Contains(file, error.Message);
        Assert.False(Directory.Exists(store));
        Assert.False(Directory.Exists(store + ".partial"));
    }
}
