using SciTex.Zarr.Engine.DataTypes;

namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// DateTime ↔ numpy.datetime64 and TimeSpan ↔ numpy.timedelta64. .NET ticks are 100 ns, so we store
/// <c>[100ns]</c> units (scale factor 100, unit ns): every DateTime round-trips exactly and NumPy reads them natively.
/// Reading other units converts to the nearest tick. NaT (int64 minimum) has no DateTime: an array holding NaT reads
/// as <c>DateTime?[]</c> / <c>TimeSpan?[]</c> with null there (arrays without NaT stay <c>DateTime[]</c>), a 0-d NaT
/// as null; writing nulls of such arrays stores NaT again, so the mapping is lossless both ways.
/// </summary>
public static class TimeValues
{
    public const long NaT = long.MinValue;
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    public static ZarrDataType DateTimeType { get; } = ZarrDataType.DateTime64("ns", 100);
    public static ZarrDataType TimeSpanType { get; } = ZarrDataType.TimeDelta64("ns", 100);

    public static bool IsTimeType(Type type) =>
        type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(DateTime?) || type == typeof(TimeSpan?);

    /// <summary>A long array of the same shape holding the stored int64 values, and its data type.</summary>
    public static (Array Stored, ZarrDataType Type) ToStored(Array data)
    {
        var stored = ElementLayout.Map(data, typeof(long), item => item switch
        {
            DateTime d => (d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d).Ticks - EpochTicks,
            TimeSpan t => t.Ticks,
            _ => NaT,
        });
        var element = data.GetType().GetElementType();
        return (stored, element == typeof(DateTime) || element == typeof(DateTime?) ? DateTimeType : TimeSpanType);
    }

    /// <summary>
    /// Converts stored int64 values (array or scalar) to DateTime/TimeSpan, with NaT as null (<c>DateTime?[]</c> when
    /// the array holds any). <c>Converted</c> is false when the unit can't be expressed in ticks or a value is outside
    /// DateTime's range: the caller keeps the raw int64 values then.
    /// </summary>
    public static (bool Converted, object? Value) TryFromStored(object? value, ZarrDataType type)
    {
        if (TicksPerUnit(type) is not { } ticksPerUnit) return (false, null);
        var isDate = type.Kind == DataTypeKind.DateTime64;
        object? Convert(long raw)
        {
            if (raw == NaT) return null;
            var ticks = checked((long)Math.Round(raw * ticksPerUnit, MidpointRounding.ToEven));
            return isDate ? new DateTime(checked(EpochTicks + ticks), DateTimeKind.Utc) : new TimeSpan(ticks);
        }
        try
        {
            if (value is long scalar) return (true, Convert(scalar));
            if (value is not Array array) return (false, null);
            var hasNaT = false;
            foreach (var raw in array)
                if ((long)raw! == NaT) { hasNaT = true; break; }
            var element = isDate ? hasNaT ? typeof(DateTime?) : typeof(DateTime) : hasNaT ? typeof(TimeSpan?) : typeof(TimeSpan);
            return (true, ElementLayout.Map(array, element, v => Convert((long)v!)));
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            return (false, null);
        }
    }

    /// <summary><see cref="TryFromStored"/>'s value, or null when it did not convert.</summary>
    public static object? FromStored(object? value, ZarrDataType type) => TryFromStored(value, type) is (true, var converted) ? converted : null;

    /// <summary>Ticks per stored unit, in decimal so that 100 ns units convert exactly.</summary>
    private static decimal? TicksPerUnit(ZarrDataType type)
    {
        decimal? perUnit = type.Unit switch
        {
            "W" => TimeSpan.TicksPerDay * 7m,
            "D" => TimeSpan.TicksPerDay,
            "h" => TimeSpan.TicksPerHour,
            "m" => TimeSpan.TicksPerMinute,
            "s" => TimeSpan.TicksPerSecond,
            "ms" => TimeSpan.TicksPerMillisecond,
            "us" => 10m,
            "ns" => 0.01m,
            "ps" => 0.00001m,
            "fs" => 0.00000001m,
            "as" => 0.00000000001m,
            _ => null, // Y, M (calendar units) and generic have no fixed length
        };
        return perUnit * type.ScaleFactor;
    }
}
