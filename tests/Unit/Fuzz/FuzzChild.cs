namespace SciTex.Zarr.Tests.Fuzz;

/// <summary>
/// The test assembly's entry point, used only as a child process for fuzz targets whose failures may crash the process:
/// <c>dotnet SciTex.Zarr.Tests.dll fuzz &lt;target&gt; &lt;seed&gt; &lt;seconds&gt; &lt;scratch file&gt;</c> writes each input to the scratch
/// file before running it (so a crash leaves the culprit behind) and prints one <c>FAIL &lt;hex&gt;</c> line per failure;
/// <c>replay &lt;target&gt; &lt;file&gt;</c> runs one saved input. Exit 0 means the child survived.
/// </summary>
public static class FuzzChild
{
    public static int Main(string[] args)
    {
        if (args is ["fuzz", var name, var seedText, var secondsText, var scratch])
        {
            var fuzzer = new Fuzzer(FuzzTargets.Find(name), int.Parse(seedText));
            var failures = fuzzer.Run(TimeSpan.FromSeconds(double.Parse(secondsText, System.Globalization.CultureInfo.InvariantCulture)),
                input => File.WriteAllBytes(scratch, input));
            foreach (var failure in failures)
                Console.WriteLine($"FAIL {Convert.ToHexString(failure.Input)} {failure.Error.Split('\n')[0]}");
            Console.WriteLine($"ITERATIONS {fuzzer.Iterations}");
            return 0;
        }
        if (args is ["replay", var target, var file])
        {
            var error = Fuzzer.Check(FuzzTargets.Find(target), File.ReadAllBytes(file));
            if (error is not null) Console.WriteLine($"FAIL {error.Split('\n')[0]}");
            return 0;
        }
        return 2;
    }
}
