using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Errors;

namespace SciTex.Zarr.Engine.DataTypes;

/// <summary>
/// zarrs' <c>optional</c> data type (zarr-extensions <c>data-types/optional</c>): each element is either missing or a
/// value of <see cref="Inner"/>, which may itself be optional. In memory an element is the inner element's bytes
/// followed by one validity byte (1 present, 0 missing), so a missing element of <c>optional&lt;optional&lt;uint8&gt;&gt;</c>
/// is three bytes: value, inner validity, outer validity. Chunks of it are read and written through the
/// <c>optional</c> codec, which stores the validity mask and the present values apart, each through its own codecs.
/// </summary>
public sealed partial class ZarrDataType
{
    /// <summary>The wrapped type of an <c>optional</c> type; null for every other type.</summary>
    public ZarrDataType? Inner { get; private init; }

    /// <summary>Nesting depth: 0 for a plain type, 1 for <c>optional&lt;T&gt;</c>, 2 for <c>optional&lt;optional&lt;T&gt;&gt;</c> …</summary>
    public int OptionalDepth => Inner is null ? 0 : Inner.OptionalDepth + 1;

    /// <summary>The innermost non-optional type (the type itself when it is not optional).</summary>
    public ZarrDataType Innermost => Inner?.Innermost ?? this;

    /// <summary>
    /// <c>optional&lt;inner&gt;</c>. A missing element reaches .NET as null: <c>T?[]</c> (<see cref="Nullable{T}"/>) for a
    /// value-typed inner type, the inner reference type itself (string, byte[]) with nulls, and <c>object[]</c> of
    /// null or <see cref="OptionalValue"/> for nested optionals.
    /// </summary>
    public static ZarrDataType Optional(ZarrDataType inner)
    {
        if (inner.IsVariableLength || inner.Kind == DataTypeKind.Object)
            throw new ZarrException(ZarrErrorKind.UnsupportedDataType,
                $"Unsupported data type optional<{inner}>: only optional fixed-size types are read and written here (the variable-length {inner} inside an optional is not)");
        if (inner.Kind == DataTypeKind.Struct)
            throw new ZarrException(ZarrErrorKind.UnsupportedDataType,
                $"Unsupported data type optional<{inner}>: an optional struct would need records with missing members, which are not mapped");
        var clr = inner.Kind == DataTypeKind.Optional ? typeof(object)
            : inner.ClrType.IsValueType ? typeof(Nullable<>).MakeGenericType(inner.ClrType)
            : inner.ClrType;
        return new ZarrDataType("optional", DataTypeKind.Optional, checked(inner.ItemSize + 1), clr) { Inner = inner };
    }

    private static ZarrDataType OptionalFromV3(JsonObject? config)
    {
        if (config?["name"] is not JsonValue name || !name.TryGetValue(out string? innerName))
            throw new ZarrException(ZarrErrorKind.InvalidMetadata, "optional data type needs configuration.name (the wrapped data type)");
        var innerConfig = config["configuration"];
        JsonNode innerNode = innerConfig is JsonObject { Count: > 0 } c
            ? new JsonObject { ["name"] = innerName, ["configuration"] = c.DeepClone() }
            : JsonValue.Create(innerName)!;
        // The innermost of a deep nesting is still parsed by the same rules; the depth is bounded by the JSON depth limit.
        return Optional(FromV3(innerNode));
    }

    private JsonObject OptionalToV3Json()
    {
        var inner = Inner!.ToV3Json();
        var result = new JsonObject();
        if (inner is JsonObject o)
        {
            result["name"] = o["name"]!.GetValue<string>();
            result["configuration"] = o["configuration"]?.DeepClone() ?? new JsonObject();
        }
        else
        {
            result["name"] = inner.GetValue<string>();
            result["configuration"] = new JsonObject();
        }
        return new JsonObject { ["name"] = "optional", ["configuration"] = result };
    }
}
