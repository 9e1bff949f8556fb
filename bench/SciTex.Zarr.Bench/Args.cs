namespace SciTex.Zarr.Bench;

internal static class Args
{
    /// <summary>"--name value" pairs.</summary>
    public static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected --name value, got '{args[i]}'");
            result[args[i][2..]] = args[i + 1];
        }
        return result;
    }

    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SciTex.Zarr.slnx"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
