using System.Collections;
using System.Numerics;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.Arrays;

/// <summary>
/// Turns a value given for a region write (a typed array of any rank, nested lists, or a scalar) into a dense
/// .NET array of the target array's element type, checking every element before anything is written: a value that
/// does not fit (a string into float64, 1.5 or 300 into uint8, a ragged list) is a named error.
/// </summary>
public static class RegionValues
{
    /// <summary>True when <paramref name="value"/> is one element (it is broadcast over a region).</summary>
    public static bool IsScalar(object? value) => value is not null && value is not Array && value is not IList;

    /// <summary>A dense array of <paramref name="type"/>'s element type with the value's shape (nested lists become axes).</summary>
    public static Array ToTyped(object? value, ZarrDataType type, string store, string path)
    {
        if (value is null) throw new ZarrException(ZarrErrorKind.UnsupportedValue, "Cannot write $null into an array", store, path);
        var clr = type.ClrType;
        if (value is Array typed && typed.GetType().GetElementType() == clr) return typed;
        if (IsScalar(value) || value is string)
        {
            var one = Array.CreateInstance(clr, 1);
            one.SetValue(Element(value, type, store, path), 0);
            return one;
        }
        if (value is Array rectangular && rectangular.Rank > 1)
        {
            var items = ElementLayout.ToObjects(rectangular);
            var converted = Array.CreateInstance(clr, Enumerable.Range(0, rectangular.Rank).Select(rectangular.GetLength).ToArray());
            for (var i = 0; i < items.Length; i++) items[i] = Element(items[i], type, store, path);
            ElementLayout.FromObjects(items, converted);
            return converted;
        }
        // A list, possibly of lists: its shape comes from the nesting, which must be rectangular.
        var shape = new List<int>();
        var cursor = (object?)value;
        while (cursor is IList list && cursor is not Array { Rank: > 1 })
        {
            shape.Add(list.Count);
            cursor = list.Count > 0 ? list[0] : null;
        }
        var flat = new List<object?>();
        Flatten(value, 0, shape, flat, store, path);
        var result = Array.CreateInstance(clr, shape.ToArray());
        var elements = new object?[flat.Count];
        for (var i = 0; i < flat.Count; i++) elements[i] = Element(flat[i], type, store, path);
        ElementLayout.FromObjects(elements, result);
        return result;
    }

    private static void Flatten(object? value, int depth, List<int> shape, List<object?> into, string store, string path)
    {
        if (depth == shape.Count)
        {
            if (value is IList)
                throw new ZarrException(ZarrErrorKind.InvalidSelection, "The value is a ragged list (its nested lists differ in depth)", store, path);
            into.Add(value);
            return;
        }
        if (value is not IList list || value is string || list.Count != shape[depth])
            throw new ZarrException(ZarrErrorKind.InvalidSelection,
                $"The value is a ragged list: axis {depth} should have {shape[depth]} items everywhere", store, path);
        foreach (var item in list) Flatten(item, depth + 1, shape, into, store, path);
    }

    /// <summary>One element converted to the array's type; integers must be whole and in range, strings only go into string arrays.</summary>
    public static object Element(object? value, ZarrDataType type, string store, string path)
    {
        var clr = type.ClrType;
        if (value is not null && value.GetType() == clr) return value;
        // Text that spells a number (a command-line '-1', Import-Csv fields) is that number; other text is refused below.
        if (value is string text && clr != typeof(string) && Spelled(text, clr) is { } spelled) value = spelled;
        try
        {
            switch (value)
            {
                case null:
                    throw Mismatch("$null", type, store, path);
                case string when clr != typeof(string):
                case bool when clr != typeof(bool):
                case Complex when clr != typeof(Complex):
                    throw Mismatch(value.GetType().Name, type, store, path);
            }
            if (clr == typeof(string) || clr == typeof(bool) || !IsNumber(value))
                throw Mismatch(value.GetType().Name, type, store, path);
            if (clr == typeof(double)) return Convert.ToDouble(value);
            if (clr == typeof(float)) return Convert.ToSingle(value);
            if (clr == typeof(Half)) return (Half)Convert.ToDouble(value);
            if (clr == typeof(Complex)) return new Complex(Convert.ToDouble(value), 0);
            // Integers (and datetime64/timedelta64, stored as long): whole values in range only.
            if (value is double or float or Half or decimal)
            {
                var d = value is Half h ? (double)h : Convert.ToDouble(value);
                if (double.IsNaN(d) || double.IsInfinity(d) || Math.Floor(d) != d)
                    throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{d} is not a whole number, so it cannot be written into a {type} array", store, path);
                if (value is decimal m) return Convert.ChangeType(m, clr, System.Globalization.CultureInfo.InvariantCulture);
                return Convert.ChangeType(checked((decimal)d), clr, System.Globalization.CultureInfo.InvariantCulture);
            }
            return Convert.ChangeType(value, clr, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (OverflowException e)
        {
            throw new ZarrException(ZarrErrorKind.UnsupportedValue, $"{value} is out of range for a {type} array", store, path, e);
        }
    }

    private static object? Spelled(string text, Type clr)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        text = text.Trim();
        if (clr == typeof(bool)) return bool.TryParse(text, out var b) ? b : null;
        if (clr == typeof(Complex)) return null;
        if (long.TryParse(text, System.Globalization.NumberStyles.Integer, culture, out var l)) return l;
        if (ulong.TryParse(text, System.Globalization.NumberStyles.Integer, culture, out var u)) return u;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, culture, out var d)) return d;
        return null;
    }

    private static bool IsNumber(object value) => value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or Half or decimal;

    private static ZarrException Mismatch(string given, ZarrDataType type, string store, string path) =>
        new(ZarrErrorKind.UnsupportedValue, $"Cannot write a {given} value into a {type} array (expects {type.ClrType.Name})", store, path);

    /// <summary>An array of <paramref name="shape"/> whose every element is <paramref name="element"/> (already converted).</summary>
    public static Array Filled(Type clr, long[] shape, object element)
    {
        var dims = shape.Length == 0 ? [1] : shape.Select(d => checked((int)d)).ToArray();
        var result = Array.CreateInstance(clr, dims);
        var items = new object?[result.Length];
        Array.Fill(items, element);
        ElementLayout.FromObjects(items, result);
        return result;
    }

    /// <summary>The shape of a dense .NET array.</summary>
    public static long[] ShapeOf(Array data) => Enumerable.Range(0, data.Rank).Select(d => (long)data.GetLength(d)).ToArray();

    /// <summary>The same elements with a leading axis of length 1 inserted at <paramref name="axis"/> (a row becomes a one-row block).</summary>
    public static Array InsertAxis(Array data, int axis)
    {
        var shape = ShapeOf(data).Select(d => (int)d).ToList();
        shape.Insert(axis, 1);
        var result = Array.CreateInstance(data.GetType().GetElementType()!, shape.ToArray());
        if (data.GetType().GetElementType()!.IsPrimitive)
            Buffer.BlockCopy(data, 0, result, 0, Buffer.ByteLength(data));
        else ElementLayout.FromObjects(ElementLayout.ToObjects(data), result);
        return result;
    }
}
