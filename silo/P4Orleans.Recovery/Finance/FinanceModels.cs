using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace P4Orleans.Recovery.Finance;

/// <summary>Options of section <c>Finance</c>: the remittance period and its due date.</summary>
public sealed class FinanceOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Finance";

    /// <summary>Length of a remittance period in months (1, 2, 3, 4, 6 or 12), periods aligned on 1 January. Default 1.</summary>
    [Range(1, 12)]
    public int PeriodMonths { get; set; } = 1;

    /// <summary>
    /// Days after the period's last day by which the office remits what is due to ONSS. Default 15.
    /// UNVERIFIED: LEGAL.md gives no rule for the remittance's due date.
    /// </summary>
    [Range(0, 366)]
    public int RemittanceDueDays { get; set; } = 15;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PeriodMonths is >= 1 and <= 12 && 12 % PeriodMonths != 0)
        {
            yield return new ValidationResult("Finance:PeriodMonths must divide the year (1, 2, 3, 4, 6 or 12).", [nameof(PeriodMonths)]);
        }
    }

    /// <summary>
    /// Reads a period key: the month it starts, <c>yyyy-MM</c>, which must start a period (with quarters: 01, 04, 07, 10).
    /// </summary>
    public bool TryParsePeriod(string? key, out RemittancePeriod period)
    {
        period = default;
        if (key is null || key.Length != 7
            || !DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || start.Year < 2000 || start.Year > 2100 || (start.Month - 1) % PeriodMonths != 0)
        {
            return false;
        }

        period = new RemittancePeriod(start, start.AddMonths(PeriodMonths).AddDays(-1), start.AddMonths(PeriodMonths).AddDays(-1).AddDays(RemittanceDueDays));
        return true;
    }
}

/// <summary>One remittance period: its first and last days and the day its remittance is due (Brussels dates).</summary>
public readonly record struct RemittancePeriod(DateOnly Start, DateOnly End, DateOnly DueOn)
{
    /// <summary>The period's key, the month it starts (<c>yyyy-MM</c>).</summary>
    public string Key => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>A payment a bailiff collected and reported in the period.</summary>
/// <param name="PaidOn">The date of the payment (as reported).</param>
/// <param name="RecordedAt">When the platform recorded it: this instant's Brussels date places it in a period.</param>
/// <param name="Reference">The payment's reference as recorded (<c>Bailiff:...</c>).</param>
/// <param name="AmountCents">Cents collected.</param>
/// <param name="KeptCents">The part the ledger imputed to bailiff costs: the office keeps it.</param>
/// <param name="DueCents">The rest (debt and any overpayment): due to ONSS.</param>
public sealed record CollectedPayment(DateOnly PaidOn, DateTimeOffset RecordedAt, string Reference, long AmountCents, long KeptCents, long DueCents);

/// <summary>A bailiff act charged in the period under the tariff of its date.</summary>
public sealed record ChargedCost(string Act, DateOnly Date, string TariffVersionId, string ClaimClass, long ExclVatCents, long VatCents, long TotalCents);

/// <summary>One dossier's lines of a statement.</summary>
public sealed record DossierRemittance(
    string DossierId, long CollectedCents, long KeptCents, long DueCents, IReadOnlyList<CollectedPayment> Payments, IReadOnlyList<ChargedCost> Costs);

/// <summary>
/// An office's remittance statement for one period: what it collected, the costs it keeps (imputed to bailiff
/// costs under the ledger's rules, charged at the tariff of each act's date), and what it owes ONSS by <paramref name="DueOn"/>.
/// </summary>
public sealed record RemittanceStatement(
    string OfficeId, string Period, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly DueOn, bool Closed, DateTimeOffset? ClosedAt,
    long CollectedCents, long KeptCents, long DueCents, long CostsChargedCents, IReadOnlyList<DossierRemittance> Dossiers);

/// <summary>A remittance received from an office, as an operator recorded it.</summary>
public sealed record RemittanceReceipt(string Reference, long AmountCents, DateOnly ReceivedOn, DateTimeOffset RecordedAt);

/// <summary>Differences between a statement and the remittances received.</summary>
public static class ReconciliationFlags
{
    /// <summary>Less received than due.</summary>
    public const string Short = "short";

    /// <summary>More received than due.</summary>
    public const string Over = "over";

    /// <summary>The amount due was not fully received by the due date.</summary>
    public const string Late = "late";
}

/// <summary>A closed statement against the remittances received for it.</summary>
/// <param name="OfficeId">The office.</param>
/// <param name="Period">The period's key (<c>yyyy-MM</c>).</param>
/// <param name="DueOn">The day the remittance was due.</param>
/// <param name="DueCents">Due to ONSS by the statement.</param>
/// <param name="ReceivedCents">Received in all.</param>
/// <param name="DifferenceCents">Received less due: negative when short, positive when over.</param>
/// <param name="SettledOn">The day the remittances received first reached the amount due (null while short).</param>
/// <param name="Flags">The differences (<see cref="ReconciliationFlags"/>), empty when none.</param>
/// <param name="Receipts">The remittances received, by date.</param>
public sealed record Reconciliation(
    string OfficeId, string Period, DateOnly DueOn, long DueCents, long ReceivedCents, long DifferenceCents, DateOnly? SettledOn,
    IReadOnlyList<string> Flags, IReadOnlyList<RemittanceReceipt> Receipts)
{
    /// <summary>Compares what is due with what was received, as of <paramref name="today"/>.</summary>
    public static Reconciliation Of(RemittanceStatement statement, IReadOnlyList<RemittanceReceipt> receipts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(receipts);
        var ordered = receipts.OrderBy(r => r.ReceivedOn).ThenBy(r => r.RecordedAt).ToList();
        var received = ordered.Sum(r => r.AmountCents);
        DateOnly? settled = statement.DueCents == 0 ? statement.PeriodEnd : null;
        var running = 0L;
        foreach (var receipt in ordered)
        {
            running += receipt.AmountCents;
            if (settled is null && running >= statement.DueCents)
            {
                settled = receipt.ReceivedOn;
            }
        }

        var flags = new List<string>();
        if (received < statement.DueCents)
        {
            flags.Add(ReconciliationFlags.Short);
        }
        else if (received > statement.DueCents)
        {
            flags.Add(ReconciliationFlags.Over);
        }

        // Late: settled after the due date, or still short once the due date has passed.
        if ((settled is { } s && s > statement.DueOn) || (settled is null && today > statement.DueOn))
        {
            flags.Add(ReconciliationFlags.Late);
        }

        return new Reconciliation(statement.OfficeId, statement.Period, statement.DueOn, statement.DueCents, received, received - statement.DueCents,
            settled, flags, ordered);
    }
}
