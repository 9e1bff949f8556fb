using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.DataTypes;

/// <summary>
/// Optional elements between their in-memory form (inner bytes + one validity byte each, see
/// <see cref="ZarrDataType.Optional"/>) and .NET arrays, and their fill values (<c>null</c> = missing, <c>[v]</c> = v).
/// </summary>
public static class OptionalLayout
{
    private static readonly MethodInfo FromValuesMethod = typeof(OptionalLayout).GetMethod(nameof(NullableFromValues), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ToValuesMethod = typeof(OptionalLayout).GetMethod(nameof(NullableToValues), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Splits in-memory optional elements into the inner elements (packed, missing ones zero) and the validity mask.</summary>
    public static (byte[] Inner, bool[] Valid) Split(ReadOnlySpan<byte> stored, ZarrDataType type, int count)
    {
        var innerSize = type.Inner!.ItemSize;
        var stride = type.ItemSize;
        var inner = new byte[checked(count * innerSize)];
        var valid = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var element = stored.Slice(i * stride, stride);
            if (element[innerSize] == 0) continue;
            valid[i] = true;
            element[..innerSize].CopyTo(inner.AsSpan(i * innerSize));
        }
        return (inner, valid);
    }

    /// <summary>Converts in-memory optional elements into a .NET array of <see cref="ZarrDataType.ClrType"/> (any rank).</summary>
    public static void FromStored(ReadOnlySpan<byte> stored, Array destination, ZarrDataType type)
    {
        var n = destination.Length;
        var (innerBytes, valid) = Split(stored, type, n);
        var inner = type.Inner!;
        var innerValues = Array.CreateInstance(inner.ClrType, n);
        if (inner.Kind == DataTypeKind.Optional) FromStored(innerBytes, innerValues, inner);
        else ElementLayout.FromStored(innerBytes, innerValues, inner);

        if (type.ClrType.IsValueType)
        {
            FromValuesMethod.MakeGenericMethod(inner.ClrType).Invoke(null, [innerValues, valid, destination]);
            return;
        }
        var wrap = inner.Kind == DataTypeKind.Optional;
        var items = new object?[n];
        for (var i = 0; i < n; i++)
            items[i] = valid[i] ? (wrap ? new OptionalValue(innerValues.GetValue(i)) : innerValues.GetValue(i)) : null;
        ElementLayout.FromObjects(items, destination);
    }

    /// <summary>Converts a .NET array (<c>T?[]</c>, a reference-type array with nulls, or <c>object[]</c> of null / <see cref="OptionalValue"/>) into in-memory optional elements.</summary>
    public static void ToStored(Array source, Span<byte> stored, ZarrDataType type, string? store = null, string? path = null)
    {
        var n = source.Length;
        var inner = type.Inner!;
        var innerValues = Array.CreateInstance(inner.ClrType, n);
        var valid = new bool[n];
        if (type.ClrType.IsValueType)
        {
            ToValuesMethod.MakeGenericMethod(inner.ClrType).Invoke(null, [source, innerValues, valid]);
        }
        else
        {
            var items = ElementLayout.ToObjects(source);
            var wrapped = inner.Kind == DataTypeKind.Optional;
            for (var i = 0; i < n; i++)
            {
                var item = items[i];
                if (item is null) continue;
                valid[i] = true;
                if (wrapped)
                {
                    if (item is not OptionalValue some)
                        throw new ZarrException(ZarrErrorKind.UnsupportedValue,
                            $"Element {i} of a {type} array is a {item.GetType().Name}; a present element of a nested optional must be an OptionalValue (null for missing)", store, path);
                    innerValues.SetValue(some.Value, i);
                }
                else
                {
                    innerValues.SetValue(item, i);
                }
            }
        }
        var innerBytes = new byte[checked(n * inner.ItemSize)];
        if (inner.Kind == DataTypeKind.Optional) ToStored(innerValues, innerBytes, inner, store, path);
        else ElementLayout.ToStored(innerValues, innerBytes, inner, store, path);
        var innerSize = inner.ItemSize;
        for (var i = 0; i < n; i++)
        {
            var element = stored.Slice(i * type.ItemSize, type.ItemSize);
            if (valid[i]) innerBytes.AsSpan(i * innerSize, innerSize).CopyTo(element);
            else element[..innerSize].Clear();
            element[innerSize] = valid[i] ? (byte)1 : (byte)0;
        }
    }

    private static void NullableFromValues<T>(T[] values, bool[] valid, Array destination) where T : struct
    {
        var target = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T?>(ref MemoryMarshal.GetArrayDataReference(destination)), destination.Length);
        for (var i = 0; i < target.Length; i++) target[i] = valid[i] ? values[i] : null;
    }

    private static void NullableToValues<T>(Array source, T[] values, bool[] valid) where T : struct
    {
        var items = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T?>(ref MemoryMarshal.GetArrayDataReference(source)), source.Length);
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is not { } value) continue;
            valid[i] = true;
            values[i] = value;
        }
    }

    /// <summary>A v3 fill value: <c>null</c> (missing) or a one-element list holding the inner type's fill value.</summary>
    public static byte[] ParseFill(JsonNode? node, ZarrDataType type)
    {
        var raw = new byte[type.ItemSize];
        if (node is null) return raw;
        if (node is not JsonArray { Count: 1 } wrapped)
            throw new FormatException($"an optional fill value is null or a one-element list, got {node.ToJsonString()}");
        var inner = type.Inner!;
        var innerRaw = inner.Kind == DataTypeKind.Optional ? ParseFill(wrapped[0], inner)
            : FillValue.Parse(wrapped[0], inner, v2: false).Raw ?? throw new FormatException($"{inner} has no fixed-size fill value");
        innerRaw.CopyTo(raw, 0);
        raw[^1] = 1;
        return raw;
    }

    /// <summary>The JSON of an in-memory optional fill value.</summary>
    public static JsonNode? FillToJson(ReadOnlySpan<byte> raw, ZarrDataType type)
    {
        if (raw[^1] == 0) return null;
        var inner = type.Inner!;
        var innerRaw = raw[..^1];
        var value = inner.Kind == DataTypeKind.Optional ? FillToJson(innerRaw, inner) : FillValue.FromRaw(innerRaw.ToArray()).ToJson(inner, v2: false);
        return new JsonArray(value);
    }
}
