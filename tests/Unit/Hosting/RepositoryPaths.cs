namespace SciTex.Zarr.Tests.Hosting;

/// <summary>Locations in the repository, found by walking up from the test binaries to the folder holding the solution.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>The assembled module folder's manifest (built by the SciTex.Zarr.PowerShell project).</summary>
    public static string ModuleManifest => Path.Combine(Root, "out", "SciTex.Zarr", "SciTex.Zarr.psd1");

    public static string PesterDirectory => Path.Combine(Root, "tests", "Pester");


    /// <summary>The build configuration of these tests (…/bin/&lt;Configuration&gt;/net10.0/), so sibling projects are found in the same one.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string HostAssembly =>
        Path.Combine(Root, "src", "SciTex.Zarr.Host", "bin", Configuration, "net10.0", "SciTex.Zarr.Host.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SciTex.Zarr.slnx"))) return directory.FullName;
        }

        throw new InvalidOperationException($"No SciTex.Zarr.slnx above {AppContext.BaseDirectory}: run the tests from the repository build output.");
    }
}
