using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace SciTex.Zarr.PowerShell;

/// <summary>
/// Keeps our third-party assemblies (ZstdSharp, K4os LZ4, ObjectPool, …) out of PowerShell's default load context:
/// they live in Dependencies/ and are loaded into a private AssemblyLoadContext when our own assemblies ask for them,
/// so another module that loads a different version of the same library cannot break us, nor we it.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
    private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "Dependencies");
    private static readonly DependencyLoadContext PrivateContext = new(DependencyDirectory);

    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveDependency;

    public void OnRemove(PSModuleInfo module) => AssemblyLoadContext.Default.Resolving -= ResolveDependency;

    private static Assembly? ResolveDependency(AssemblyLoadContext context, AssemblyName name)
    {
        // Only answer for files we ship; everything else is PowerShell's business.
        var candidate = Path.Combine(DependencyDirectory, name.Name + ".dll");
        return File.Exists(candidate) ? PrivateContext.LoadFromAssemblyName(name) : null;
    }

    private sealed class DependencyLoadContext(string directory) : AssemblyLoadContext("SciTex.Zarr.Dependencies", isCollectible: false)
    {
        private static readonly string FrameworkDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Framework assemblies (System.Text.Json, DiagnosticSource, … which SDK packages also ship for older
            // runtimes) come from the running framework, shared with PowerShell, never from an older private copy.
            if (File.Exists(Path.Combine(FrameworkDirectory, assemblyName.Name + ".dll"))) return null;
            var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
