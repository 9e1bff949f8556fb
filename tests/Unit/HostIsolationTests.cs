using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests;

/// <summary>Dependency isolation as users get it: the xunit process references the engine itself, so only a process that does not (the host) can show it.</summary>
public sealed class HostIsolationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ZarrIsolation").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Module_dependencies_load_from_Dependencies_in_the_private_context()
    {
        var store = Path.Combine(_directory, "iso.zarr");
        var script = $"Save-Zarr -LiteralPath '{store}' -InputObject @{{ a = [double[]](1..10) }}; " +
            "$zstd = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ZstdSharp' }; " +
            "[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($zstd).Name; " +
            "[System.IO.Path]::GetFileName([System.IO.Path]::GetDirectoryName($zstd.Location))";
        var run = HostProcess.Run(["-Command", script]);
        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Equal(["SciTex.Zarr.Dependencies", "Dependencies"], run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
