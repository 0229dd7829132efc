namespace P4Orleans.Law;

/// <summary>One slice of income and what of it may be seized.</summary>
/// <param name="FromCents">Lower bound (exclusive).</param>
/// <param name="UpToCents">Upper bound (inclusive); null for the open top slice.</param>
/// <param name="Percent">Seizable percentage of the slice.</param>
/// <param name="SliceCents">Income falling in the slice.</param>
/// <param name="SeizableCents">Seizable part of the slice, rounded to the cent.</param>
public sealed record SeizableBand(long FromCents, long? UpToCents, int Percent, long SliceCents, long SeizableCents);

/// <summary>The seizable part of a monthly net income, for the bailiff's information.</summary>
/// <param name="IncomeCents">Monthly net income.</param>
/// <param name="Type">Work or replacement income.</param>
/// <param name="DependentChildren">Declared dependent children.</param>
/// <param name="Date">Date judged (selects the year's scale).</param>
/// <param name="ScaleId">Scale applied.</param>
/// <param name="ScaleVerified">False when the scale's amounts are UNVERIFIED defaults.</param>
/// <param name="Bands">The slices.</param>
/// <param name="BeforeChildrenCents">Seizable before the child reduction.</param>
/// <param name="ChildReductionCents">Reduction for dependent children.</param>
/// <param name="SeizableCents">Seizable part.</param>
/// <param name="ProtectedCents">Part left to the debtor.</param>
/// <param name="French">One French sentence.</param>
/// <param name="Dutch">One Dutch sentence.</param>
public sealed record SeizableResult(
    long IncomeCents,
    IncomeType Type,
    int DependentChildren,
    DateOnly Date,
    string ScaleId,
    bool ScaleVerified,
    IReadOnlyList<SeizableBand> Bands,
    long BeforeChildrenCents,
    long ChildReductionCents,
    long SeizableCents,
    long ProtectedCents,
    string French,
    string Dutch);

/// <summary>
/// Art. 1409 Judicial Code. The amount per dependent child raises the protected part, i.e. it is deducted
/// from the seizable amount (never below zero), as the published practice applies it. Not for maintenance debts.
/// </summary>
public static class SeizableCalculator
{
    /// <summary>Computes the seizable part of <paramref name="incomeCents"/> under <paramref name="scale"/>.</summary>
    public static SeizableResult Compute(long incomeCents, IncomeType type, int children, DateOnly date, SeizableScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentOutOfRangeException.ThrowIfNegative(incomeCents);
        ArgumentOutOfRangeException.ThrowIfNegative(children);

        // Replacement income has no 30% band: 40% from the 20% threshold to the last threshold.
        (long From, long? To, int Percent)[] slices = type == IncomeType.Work
            ?
            [
                (0, scale.NothingUpToCents, 0),
                (scale.NothingUpToCents, scale.TwentyPercentUpToCents, 20),
                (scale.TwentyPercentUpToCents, scale.ThirtyPercentUpToCents, 30),
                (scale.ThirtyPercentUpToCents, scale.FortyPercentUpToCents, 40),
                (scale.FortyPercentUpToCents, null, 100),
            ]
            :
            [
                (0, scale.NothingUpToCents, 0),
                (scale.NothingUpToCents, scale.TwentyPercentUpToCents, 20),
                (scale.TwentyPercentUpToCents, scale.FortyPercentUpToCents, 40),
                (scale.FortyPercentUpToCents, null, 100),
            ];

        var bands = slices.Select(s =>
        {
            var top = s.To ?? long.MaxValue;
            var slice = Math.Max(0, Math.Min(incomeCents, top) - s.From);
            return new SeizableBand(s.From, s.To, s.Percent, slice, Money.RoundCents(slice * s.Percent / 100m));
        }).ToList();

        var before = bands.Sum(b => b.SeizableCents);
        var reduction = scale.PerChildCents * children;
        var seizable = Math.Max(0, before - reduction);
        var (fr, nl) = Sentences(incomeCents, type, children, date, scale, bands, before, reduction, seizable);
        return new SeizableResult(incomeCents, type, children, date, scale.Id, scale.Verified, bands, before,
            reduction, seizable, incomeCents - seizable, fr, nl);
    }

    private static (string Fr, string Nl) Sentences(long income, IncomeType type, int children, DateOnly date, SeizableScale scale,
        List<SeizableBand> bands, long before, long reduction, long seizable)
    {
        var used = bands.Where(b => b.Percent > 0 && b.SliceCents > 0).ToList();
        var partsFr = used.Count == 0 ? "rien n'est saisissable sous le premier seuil"
            : string.Join(" ; ", used.Select(b => $"{b.Percent} % de {Money.French(b.SliceCents)} = {Money.French(b.SeizableCents)}"));
        var partsNl = used.Count == 0 ? "niets is vatbaar voor beslag onder de eerste grens"
            : string.Join("; ", used.Select(b => $"{b.Percent} % van {Money.Dutch(b.SliceCents)} = {Money.Dutch(b.SeizableCents)}"));
        var fr = $"{(type == IncomeType.Work ? "Revenu du travail" : "Revenu de remplacement")} de {Money.French(income)} par mois, " +
                 $"{children} {(children > 1 ? "enfants" : "enfant")} à charge, le {DateText.French(date)} (barème {scale.Id}, art. 1409 C.jud.) : {partsFr} ; " +
                 $"total {Money.French(before)}, moins {Money.French(reduction)} pour enfants à charge ; " +
                 $"saisissable {Money.French(seizable)}, insaisissable {Money.French(income - seizable)}.";
        var nl = $"{(type == IncomeType.Work ? "Inkomen uit arbeid" : "Vervangingsinkomen")} van {Money.Dutch(income)} per maand, " +
                 $"{children} {(children == 1 ? "kind" : "kinderen")} ten laste, op {DateText.Dutch(date)} (schaal {scale.Id}, art. 1409 Ger.W.): {partsNl}; " +
                 $"totaal {Money.Dutch(before)}, min {Money.Dutch(reduction)} voor kinderen ten laste; " +
                 $"vatbaar voor beslag {Money.Dutch(seizable)}, beschermd {Money.Dutch(income - seizable)}.";
        return (fr, nl);
    }
}
