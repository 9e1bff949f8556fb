using SciTex.Zarr.Tests.Conformance;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>pcodec and zfpy (no managed implementation): Import-Zarr says which codec, that it is not supported, why, and what to do.</summary>
public class UnsupportedCodecCmdletTests
{
    [FixtureTheory]
    [InlineData("v3/array_pcodec.zarr", "numcodecs.pcodec", "pco library")]
    [InlineData("v3_zarr_python/array_pcodec.zarr", "numcodecs.pcodec", "pco library")]
    [InlineData("v2/array_pcodec_C.zarr", "pcodec", "pco library")]
    [InlineData("v3/array_zfpy.zarr", "numcodecs.zfpy", "native zfp library")]
    [InlineData("v3_zarr_python/array_zfpy.zarr", "numcodecs.zfpy", "native zfp library")]
    [InlineData("v2/array_zfpy_C.zarr", "zfpy", "native zfp library")]
    public void Reading_an_array_compressed_with_it_names_the_codec_the_reason_and_the_way_out(string fixture, string codec, string reason)
    {
        using var s = new PsSession();
        var path = Path.Combine(ZarrsFixtures.Folder, fixture).Replace("'", "''");
        var result = s.Run($"Import-Zarr -Path '{path}'");
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ZarrUnsupportedCodec", result.ErrorIds.Single());
        var message = error.Exception.Message;
        Assert.Contains($"Unsupported codec '{codec}'", message);
        Assert.Contains("not supported", message);
        Assert.Contains(reason, message);
        Assert.Contains("no managed .NET implementation", message);
        Assert.Contains("re-encode it", message);
        Assert.Contains("zarr-python", message);
        Assert.Contains(path.Replace("''", "'"), message); // the store
    }
}
