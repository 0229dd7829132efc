namespace P4Orleans.Grains;

/// <summary>
/// The identity of a grain: its stable type name and its key. Two grain types with the same key are
/// two different grains.
/// </summary>
/// <param name="Type">The grain type's stable name (see <see cref="GrainTypeAttribute"/>).</param>
/// <param name="Key">The grain's key within its type.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
