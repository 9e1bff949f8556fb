using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Codecs;

namespace SciTex.Zarr.Engine.DataTypes;

/// <summary>Byte order and fill values of packed struct records.</summary>
public static class StructLayout
{
    /// <summary>
    /// Reverses, in every record of <paramref name="data"/>, the multi-byte values stored big-endian: all of them when
    /// <paramref name="allBigEndian"/> (v3 bytes codec <c>endian: big</c>), else the fields a v2 dtype marks <c>&gt;</c>.
    /// Swapping is its own inverse, so encode and decode share it.
    /// </summary>
    public static void SwapInPlace(Span<byte> data, ZarrDataType type, bool allBigEndian)
    {
        var swaps = type.StructSwaps;
        if (!NeedsSwap(type, allBigEndian)) return;
        var size = type.ItemSize;
        for (var record = 0; record + size <= data.Length; record += size)
            foreach (var (offset, unit, count, big) in swaps)
                if (allBigEndian || big) ByteSwap.InPlace(data.Slice(record + offset, unit * count), unit);
    }

    public static bool NeedsSwap(ZarrDataType type, bool allBigEndian) =>
        type.StructSwaps.Any(s => allBigEndian || s.BigEndian);

    /// <summary>
    /// A struct fill value: v3 writes an object of field fill values (nested for nested structs); v2 (and legacy v3)
    /// a base64 string of the packed record in its stored byte order. Returns the in-memory (little-endian) record.
    /// </summary>
    public static byte[] ParseFill(JsonNode node, ZarrDataType type, bool v2)
    {
        if (node is JsonValue text && text.TryGetValue(out string? base64))
        {
            var raw = Convert.FromBase64String(base64);
            if (raw.Length != type.ItemSize) throw new FormatException($"the base64 fill value holds {raw.Length} bytes, the record {type.ItemSize}");
            SwapInPlace(raw, type, allBigEndian: false);
            return raw;
        }
        if (node is not JsonObject fields) throw new FormatException("a struct fill value must be an object of field values (or base64)");
        var record = new byte[type.ItemSize];
        foreach (var field in type.Fields)
        {
            if (!fields.TryGetPropertyValue(field.Name, out var value))
                throw new FormatException($"the fill value has no entry for field '{field.Name}'");
            var one = FillValue.Parse(value, field.Type, v2).Raw ?? throw new FormatException($"field '{field.Name}' has no fixed-size fill");
            for (var k = 0; k < field.Count; k++) one.CopyTo(record, field.Offset + k * field.Type.ItemSize);
        }
        return record;
    }

    /// <summary>The JSON of a struct fill: v2 base64 in stored byte order; v3 an object of field values (first element of sub-arrays is not expressible, so v3 has none).</summary>
    public static JsonNode FillToJson(byte[] raw, ZarrDataType type, bool v2)
    {
        if (v2)
        {
            var stored = (byte[])raw.Clone();
            SwapInPlace(stored, type, allBigEndian: false);
            return JsonValue.Create(Convert.ToBase64String(stored));
        }
        var result = new JsonObject();
        foreach (var field in type.Fields)
            result[field.Name] = FillValue.FromRaw(raw.AsSpan(field.Offset, field.Type.ItemSize).ToArray()).ToJson(field.Type, v2: false);
        return result;
    }
}
