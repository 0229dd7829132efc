namespace P4Orleans.Law;

/// <summary>
/// One dated version of a rule of law. The engine applies the version in force on the date of the
/// event it judges; a new version is a new subclass plus its data, never an edit of an old one.
/// </summary>
public abstract class RuleVersion
{
    /// <summary>Creates a version with its stable identifier and the first day it applies.</summary>
    protected RuleVersion(string id, DateOnly validFrom)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        ValidFrom = validFrom;
    }

    /// <summary>Stable identifier quoted in every explanation (e.g. <c>opposition-one-month-2019</c>).</summary>
    public string Id { get; }

    /// <summary>First day on which this version applies (inclusive).</summary>
    public DateOnly ValidFrom { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Id} (from {ValidFrom:yyyy-MM-dd})";
}
