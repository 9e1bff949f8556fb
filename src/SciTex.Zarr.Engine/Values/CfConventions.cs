using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Metadata;

namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// The CF conventions xarray applies when it opens a store (<c>decode_cf</c>), done here on request (Import-Zarr
/// -DecodeCF), and the CF time encoding a save can write (Save-Zarr -CFTime). See docs/xarray.md.
/// <list type="bullet">
/// <item>Masking: elements equal to <c>_FillValue</c> or <c>missing_value</c> (and, in v2, to the array's <c>fill_value</c>,
/// which is where xarray keeps <c>_FillValue</c>) become NaN; integers become doubles, floats keep their type.</item>
/// <item>Scaling: <c>scale_factor</c>/<c>add_offset</c> give doubles, <c>raw × scale_factor + add_offset</c>.</item>
/// <item>Time: <c>units: "&lt;unit&gt; since &lt;date&gt;"</c> with no calendar or <c>standard</c>, <c>gregorian</c>,
/// <c>proleptic_gregorian</c> gives DateTime (UTC); masked elements give <c>DateTime?</c> nulls.</item>
/// </list>
/// Attributes a decoding consumed are removed from the node's attributes, as xarray moves them to <c>encoding</c>.
/// </summary>
public static partial class CfConventions
{
    public const string Units = "units";
    public const string Calendar = "calendar";
    public const string ScaleFactor = "scale_factor";
    public const string AddOffset = "add_offset";
    public const string FillValueAttribute = "_FillValue";
    public const string MissingValue = "missing_value";

    /// <summary>The calendar -CFTime writes (what xarray writes for datetime64 data).</summary>
    public const string ProlepticGregorian = "proleptic_gregorian";

    private static readonly string[] Calendars = ["standard", "gregorian", ProlepticGregorian];

    /// <summary>The first day of the Gregorian calendar: "standard"/"gregorian" dates before it are Julian, which is not decoded.</summary>
    private static readonly DateTime GregorianStart = new(1582, 10, 15, 0, 0, 0, DateTimeKind.Utc);

    [GeneratedRegex(@"^\s*([A-Za-z]+)\s+since\s+(.+?)\s*$")]
    private static partial Regex SincePattern();

    /// <summary>
    /// Decodes an array's value (a .NET array or scalar as read) by its CF attributes. <paramref name="attributes"/>
    /// (the node's user attributes) loses the attributes the decoding used. Values that are not numbers, or whose
    /// attributes do not apply, are returned as they are.
    /// </summary>
    public static object? Decode(ArrayMetadata array, object? value, JsonObject attributes)
    {
        var elementType = value is Array a ? a.GetType().GetElementType()! : value?.GetType();
        if (elementType is null || !IsNumber(elementType)) return value;

        var missing = new List<object>();
        foreach (var name in new[] { FillValueAttribute, MissingValue })
            if (attributes[name] is { } node)
                missing.AddRange(node is JsonArray list ? list.Select(JsonValues.ToDotNet).OfType<object>() : JsonValues.ToDotNet(node) is { } one ? [one] : []);
        // xarray reads a v2 array's fill_value as its _FillValue (that is where its writer keeps it).
        if (array.ZarrFormat == 2 && attributes[FillValueAttribute] is null && !array.FillValue.IsUndefined
            && array.FillValue.ToJson(array.DataType, v2: true) is { } fillJson
            // Re-parsed: ToJson's values wrap CLR numbers (short, float …) that ToDotNet reads only from JSON text.
            && JsonValues.ToDotNet(JsonNode.Parse(fillJson.ToJsonString())) is { } fill)
            missing.Add(fill);
        var scale = Number(attributes[ScaleFactor]);
        var offset = Number(attributes[AddOffset]);
        var time = TimeUnits(attributes);

        if (missing.Count == 0 && scale is null && offset is null && time is null) return value;

        var isFloat = elementType == typeof(double) || elementType == typeof(float) || elementType == typeof(Half);
        bool IsMissing(object raw) => missing.Any(m => SameNumber(raw, m));

        if (time is { } t)
        {
            // Integers convert exactly (in ticks); floats round to the nearest tick.
            object? ToTime(object? raw)
            {
                if (raw is null || IsMissing(raw)) return null;
                var ticks = ScaledTicks(raw, scale, offset, t.TicksPerUnit);
                if (ticks is null) return null;
                return new DateTime(checked(t.Reference.Ticks + ticks.Value), DateTimeKind.Utc);
            }
            try
            {
                if (value is not Array values) { ConsumeTime(attributes, missing.Count > 0, scale, offset); return ToTime(value); }
                var decoded = new object?[values.Length];
                var i = 0;
                var anyNull = false;
                foreach (var raw in values) anyNull |= (decoded[i++] = ToTime(raw)) is null;
                i = 0;
                var result = ElementLayout.Map(values, anyNull ? typeof(DateTime?) : typeof(DateTime), _ => decoded[i++]);
                ConsumeTime(attributes, missing.Count > 0, scale, offset);
                return result;
            }
            catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
            {
                // A value outside DateTime's range: keep the numbers, as for datetime64 values out of range.
                return value;
            }
        }

        if (scale is null && offset is null)
        {
            // Masking only: floats keep their type, integers become doubles (NaN has no integer).
            if (missing.Count == 0) return value;
            attributes.Remove(FillValueAttribute);
            attributes.Remove(MissingValue);
            if (isFloat)
            {
                var nan = elementType == typeof(float) ? (object)float.NaN : elementType == typeof(Half) ? Half.NaN : double.NaN;
                return value is Array af ? ElementLayout.Map(af, elementType, v => IsMissing(v!) ? nan : v) : IsMissing(value!) ? nan : value;
            }
        }
        else
        {
            attributes.Remove(ScaleFactor);
            attributes.Remove(AddOffset);
            attributes.Remove(FillValueAttribute);
            attributes.Remove(MissingValue);
        }
        double ToDouble(object? raw) => raw is null || IsMissing(raw) ? double.NaN : Convert.ToDouble(raw, CultureInfo.InvariantCulture) * (scale ?? 1) + (offset ?? 0);
        return value is Array arr ? ElementLayout.Map(arr, typeof(double), v => ToDouble(v)) : ToDouble(value);
    }

    private static void ConsumeTime(JsonObject attributes, bool masked, double? scale, double? offset)
    {
        attributes.Remove(Units);
        attributes.Remove(Calendar);
        if (masked) { attributes.Remove(FillValueAttribute); attributes.Remove(MissingValue); }
        if (scale is not null) attributes.Remove(ScaleFactor);
        if (offset is not null) attributes.Remove(AddOffset);
    }

    private static long? ScaledTicks(object raw, double? scale, double? offset, decimal ticksPerUnit)
    {
        if (scale is null && offset is null && raw is sbyte or byte or short or ushort or int or uint or long or ulong)
            return (long)Math.Round(Convert.ToDecimal(raw, CultureInfo.InvariantCulture) * ticksPerUnit, MidpointRounding.ToEven);
        var number = Convert.ToDouble(raw, CultureInfo.InvariantCulture) * (scale ?? 1) + (offset ?? 0);
        if (double.IsNaN(number)) return null;
        var ticks = Math.Round(number * (double)ticksPerUnit, MidpointRounding.ToEven);
        if (double.IsInfinity(ticks) || Math.Abs(ticks) > long.MaxValue / 2.0) throw new OverflowException();
        return (long)ticks;
    }

    /// <summary>A CF time variable's unit (in ticks) and reference date, or null when its units/calendar are not ones decoded here.</summary>
    public static (decimal TicksPerUnit, DateTime Reference)? TimeUnits(JsonObject attributes)
    {
        if (attributes[Units] is not JsonValue u || !u.TryGetValue(out string? units)) return null;
        var calendar = attributes[Calendar] is JsonValue c && c.TryGetValue(out string? cal) ? cal.Trim().ToLowerInvariant() : "standard";
        if (!Calendars.Contains(calendar)) return null;
        var match = SincePattern().Match(units);
        if (!match.Success) return null;
        decimal? perUnit = match.Groups[1].Value.ToLowerInvariant() switch
        {
            "days" or "day" or "d" => TimeSpan.TicksPerDay,
            "hours" or "hour" or "hr" or "hrs" or "h" => TimeSpan.TicksPerHour,
            "minutes" or "minute" or "min" or "mins" => TimeSpan.TicksPerMinute,
            "seconds" or "second" or "sec" or "secs" or "s" => TimeSpan.TicksPerSecond,
            "milliseconds" or "millisecond" or "msec" or "msecs" or "ms" => TimeSpan.TicksPerMillisecond,
            "microseconds" or "microsecond" or "usec" or "usecs" or "us" => 10,
            "nanoseconds" or "nanosecond" or "nsec" or "nsecs" or "ns" => 0.01m, // a tick is 100 ns: rounded to the tick
            _ => null,
        };
        if (perUnit is null || ReferenceDate(match.Groups[2].Value) is not { } reference) return null;
        if (calendar != ProlepticGregorian && reference < GregorianStart) return null;
        return (perUnit.Value, reference);
    }

    /// <summary>"2000-01-01", "2000-1-1 00:00:00", "2000-01-01T00:00:00Z", "1970-01-01 00:00:00 +00:00", "… UTC" → UTC.</summary>
    private static DateTime? ReferenceDate(string text)
    {
        text = text.Trim();
        if (text.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase)) text = text[..^4].TrimEnd();
        // CF allows a bare hour offset ("+1"); .NET wants hh:mm.
        var offset = Regex.Match(text, @"\s*([+-])(\d{1,2})(?::?(\d{2}))?$");
        if (offset.Success && text.Contains(' ', StringComparison.Ordinal) && offset.Index > 8)
            text = $"{text[..offset.Index].Trim()}{offset.Groups[1].Value}{int.Parse(offset.Groups[2].Value, CultureInfo.InvariantCulture):00}:{(offset.Groups[3].Success ? offset.Groups[3].Value : "00")}";
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc) : null;
    }

    private static bool IsNumber(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(Half) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(short)
        || t == typeof(ushort) || t == typeof(int) || t == typeof(uint) || t == typeof(long) || t == typeof(ulong);

    private static double? Number(JsonNode? node) => JsonValues.ToDotNet(node is JsonArray { Count: 1 } one ? one[0] : node) switch
    {
        long l => l,
        ulong u => u,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static bool SameNumber(object raw, object missing)
    {
        if (missing is string s)
            missing = s switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => s };
        if (missing is string) return false;
        if (raw is double or float or Half)
        {
            var r = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
            var m = Convert.ToDouble(missing, CultureInfo.InvariantCulture);
            return r.Equals(m) || (raw is float && (float)r == (float)m);
        }
        if (missing is double md) return md == Math.Floor(md) && !double.IsInfinity(md) && Convert.ToDouble(raw, CultureInfo.InvariantCulture) == md;
        return ToInt128(raw) == ToInt128(missing);
    }

    private static Int128 ToInt128(object v) => v is ulong u ? u : Convert.ToInt64(v, CultureInfo.InvariantCulture);

    // ---- encoding (Save-Zarr -CFTime) ----

    private static readonly (string Name, long Ticks)[] EncodingUnits =
    [
        ("days", TimeSpan.TicksPerDay), ("hours", TimeSpan.TicksPerHour), ("minutes", TimeSpan.TicksPerMinute),
        ("seconds", TimeSpan.TicksPerSecond), ("milliseconds", TimeSpan.TicksPerMillisecond), ("microseconds", 10),
    ];

    /// <summary>The NaT sentinel a CF-encoded time array stores for a null (also its fill value / _FillValue).</summary>
    public const long MissingTime = long.MinValue;

    /// <summary>
    /// A DateTime (or DateTime?) array as CF time: int64 counts of the coarsest unit that holds every value exactly (days …
    /// microseconds, else nanoseconds) since 1970-01-01, with the <c>units</c>/<c>calendar</c> attributes xarray writes.
    /// Local times are converted to UTC first. Nulls store <see cref="MissingTime"/> (HasMissing). Dates nanoseconds since
    /// 1970 cannot hold (before 1677 or after 2262 with sub-microsecond ticks) are refused (ZarrUnsupportedValueType).
    /// </summary>
    public static (Array Stored, string Units, bool HasMissing) EncodeTime(Array data, string? store, string path)
    {
        var epoch = DateTime.UnixEpoch.Ticks;
        var ticks = new List<long>(data.Length);
        var hasMissing = false;
        foreach (var item in data)
        {
            if (item is DateTime d) ticks.Add((d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d).Ticks - epoch);
            else hasMissing = true;
        }
        var (name, per) = EncodingUnits.FirstOrDefault(u => ticks.All(t => t % u.Ticks == 0));
        long Scale(long t)
        {
            if (name is not null) return t / per;
            try { return checked(t * 100); }
            catch (OverflowException)
            {
                throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                    $"A DateTime in '{path}' has sub-microsecond ticks and lies outside what int64 nanoseconds since 1970 can hold (1677–2262); save it without -CFTime",
                    store, path);
            }
        }
        var stored = ElementLayout.Map(data, typeof(long), item => item is DateTime d ? Scale((d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d).Ticks - epoch) : MissingTime);
        return (stored, $"{name ?? "nanoseconds"} since 1970-01-01", hasMissing);
    }
}
