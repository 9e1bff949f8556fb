using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Sdk;

namespace SciTex.Zarr.Tests;

/// <summary>
/// Decides what a test does when an interop peer (Debian's zarr-python 2.13, numcodecs, h5py and numpy under
/// /usr/bin/python3; Node.js with tests/Interop/node/node_modules/zarrita) is missing: it is skipped with a message naming
/// the peer and its install command, so `dotnet test` passes on a machine with only the .NET SDK; with
/// SCITEX_ZARR_REQUIRE_PEERS=1 (set by .ci/run) it fails instead, so CI cannot go green by skipping.
/// Tests that may reach a peer are [SkippableFact]/[SkippableTheory].
/// </summary>
public static class PeerGate
{
    public const string RequireVariable = "SCITEX_ZARR_REQUIRE_PEERS";

    /// <summary>Test-only overrides (e.g. to prove the skip path on a machine that has the peers).</summary>
    public const string PythonVariable = "SCITEX_ZARR_PYTHON";
    public const string NodeVariable = "SCITEX_ZARR_NODE";

    public const string PythonInstall = "apt-get install -y python3-zarr python3-numcodecs python3-h5py python3-numpy (Debian 12; bash .ci/run does it)";

    public const string XarrayInstall = "apt-get install -y --no-install-recommends python3-xarray (Debian 12: xarray 2023.01 over zarr-python 2.13; bash .ci/run does it)";

    private static readonly ConcurrentDictionary<string, string?> Probes = new();

    public static bool PeersRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Debian's interpreter (a pyenv python earlier on PATH has no zarr 2.13), unless overridden.</summary>
    public static string Python => Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } p ? p : "/usr/bin/python3";

    public static string Node => Environment.GetEnvironmentVariable(NodeVariable) is { Length: > 0 } n ? n : "node";

    public static string NodeDirectory => Path.Combine(Hosting.RepositoryPaths.Root, "tests", "Interop", "node");

    public static string NodeInstall => $"apt-get install -y nodejs npm && (cd {NodeDirectory} && npm ci)";

    /// <summary>Skips (or, when peers are required, fails) the running test unless python can import every module.</summary>
    public static void RequirePython(params string[] modules)
    {
        var reason = Probes.GetOrAdd("python:" + string.Join(',', modules), _ => ProbePython(modules));
        if (reason is not null) Missing(reason, PythonInstall);
    }

    /// <summary>Skips (or, when peers are required, fails) the running test unless python can import xarray (and zarr, numpy).</summary>
    public static void RequireXarray()
    {
        var reason = Probes.GetOrAdd("python:xarray", _ => ProbePython("zarr", "numpy", "xarray"));
        if (reason is not null) Missing(reason, XarrayInstall);
    }

    /// <summary>Skips (or fails) the running test unless node runs and zarrita is installed in tests/Interop/node.</summary>
    public static void RequireZarrita()
    {
        var reason = Probes.GetOrAdd("node", _ => ProbeNode());
        if (reason is not null) Missing(reason, NodeInstall);
    }

    /// <summary>The reason python lacks <paramref name="modules"/>, or null when it has them.</summary>
    public static string? ProbePython(params string[] modules)
    {
        if (!File.Exists(Python)) return $"{Python} not found";
        var (code, output) = Run(Python, ["-c", "import " + string.Join(", ", modules)]);
        return code == 0 ? null : $"{Python} cannot import {string.Join(", ", modules)} ({LastLine(output)})";
    }

    public static string? ProbeNode()
    {
        if (!Directory.Exists(Path.Combine(NodeDirectory, "node_modules", "zarrita"))) return $"zarrita is not installed in {NodeDirectory}/node_modules";
        var (code, output) = Run(Node, ["--version"]);
        return code == 0 ? null : $"'{Node}' (Node.js) does not run ({LastLine(output)})";
    }

    /// <summary>Ends the running test for a missing peer: a skip naming the peer and its install command, or a failure when required.</summary>
    public static void Missing(string reason, string install)
    {
        var message = $"Peer missing: {reason}. Install: {install}";
        if (PeersRequired) throw new XunitException($"{message}. {RequireVariable}=1, so a missing peer is a failure.");
        throw new Xunit.SkipException(message);
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";

    private static (int Code, string Output) Run(string exe, string[] args)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1))) { process.Kill(true); return (-1, "timed out"); }
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
