namespace P4Orleans.Law;

/// <summary>
/// The versions of one rule, ordered by <see cref="RuleVersion.ValidFrom"/>. Selecting by date is the
/// only place where a rule's history is consulted: no date comparison is scattered in the rules.
/// </summary>
public sealed class RuleSet<T> where T : RuleVersion
{
    private readonly T[] versions;

    /// <summary>Builds the set; two versions may not start on the same day.</summary>
    public RuleSet(IEnumerable<T> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        this.versions = [.. versions.OrderBy(v => v.ValidFrom)];
        if (this.versions.Length == 0)
        {
            throw new ArgumentException("A rule set needs at least one version.", nameof(versions));
        }

        for (var i = 1; i < this.versions.Length; i++)
        {
            if (this.versions[i].ValidFrom == this.versions[i - 1].ValidFrom)
            {
                throw new ArgumentException(
                    $"Versions {this.versions[i - 1].Id} and {this.versions[i].Id} start on the same day.",
                    nameof(versions));
            }
        }
    }

    /// <summary>All versions, oldest first.</summary>
    public IReadOnlyList<T> Versions => versions;

    /// <summary>The version in force on <paramref name="date"/>.</summary>
    /// <exception cref="LawRuleException">No version applies yet on that date.</exception>
    public T InForceOn(DateOnly date)
    {
        for (var i = versions.Length - 1; i >= 0; i--)
        {
            if (versions[i].ValidFrom <= date)
            {
                return versions[i];
            }
        }

        throw new LawRuleException(
            $"No version of {typeof(T).Name} is in force on {date:yyyy-MM-dd}; the earliest starts on {versions[0].ValidFrom:yyyy-MM-dd}.");
    }
}
