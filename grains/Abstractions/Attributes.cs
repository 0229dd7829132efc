namespace P4Orleans.Grains;

/// <summary>Gives a grain class its stable type name, stored with its state and reminders.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The stable name, for example <c>dossier</c>.</summary>
    public string Name { get; } = name;
}

/// <summary>
/// Marks a grain interface method that only reads state. It runs one at a time with the grain's other
/// calls on this node but takes no database lock and writes nothing; it sees the last committed state.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>Gives a one-way message type its stable name, stored with the message until delivery.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class GrainMessageAttribute(string name) : Attribute
{
    /// <summary>The stable name, for example <c>bailiff.dossier-assigned</c>.</summary>
    public string Name { get; } = name;
}
