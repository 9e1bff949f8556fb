using System.Collections.Specialized;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Values;

namespace SciTex.Zarr.CrashSafety;

/// <summary>
/// Test data whose every value says which save wrote it: generation g of a small tree (a chunked 2-D signal, a
/// group of three values, a 1-D array whose length changes with g). <see cref="Check"/> reads a store back and
/// returns each top-level node's generation, or throws when any node is torn (a mix of generations, fill values
/// where data was, a wrong shape). Shared by the crash-kill tests and their child writer process.
/// </summary>
public static class Generations
{
    public const int SignalRows = 32, SignalColumns = 16384;
    public static readonly string[] TopLevel = ["signal", "meta", "events"];

    public static OrderedDictionary Value(int g) => new()
    {
        ["signal"] = Signal(g),
        ["meta"] = new OrderedDictionary { ["count"] = g, ["labels"] = Labels(g), ["matrix"] = Matrix(g) },
        ["events"] = Events(g),
    };

    /// <summary>Chunk shapes that give the signal 32 chunks, so a kill often lands between chunk writes.</summary>
    public static IReadOnlyDictionary<string, int[]> ChunkShapes { get; } = new Dictionary<string, int[]> { ["signal"] = [8, 2048] };

    private static double[,] Signal(int g)
    {
        var a = new double[SignalRows, SignalColumns];
        for (var i = 0; i < SignalRows; i++)
            for (var j = 0; j < SignalColumns; j++) a[i, j] = g * 1e7 + i * SignalColumns + j;
        return a;
    }

    private static string[] Labels(int g) => [$"g{g}", $"generation-{g}", new string('x', g % 7)];

    private static int[,] Matrix(int g)
    {
        var m = new int[64, 64];
        for (var i = 0; i < 64; i++)
            for (var j = 0; j < 64; j++) m[i, j] = g * 10000 + i * 64 + j;
        return m;
    }

    private static double[] Events(int g) => Enumerable.Range(0, 3000 + g % 3 * 1000).Select(i => g + i * 0.5).ToArray();

    /// <summary>Each top-level node's generation (absent nodes are left out). Throws <see cref="InvalidDataException"/> on any torn node.</summary>
    public static Dictionary<string, int> Check(IZarrStore store)
    {
        var found = new Dictionary<string, int>();
        foreach (var name in TopLevel)
        {
            LoadedNode node;
            try { node = ValueReader.Load(store, name); }
            catch (SciTex.Zarr.Engine.Errors.ZarrException e) when (e.Kind == SciTex.Zarr.Engine.Errors.ZarrErrorKind.KeyNotFound) { continue; }
            found[name] = name switch
            {
                "signal" => CheckSignal(Value<double[,]>(node)),
                "meta" => CheckMeta((LoadedGroup)node),
                _ => CheckEvents(Value<double[]>(node)),
            };
        }
        return found;
    }

    private static T Value<T>(LoadedNode node) =>
        node is LoadedArray { Value: T value } ? value : throw new InvalidDataException($"'{node.Path}' holds {(node as LoadedArray)?.Value?.GetType().Name ?? "a group"}, not {typeof(T).Name}");

    private static int CheckSignal(double[,] a)
    {
        if (a.GetLength(0) != SignalRows || a.GetLength(1) != SignalColumns) throw new InvalidDataException($"signal has shape {a.GetLength(0)}×{a.GetLength(1)}");
        var g = (int)Math.Floor(a[0, 0] / 1e7);
        for (var i = 0; i < SignalRows; i++)
            for (var j = 0; j < SignalColumns; j++)
                if (a[i, j] != g * 1e7 + i * SignalColumns + j)
                    throw new InvalidDataException($"signal is torn: [{i},{j}] = {a[i, j]} in generation {g}");
        return g;
    }

    private static int CheckMeta(LoadedGroup meta)
    {
        var children = meta.Children.ToDictionary(c => StoreKeys.LastSegment(c.Path));
        if (children.Count != 3) throw new InvalidDataException($"meta has {children.Count} children: {string.Join(", ", children.Keys)}");
        var g = Convert.ToInt32(((LoadedArray)children["count"]).Value);
        var labels = Value<string[]>(children["labels"]);
        if (!labels.SequenceEqual(Labels(g))) throw new InvalidDataException($"meta/labels [{string.Join(", ", labels)}] do not belong to generation {g}");
        var matrix = Value<int[,]>(children["matrix"]);
        var expected = Matrix(g);
        for (var i = 0; i < 64; i++)
            for (var j = 0; j < 64; j++)
                if (matrix[i, j] != expected[i, j]) throw new InvalidDataException($"meta/matrix is torn at [{i},{j}] for generation {g}");
        return g;
    }

    private static int CheckEvents(double[] events)
    {
        var g = (int)events[0];
        if (!events.SequenceEqual(Events(g))) throw new InvalidDataException($"events ({events.Length} values) do not match generation {g}");
        return g;
    }
}
