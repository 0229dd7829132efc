using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>A bailiff office the dispatcher may choose, as the host reads it (SQL over the bailiff index).</summary>
/// <param name="OfficeId">The office.</param>
/// <param name="Status">Only active offices are chosen.</param>
/// <param name="Load">Open dossiers now.</param>
/// <param name="Capacity">Open dossiers the office takes.</param>
/// <param name="ArrondissementId">The office's arrondissement; null when the caller already filtered.</param>
public sealed record DispatchCandidate(string OfficeId, BailiffStatus Status, int Load, int Capacity, string? ArrondissementId = null);

/// <summary>The office chosen with its explanation, or why a person must decide.</summary>
/// <param name="OfficeId">The chosen office; null when a manual decision is needed.</param>
/// <param name="Explanation">Why (no personal data), journalled with the assignment.</param>
/// <param name="ManualDecisionReason">Code of the reason when no office could be chosen (see <see cref="DispatchReasons"/>).</param>
public sealed record DispatchDecision(string? OfficeId, string Explanation, string? ManualDecisionReason)
{
    /// <summary>True when no office could be chosen.</summary>
    public bool NeedsManualDecision => OfficeId is null;
}

/// <summary>Reason codes of a dispatch needing a manual decision.</summary>
public static class DispatchReasons
{
    public const string NoArrondissement = "no-arrondissement";
    public const string NoActiveOffice = "no-active-office";
    public const string AllExcluded = "all-offices-excluded";
    public const string AllFull = "all-offices-full";
}

/// <summary>
/// Chooses the bailiff office for a dossier. Pure and deterministic: among the active offices of the
/// arrondissement that are not excluded (they refused or missed the acceptance deadline) and not full, the
/// lowest load/capacity ratio (compared exactly, without floating point); ties go to the lower load, then to
/// the office id in ordinal order. This weighs the choice by free capacity and spreads work fairly.
/// </summary>
public static class DispatchPolicy
{
    /// <summary>Chooses among <paramref name="candidates"/> for a dossier of <paramref name="arrondissementId"/>.</summary>
    public static DispatchDecision Choose(string? arrondissementId, IEnumerable<DispatchCandidate> candidates, IEnumerable<string>? excludedOfficeIds = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (string.IsNullOrEmpty(arrondissementId))
        {
            return Manual(DispatchReasons.NoArrondissement, "no competent arrondissement: manual decision");
        }

        var name = Arrondissements.Find(arrondissementId)?.NameFr ?? arrondissementId;
        var excluded = new HashSet<string>(excludedOfficeIds ?? [], StringComparer.Ordinal);
        var active = candidates
            .Where(c => c.Status == BailiffStatus.Active)
            .Where(c => c.ArrondissementId is null || c.ArrondissementId.Equals(arrondissementId, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (active.Count == 0)
        {
            return Manual(DispatchReasons.NoActiveOffice, $"arrondissement {name}: no active office");
        }

        var allowed = active.Where(c => !excluded.Contains(c.OfficeId)).ToList();
        if (allowed.Count == 0)
        {
            return Manual(DispatchReasons.AllExcluded, $"arrondissement {name}: every active office ({active.Count}) refused or missed the acceptance deadline");
        }

        var open = allowed.Where(c => c.Capacity > 0 && c.Load < c.Capacity).ToList();
        if (open.Count == 0)
        {
            return Manual(DispatchReasons.AllFull, $"arrondissement {name}: every eligible office ({allowed.Count}) is at capacity");
        }

        open.Sort(Compare);
        var best = open[0];
        var tie = open.Count > 1 && RatioCompare(best, open[1]) == 0
            ? best.Load == open[1].Load ? " (tie on ratio and load: lowest office id)" : " (tie on ratio: lowest load)"
            : "";
        return new DispatchDecision(best.OfficeId,
            $"office {best.OfficeId}: arrondissement {name}, load {best.Load}/{best.Capacity}, lowest ratio{tie} among {open.Count} eligible office{(open.Count == 1 ? "" : "s")}",
            null);
    }

    private static int Compare(DispatchCandidate a, DispatchCandidate b)
    {
        var ratio = RatioCompare(a, b);
        if (ratio != 0)
        {
            return ratio;
        }

        var load = a.Load.CompareTo(b.Load);
        return load != 0 ? load : string.CompareOrdinal(a.OfficeId, b.OfficeId);
    }

    // a.Load / a.Capacity versus b.Load / b.Capacity, exactly.
    private static int RatioCompare(DispatchCandidate a, DispatchCandidate b) =>
        ((long)a.Load * b.Capacity).CompareTo((long)b.Load * a.Capacity);

    private static DispatchDecision Manual(string reason, string explanation) => new(null, explanation, reason);
}
