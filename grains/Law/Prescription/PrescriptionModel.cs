namespace P4Orleans.Law;

/// <summary>Acts that interrupt the prescription of an ONSS claim (art. 42, law of 27 June 1969).</summary>
public enum InterruptionKind
{
    Summons,
    CommandToPay,
    Seizure,

    /// <summary>Registered letter from ONSS clearly demanding payment.</summary>
    RegisteredLetter,
}

/// <summary>An interrupting act and its date.</summary>
public sealed record PrescriptionInterruption(DateOnly Date, InterruptionKind Kind);

/// <summary>A pending opposition suspending prescription (art. 40): from its filing until the court rules (null: still pending).</summary>
public sealed record PrescriptionSuspension(DateOnly From, DateOnly? Until);

/// <summary>What is needed to compute a prescription date.</summary>
/// <param name="DueDate">Day the claim became due (see <see cref="PrescriptionCalculator.ContributionDueDate"/>).</param>
/// <param name="Fraud">True after fraud or false declarations (longer period).</param>
/// <param name="Interruptions">Interrupting acts, any order.</param>
/// <param name="Suspensions">Suspension periods, any order.</param>
public sealed record PrescriptionRequest(
    DateOnly DueDate,
    bool Fraud = false,
    IReadOnlyList<PrescriptionInterruption>? Interruptions = null,
    IReadOnlyList<PrescriptionSuspension>? Suspensions = null);

/// <summary>The last day before prescription is acquired, and why.</summary>
/// <param name="DueDate">Day the claim became due.</param>
/// <param name="ExpiresOn">Last day of the period (the claim is prescribed from the next day); null while suspended indefinitely.</param>
/// <param name="SuspendedIndefinitely">True while an opposition is pending without a ruling.</param>
/// <param name="Explanation">Why.</param>
public sealed record PrescriptionResult(DateOnly DueDate, DateOnly? ExpiresOn, bool SuspendedIndefinitely, Explanation Explanation)
{
    /// <summary>True when the claim is prescribed on <paramref name="date"/>.</summary>
    public bool IsPrescribedOn(DateOnly date) => ExpiresOn is { } last && date > last;
}

/// <summary>A dated version of the prescription rule of ONSS claims.</summary>
public abstract class PrescriptionRule(string id, DateOnly validFrom) : RuleVersion(id, validFrom)
{
    /// <summary>Length of the period in years.</summary>
    public abstract int Years(bool fraud);
}

/// <summary>Art. 42, law of 27 June 1969: 3 years, 7 years after fraud (both configurable).</summary>
public sealed class PrescriptionArticle42(PrescriptionOptions options) : PrescriptionRule("onss-prescription-art-42", DateOnly.MinValue)
{
    /// <inheritdoc />
    public override int Years(bool fraud) => fraud ? options.FraudYears : options.OrdinaryYears;
}
