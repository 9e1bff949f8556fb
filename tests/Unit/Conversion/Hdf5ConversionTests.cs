using System.Numerics;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Conversion;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Tests.Conversion;

/// <summary>h5py writes the inputs (tests/Interop/python/h5_make.py).</summary>
/// The inputs are made on first use, inside a test, so a missing peer skips (or fails) that test instead of the fixture.
public sealed class Hdf5Fixture : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Lazy<bool> _made;

    public Hdf5Fixture() => _made = new(() =>
    {
        foreach (var kind in new[] { "tree", "lzf", "compound", "vlen_sequence", "szip_like" })
            Python.Run("h5_make.py", kind, _folder[kind + ".h5"]);
        var tree = File.ReadAllBytes(_folder["tree.h5"]);
        File.WriteAllBytes(_folder["truncated.h5"], tree[..(tree.Length / 3)]);
        var garbled = (byte[])tree.Clone();
        Array.Fill(garbled, (byte)0xA5, 64, 4000);
        File.WriteAllBytes(_folder["garbled.h5"], garbled);
        File.WriteAllText(_folder["text.h5"], "this is not HDF5");
        return true;
    });

    public TempFolder Folder
    {
        get
        {
            _ = _made.Value;
            return _folder;
        }
    }

    public void Dispose() => _folder.Dispose();
}

public class Hdf5ConversionTests(Hdf5Fixture fixture) : IClassFixture<Hdf5Fixture>
{
    [SkippableFact]
    public void FormatTwoLoadsInPythonAsTheSameNestedDict()
    {
        using var output = new TempFolder();
        var store = output["tree.zarr"];
        var result = FileConverter.Convert(fixture.Folder["tree.h5"], store, null, false, new ConversionOptions { ZarrFormat = 2, BlockBytes = 8192 });
        Assert.Equal(14, result.Arrays);
        Assert.Equal("OK 14 datasets", Python.Run("h5_check.py", fixture.Folder["tree.h5"], store).Trim());
    }

    [SkippableFact]
    public void FormatThreeKeepsNamesShapesTypesValuesAndAttributes()
    {
        using var output = new TempFolder();
        var path = output["tree.zarr"];
        FileConverter.Convert(fixture.Folder["tree.h5"], path, "imported", false, new ConversionOptions { BlockBytes = 8192 });
        using var store = new DirectoryStore(path, readOnly: true);

        var root = (GroupMetadata)NodeStore.Read(store, "imported");
        Assert.Equal(3, root.ZarrFormat);
        Assert.Equal("demo", root.Attributes["title"]!.GetValue<string>());
        Assert.Equal(7, root.Attributes["count"]!.GetValue<long>());
        Assert.Equal("[true,false]", root.Attributes["flags"]!.ToJsonString());
        Assert.Equal("[[0,1,2],[3,4,5]]", root.Attributes["matrix"]!.ToJsonString());
        Assert.Equal("[\"a\",\"bc\"]", root.Attributes["names"]!.ToJsonString());
        Assert.Equal("xyz", root.Attributes["fixed"]!.GetValue<string>());
        Assert.Equal("S01", NodeStore.Read(store, "imported/session1/run1").Attributes["subject"]!.GetValue<string>());

        var signal = ZarrArray.Open(store, "imported/session1/run1/signal");
        Assert.Equal(new long[] { 200, 30 }, signal.Shape);
        Assert.Equal(new[] { 64, 7 }, signal.Metadata.ChunkShape); // the HDF5 chunk shape is kept
        Assert.Equal("mV", signal.Metadata.Attributes["unit"]!.GetValue<string>());
        var values = (double[,])signal.Read();
        for (var i = 0; i < 200; i++)
            for (var j = 0; j < 30; j++)
                Assert.Equal((i * 30 + j) / 4.0, values[i, j]);

        var bigEndian = (int[])ZarrArray.Open(store, "imported/session1/run1/big_endian").Read();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i - 25), bigEndian);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (byte)(i % 251)), (byte[])ZarrArray.Open(store, "imported/session1/run1/counts").Read());
        Assert.Equal(3.5, ZarrArray.Open(store, "imported/scalar").ReadValue());
        Assert.Equal(-42L, ZarrArray.Open(store, "imported/int_scalar").ReadValue());
        Assert.Equal("hello wörld", ZarrArray.Open(store, "imported/text").ReadValue());
        Assert.Equal(new[] { "x", "yy", "zzz", "" }, (string[])ZarrArray.Open(store, "imported/texts").Read());
        var fixedStrings = ZarrArray.Open(store, "imported/fixed_strings");
        // Fixed-length ASCII strings (h5py 'S3') are text: Zarr strings, NUL padding removed.
        Assert.Equal(ZarrDataType.String, fixedStrings.DataType);
        Assert.Equal(new[] { "ab", "cde", "" }, (string[])fixedStrings.Read());
        Assert.Equal(new[] { true, false, true }, (bool[])ZarrArray.Open(store, "imported/bools").Read());
        Assert.Equal(new[] { new Complex(1, 2), new Complex(3, -4) }, (Complex[])ZarrArray.Open(store, "imported/complex").Read());
        Assert.Equal(ZarrDataType.Complex64, ZarrArray.Open(store, "imported/complex64").DataType);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (Half)i), (Half[])ZarrArray.Open(store, "imported/half").Read());
        Assert.Equal(new long[] { 0, 3 }, ZarrArray.Open(store, "imported/empty").Shape);
        var cube = (short[,,])ZarrArray.Open(store, "imported/cube").Read();
        Assert.Equal(4 * 5 * 6 - 1, cube[3, 4, 5]);
        Assert.Equal(1 * 30 + 2 * 6 + 3, cube[1, 2, 3]);
        Assert.IsType<GroupMetadata>(NodeStore.Read(store, "imported/empty_group"));
    }

    [SkippableFact]
    public void LzfCompressedDatasetsAreDecoded()
    {
        using var output = new TempFolder();
        FileConverter.Convert(fixture.Folder["lzf.h5"], output["lzf.zarr"], null, false, new ConversionOptions { ZarrFormat = 2 });
        Assert.Equal("OK 2 datasets", Python.Run("h5_check.py", fixture.Folder["lzf.h5"], output["lzf.zarr"]).Trim());
    }

    [SkippableTheory]
    [InlineData("compound.h5", ZarrErrorKind.UnsupportedDataType, "compound type (a: FixedPoint 4, b: FloatingPoint 8)", "/records")]
    [InlineData("vlen_sequence.h5", ZarrErrorKind.UnsupportedDataType, "variable-length sequence", "/ragged")]
    [InlineData("szip_like.h5", ZarrErrorKind.UnsupportedCodec, "(id 32001) is not supported", "/blosc_data")]
    [InlineData("truncated.h5", ZarrErrorKind.CorruptSource, "corrupt or truncated", null)]
    [InlineData("garbled.h5", ZarrErrorKind.CorruptSource, "corrupt or truncated", null)]
    [InlineData("text.h5", ZarrErrorKind.CorruptSource, "not a readable HDF5 file", null)]
    public void UnsupportedOrBrokenInputsGiveNamedErrorsAndLeaveNothingBehind(string file, ZarrErrorKind kind, string message, string? dataset)
    {
        using var output = new TempFolder();
        var store = output["bad.zarr"];
        var error = Assert.Throws<ZarrException>(() => FileConverter.Convert(fixture.Folder[file], store, null, false, new ConversionOptions()));
        Assert.Equal(kind, error.Kind);
        Assert.Contains(message, error.Message);
        Assert.Contains(file, error.Message);
        if (dataset is not null) Assert.Contains($"dataset '{dataset}'", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Root));
    }

    [SkippableFact]
    public void ByteOrderAndFilterInternalsOfPureHdfAreStillReachable()
    {
        // Guards the two reflection reads in PureHdfInternals against a PureHDF update.
        using var source = ConversionSources.Open(fixture.Folder["tree.h5"]);
        var run = ((ISourceGroup)((ISourceGroup)((ISourceGroup)source.Root).Children().Single(c => c.Name == "session1")).Children().Single());
        var bigEndian = run.Children().OfType<ISourceDataset>().Single(d => d.Name == "big_endian");
        Assert.Equal(ZarrDataType.Int32, bigEndian.DataType);
        var block = new int[2];
        bigEndian.ReadBlock([0], block);
        Assert.Equal(new[] { -25, -24 }, block);
        Assert.Equal(new[] { 64, 7 }, run.Children().OfType<ISourceDataset>().Single(d => d.Name == "signal").ChunkShape);
    }
}
