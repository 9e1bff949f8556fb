namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>Issue 12 checks that need the host's text (what -WhatIf prints goes to the host, not to a stream).</summary>
public class EverydayTests
{
    [Fact]
    public void WhatIfWithForceNamesEveryNodeItWouldReplace()
    {
        using var s = new PsSession();
        s.Ok("Save-Zarr \"$T/s\" -InputObject @{ a = [int[]](1,2); g = @{ b = 1 }; keep = 1 }");
        var r = s.Run("Save-Zarr \"$T/s\" -InputObject @{ a = [int[]](9); g = @{ c = 2 }; new = 3 } -Force -WhatIf | Out-Default");
        Assert.Empty(r.Errors);
        var text = System.Text.RegularExpressions.Regex.Replace(r.HostText, @"\s+", " ");
        Assert.Matches("replace existing ('a', 'g'|'g', 'a')", text);
        Assert.DoesNotContain("'new'", r.HostText);
        Assert.Equal([1, 2], s.One<int[]>("Import-Zarr \"$T/s\" -Key a"));
    }

    [Fact]
    public void ConvertWhatIfWithForceNamesTheNodeItWouldReplace()
    {
        using var s = new PsSession();
        var npy = s.P("a.npy");
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }".PadRight(117) + "\n";
        File.WriteAllBytes(npy, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0,
            .. System.Text.Encoding.ASCII.GetBytes(header), .. BitConverter.GetBytes(1.0), .. BitConverter.GetBytes(2.0)]);
        s.Ok("ConvertTo-Zarr -LiteralPath \"$T/a.npy\" -Destination \"$T/s\"");
        var r = s.Run("ConvertTo-Zarr -LiteralPath \"$T/a.npy\" -Destination \"$T/s\" -Force -WhatIf | Out-Default");
        Assert.Empty(r.Errors);
        Assert.Contains("replace the existing array 'a'", System.Text.RegularExpressions.Regex.Replace(r.HostText, @"\s+", " "));
    }
}
