namespace P4Orleans.Recovery.Reports;

/// <summary>
/// ONSS's report of a period (Europe/Brussels days <see cref="From"/> to <see cref="To"/>, both included). Flows
/// (titles, amounts claimed and recovered, costs, delays, oppositions, irrecoverable, purged) count what happened in
/// the period; stocks (dossiers by status, arrondissement and office; the outstanding balance) are as at its end.
/// </summary>
/// <param name="Period">The period's name (2026-11, 2026-Q3, 2026-11-05, or a range from..to).</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
/// <param name="Closed">True once the period is over (plus the settling delay): the report is then stored and never changes.</param>
/// <param name="GeneratedAt">When the figures were computed (UTC).</param>
/// <param name="Titles">Titles received, accepted and rejected.</param>
/// <param name="ByStatus">Dossiers by status at the period's end.</param>
/// <param name="ByArrondissement">Dossiers by competent arrondissement at the period's end ("(none)" while an operator decides).</param>
/// <param name="ByOffice">Dossiers by the office holding them at the period's end ("(none)" when no office holds it).</param>
/// <param name="Amounts">Amounts in euro cents.</param>
/// <param name="CostsByAct">Bailiff costs charged in the period, by act.</param>
/// <param name="ServiceDelay">Days from assignment to service, for services reported in the period.</param>
/// <param name="ExecutionDelay">Days from service to the first executory seizure, for first executory seizures reported in the period.</param>
/// <param name="Oppositions">Oppositions filed and judgments on opposition, by outcome.</param>
/// <param name="Irrecoverable">Dossiers declared irrecoverable in the period.</param>
/// <param name="Purged">Dossiers whose personal data was destroyed in the period.</param>
public sealed record OnssReport(
    string Period, DateOnly From, DateOnly To, bool Closed, DateTimeOffset GeneratedAt,
    TitleFigures Titles, IReadOnlyList<CountBy> ByStatus, IReadOnlyList<CountBy> ByArrondissement, IReadOnlyList<CountBy> ByOffice,
    AmountFigures Amounts, IReadOnlyList<CostByAct> CostsByAct, DelayFigures ServiceDelay, DelayFigures ExecutionDelay,
    OppositionFigures Oppositions, long Irrecoverable, long Purged);

/// <summary>Titles of the period: received = accepted + rejected (a resubmission of a title already held is neither).</summary>
/// <param name="Received">Titles handed over.</param>
/// <param name="Accepted">Titles that became dossiers.</param>
/// <param name="Rejected">Titles refused as invalid (lines of bulk files, and single submissions answered 400 or 409: invalid, or in conflict with the title held under the same reference).</param>
public sealed record TitleFigures(long Received, long Accepted, long Rejected);

/// <summary>A count under a key.</summary>
public sealed record CountBy(string Key, long Count);

/// <summary>Amounts in euro cents.</summary>
/// <param name="ClaimedCents">Claims of the titles accepted in the period.</param>
/// <param name="RecoveredCents">Payments recorded in the period, less what they paid beyond the debt (a refund due).</param>
/// <param name="OutstandingCents">The balance of every dossier at the period's end, costs included.</param>
public sealed record AmountFigures(long ClaimedCents, long RecoveredCents, long OutstandingCents);

/// <summary>Costs of one bailiff act.</summary>
public sealed record CostByAct(string Act, long Count, long TotalCents);

/// <summary>A delay in days: how many cases, their median and 90th percentile (linear interpolation; null without cases).</summary>
public sealed record DelayFigures(long Count, double? MedianDays, double? P90Days);

/// <summary>Oppositions filed in the period, and judgments on opposition given in it, by outcome.</summary>
public sealed record OppositionFigures(long Filed, IReadOnlyList<CountBy> Judgments);
