using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Tests.Conformance;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>zarrs' optional arrays through the cmdlets: what Import-Zarr returns, what Get-ZarrTree shows.</summary>
public class OptionalCmdletTests
{
    private static string FixturePath(string name) => Path.Combine(ZarrsFixtures.Folder, "v3", name).Replace("'", "''");

    [FixtureFact]
    public void Import_Zarr_returns_a_nullable_array_with_null_for_missing_values()
    {
        using var s = new PsSession();
        var values = s.One<byte?[,]>($",(Import-Zarr -Path '{FixturePath("array_optional.zarr")}' -Key array)");
        Assert.Equal((byte?)5, values[1, 1]);
        Assert.Null(values[0, 1]);
        Assert.True(s.One<bool>($"$a = Import-Zarr -Path '{FixturePath("array_optional.zarr")}' -Key array; $null -eq $a[1, 0] -and $a[3, 0] -eq 12"));
    }

    [FixtureFact]
    public void Import_Zarr_returns_OptionalValue_for_present_elements_of_a_nested_optional()
    {
        using var s = new PsSession();
        var values = s.One<object[,]>($",(Import-Zarr -Path '{FixturePath("array_optional_nested.zarr")}' -Key array)");
        Assert.Null(values[0, 0]);
        Assert.Equal(new OptionalValue(null), values[0, 1]);
        Assert.Equal(new OptionalValue((byte)2), values[0, 2]);
        Assert.Equal("2", s.One<string>($"$a = Import-Zarr -Path '{FixturePath("array_optional_nested.zarr")}' -Key array; \"$($a[0, 2].Value)\""));
    }

    [FixtureFact]
    public void Get_ZarrTree_shows_the_optional_type()
    {
        using var s = new PsSession();
        var nodes = s.Ok($"Get-ZarrTree -Path '{FixturePath("array_optional_nested.zarr")}' -Key array");
        var array = nodes.Single(n => (string)n.Properties["Key"].Value == "array");
        Assert.Equal("optional<optional<uint8>>", array.Properties["DataType"].Value);
        nodes = s.Ok($"Get-ZarrTree -Path '{FixturePath("array_optional.zarr")}' -Key array");
        Assert.Equal("optional<uint8>", nodes.Single(n => (string)n.Properties["Key"].Value == "array").Properties["DataType"].Value);
    }
}
