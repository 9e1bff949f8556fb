using System.Runtime.CompilerServices;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// Guards a recursive walk over a value tree: at most <see cref="ZarrLimits.MaxValueDepth"/> levels, and no container
/// that contains itself (reference identity, checked against the containers on the current path only, so a value
/// shared by two branches is fine). Errors name the path where the cycle or the limit was met, e.g. <c>a/self/self</c>
/// or <c>items[3]</c>. One guard per walk; not thread-safe.
/// </summary>
public sealed class ValueGuard
{
    private readonly HashSet<object> _open = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _path = [];
    private readonly string _what;
    private readonly int _maxDepth;

    /// <param name="what">What is being walked, for messages ("the value to save", "-Attributes").</param>
    public ValueGuard(string what, int? maxDepth = null)
    {
        _what = what;
        _maxDepth = maxDepth ?? ZarrLimits.MaxValueDepth;
    }

    public int Depth => _path.Count;

    /// <summary>The path of the container being walked, '/'-joined ("" at the top).</summary>
    public string Path
    {
        get
        {
            var text = new System.Text.StringBuilder();
            foreach (var s in _path)
            {
                if (s.Length == 0) continue;
                if (text.Length > 0 && !s.StartsWith('[')) text.Append('/');
                text.Append(s);
            }
            return text.Length == 0 ? "/" : text.ToString();
        }
    }

    /// <summary>
    /// Enters <paramref name="container"/> reached through <paramref name="segment"/> (a key, or "[i]"); dispose the
    /// result to leave it. Throws a named error for a cycle or a tree deeper than the limit.
    /// </summary>
    public Scope Enter(object container, string segment)
    {
        _path.Add(segment);
        if (_path.Count > _maxDepth)
        {
            var at = Shorten(Path);
            _path.RemoveAt(_path.Count - 1);
            throw ZarrLimits.Exceeded($"{Capitalised} is nested more than {_maxDepth} levels deep (at '{at}')", "SCITEX_ZARR_MAX_VALUE_DEPTH / [SciTex.Zarr.Engine.Errors.ZarrLimits]::MaxValueDepth");
        }
        if (!_open.Add(container))
        {
            var at = Shorten(Path);
            _path.RemoveAt(_path.Count - 1);
            throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                $"{Capitalised} contains itself: the {Describe(container)} at '{at}' is one of its own ancestors (a reference cycle). Zarr stores trees; remove the cycle. Nothing was written");
        }
        try
        {
            // A limit raised far beyond the default must still not overflow the call stack.
            RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (InsufficientExecutionStackException)
        {
            Leave(container);
            throw ZarrLimits.Exceeded($"{Capitalised} is nested too deeply for the call stack (at depth {_path.Count})", "a smaller value");
        }
        return new Scope(this, container);
    }

    private void Leave(object container)
    {
        _open.Remove(container);
        _path.RemoveAt(_path.Count - 1);
    }

    private string Capitalised => char.ToUpperInvariant(_what[0]) + _what[1..];

    private static string Describe(object container) => container switch
    {
        System.Collections.IDictionary => "dictionary",
        Array => "array",
        System.Collections.IList => "list",
        _ => container.GetType().Name,
    };

    /// <summary>Paths of cycles found deep down can be long: keep the start and the end.</summary>
    private static string Shorten(string path) => path.Length <= 200 ? path : path[..80] + " … " + path[^100..];

    public readonly struct Scope(ValueGuard guard, object container) : IDisposable
    {
        public void Dispose() => guard.Leave(container);
    }
}
