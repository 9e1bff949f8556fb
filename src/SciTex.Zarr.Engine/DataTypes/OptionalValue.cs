namespace SciTex.Zarr.Engine.DataTypes;

/// <summary>
/// A present element of a nested optional (<c>optional&lt;optional&lt;T&gt;&gt;</c>): <see cref="Value"/> is the inner
/// optional's own value, so null there is zarrs' <c>Some(None)</c> (JSON <c>[null]</c>) while a missing outer element
/// is a plain null. Single-level optionals need no wrapper: their elements are <c>T?</c>.
/// </summary>
public sealed class OptionalValue(object? value) : IEquatable<OptionalValue>
{
    public object? Value { get; } = value;

    public bool Equals(OptionalValue? other) => other is not null && Equals(Value, other.Value);
    public override bool Equals(object? obj) => Equals(obj as OptionalValue);
    public override int GetHashCode() => Value?.GetHashCode() ?? 0;

    /// <summary>The zarrs fill_value JSON notation: <c>[null]</c>, <c>[5]</c>, <c>[[5]]</c>.</summary>
    public override string ToString() => "[" + (Value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => Value.ToString(),
    }) + "]";
}
