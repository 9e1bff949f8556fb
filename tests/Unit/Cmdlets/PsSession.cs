using System.Collections.ObjectModel;
using System.Management.Automation;
using SciTex.Zarr.Tests.Hosting;

namespace SciTex.Zarr.Tests.Cmdlets;

/// <summary>What one hosted script run produced.</summary>
public sealed record PsResult(Collection<PSObject> Output, List<ErrorRecord> Errors, List<ProgressRecord> Progress, string HostText)
{
    public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]);
    public PSObject Single() { Assert.Empty(Errors); Assert.Single(Output); return Output[0]; }
}

/// <summary>
/// The shared hosted session (<see cref="PowerShellSession"/>: CreateDefault2, the built module, a text host) with the
/// conveniences cmdlet tests want: a fresh temp folder in $T, terminating errors recorded instead of thrown, and
/// Ok/One helpers that assert no error. One per test; dispose deletes the folder.
/// </summary>
public sealed class PsSession : IDisposable
{
    public static string ModuleManifest => RepositoryPaths.ModuleManifest;

    private readonly PowerShellSession _session = PowerShellSession.Create();
    public string Temp { get; } = Directory.CreateTempSubdirectory("scitex-cmdlets-").FullName;

    public PsSession()
    {
        _session.Runspace.SessionStateProxy.SetVariable("T", Temp);
        _session.Runspace.SessionStateProxy.SetVariable("ErrorActionPreference", ActionPreference.Continue);
    }

    /// <summary>Runs a script; a terminating error is recorded in Errors rather than thrown.</summary>
    public PsResult Run(string script)
    {
        try
        {
            var result = _session.Invoke(script);
            return new PsResult(new Collection<PSObject>(result.Output.ToList()), result.Errors.ToList(), result.Progress.ToList(), result.HostText);
        }
        catch (RuntimeException e)
        {
            return new PsResult([], [e.ErrorRecord], [], _session.UI.Text);
        }
    }

    /// <summary>Runs a script that must not fail.</summary>
    public Collection<PSObject> Ok(string script)
    {
        var r = Run(script);
        Assert.True(r.Errors.Count == 0, string.Join("\n", r.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        return r.Output;
    }

    public T One<T>(string script)
    {
        var output = Ok(script);
        Assert.Single(output);
        return Assert.IsType<T>(output[0].BaseObject, exactMatch: false);
    }

    public string P(params string[] parts) => Path.Combine([Temp, .. parts]);

    public void Dispose()
    {
        _session.Dispose();
        try { Directory.Delete(Temp, true); } catch (IOException) { }
    }
}
