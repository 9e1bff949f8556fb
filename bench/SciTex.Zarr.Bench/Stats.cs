using System.Globalization;

namespace SciTex.Zarr.Bench;

/// <summary>Medians and spreads of per-round measurements, formatted for the tables.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>"1.23× (1.05–1.40)": the median ratio and its range over the rounds.</summary>
    public static string Ratio(IReadOnlyList<double> ratios) =>
        ratios.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Median(ratios):F2}× ({ratios.Min():F2}–{ratios.Max():F2})");

    /// <summary>Per-round ratios a/b of two equally long series (round i of one against round i of the other).</summary>
    public static List<double> Ratios(IReadOnlyList<double> numerators, IReadOnlyList<double> denominators) =>
        numerators.Zip(denominators, (a, b) => a / b).ToList();

    public static string MBs(double mib, IReadOnlyList<double> seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{mib / Median(seconds):F0}");

    public static string Ms(IReadOnlyList<double> seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{Median(seconds) * 1000:F1} ({seconds.Min() * 1000:F1}–{seconds.Max() * 1000:F1})");
}
