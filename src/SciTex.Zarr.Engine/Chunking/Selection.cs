using System.Globalization;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Chunking;

/// <summary>One axis of a selection: a slice <c>start:stop:step</c> (any part optional, negatives count from the end) or an integer index that drops the axis.</summary>
public readonly record struct AxisSelection(long? Start, long? Stop, long Step, bool IsIndex)
{
    public static AxisSelection All => new(null, null, 1, false);
    public static AxisSelection Index(long index) => new(index, null, 1, true);
    public static AxisSelection Slice(long? start, long? stop, long step = 1) => new(start, stop, step, false);

    public override string ToString() => IsIndex
        ? Start!.Value.ToString(CultureInfo.InvariantCulture)
        : $"{Start}:{Stop}{(Step == 1 ? "" : ":" + Step)}";
}

/// <summary>A selection resolved against a shape: for each axis the first index, step and count.</summary>
public readonly record struct ResolvedAxis(long Start, long Step, long Count, bool Dropped);

/// <summary>A rectangular (strided) selection over an array, one <see cref="AxisSelection"/> per axis.</summary>
public sealed class Selection
{
    public Selection(IReadOnlyList<AxisSelection> axes) => Axes = axes;

    public IReadOnlyList<AxisSelection> Axes { get; }

    public static Selection All(int rank) => new(Enumerable.Repeat(AxisSelection.All, rank).ToArray());

    /// <summary>From start/end(exclusive)/step arrays (PowerShell's -Start/-End/-Step); missing entries mean the full axis.</summary>
    public static Selection FromBounds(int rank, long[]? start, long[]? end, long[]? step)
    {
        foreach (var (array, name) in new[] { (start, "Start"), (end, "End"), (step, "Step") })
            if (array is not null && array.Length > rank)
                throw new ZarrException(ZarrErrorKind.InvalidSelection, $"-{name} has {array.Length} values but the array has {rank} dimensions");
        var axes = new AxisSelection[rank];
        for (var i = 0; i < rank; i++)
        {
            axes[i] = AxisSelection.Slice(
                start is not null && i < start.Length ? start[i] : null,
                end is not null && i < end.Length ? end[i] : null,
                step is not null && i < step.Length ? step[i] : 1);
        }
        return new Selection(axes);
    }

    /// <summary>Parses a NumPy-style selection: <c>"0:10, 500:600"</c>, <c>":, ::2"</c>, <c>"-1"</c>, <c>"..., 3"</c>.</summary>
    public static Selection Parse(string text, int rank)
    {
        var parts = text.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 1 && parts[0].Length == 0) return All(rank);
        var axes = new List<AxisSelection>();
        var ellipsis = -1;
        foreach (var part in parts)
        {
            if (part == "..." || part == "…")
            {
                if (ellipsis >= 0) throw Invalid(text, "more than one '...'");
                ellipsis = axes.Count;
                continue;
            }
            axes.Add(ParseAxis(part, text));
        }
        if (axes.Count > rank) throw Invalid(text, $"{axes.Count} axes given but the array has {rank}");
        var fill = Enumerable.Repeat(AxisSelection.All, rank - axes.Count);
        if (ellipsis >= 0) axes.InsertRange(ellipsis, fill);
        else axes.AddRange(fill);
        return new Selection(axes);
    }

    private static AxisSelection ParseAxis(string part, string text)
    {
        if (part.Length == 0) throw Invalid(text, "an empty axis (use ':' for a whole axis)");
        var pieces = part.Split(':');
        if (pieces.Length == 1) return AxisSelection.Index(ParseLong(pieces[0], text));
        if (pieces.Length > 3) throw Invalid(text, $"'{part}' has too many ':'");
        long? start = pieces[0].Trim().Length == 0 ? null : ParseLong(pieces[0], text);
        long? stop = pieces[1].Trim().Length == 0 ? null : ParseLong(pieces[1], text);
        var step = pieces.Length == 3 && pieces[2].Trim().Length > 0 ? ParseLong(pieces[2], text) : 1;
        return AxisSelection.Slice(start, stop, step);
    }

    private static long ParseLong(string s, string text) =>
        long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Invalid(text, $"'{s.Trim()}' is not an integer");

    private static ZarrException Invalid(string text, string why) =>
        new(ZarrErrorKind.InvalidSelection, $"Invalid selection '{text}': {why}");

    /// <summary>Resolves against a shape with NumPy's rules (negatives from the end, slices clamped, indices checked).</summary>
    public ResolvedAxis[] Resolve(long[] shape)
    {
        if (Axes.Count != shape.Length)
            throw new ZarrException(ZarrErrorKind.InvalidSelection, $"Selection has {Axes.Count} axes but the array has {shape.Length}");
        var resolved = new ResolvedAxis[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            var axis = Axes[i];
            var length = shape[i];
            if (axis.IsIndex)
            {
                var index = axis.Start!.Value;
                if (index < 0) index += length;
                if (index < 0 || index >= length)
                    throw new ZarrException(ZarrErrorKind.InvalidSelection, $"Index {axis.Start} is out of bounds for axis {i} with size {length}");
                resolved[i] = new ResolvedAxis(index, 1, 1, true);
                continue;
            }
            if (axis.Step <= 0)
                throw new ZarrException(ZarrErrorKind.InvalidSelection, $"Step {axis.Step} on axis {i} is not supported: steps must be positive");
            var start = Clamp(axis.Start ?? 0, length);
            var stop = Clamp(axis.Stop ?? length, length);
            var count = stop > start ? (stop - start + axis.Step - 1) / axis.Step : 0;
            resolved[i] = new ResolvedAxis(start, axis.Step, count, false);
        }
        return resolved;
    }

    private static long Clamp(long value, long length)
    {
        if (value < 0) value += length;
        return Math.Clamp(value, 0, length);
    }

    public override string ToString() => string.Join(", ", Axes);
}
