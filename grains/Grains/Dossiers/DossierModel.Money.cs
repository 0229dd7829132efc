using P4Orleans.Contracts;
using P4Orleans.Law;
using static P4Orleans.Contracts.DossierCommand;

namespace P4Orleans.Domain;

// Costs, payments, payment plans, the reduction of the claim by judgment.
public sealed partial class DossierModel
{
    private const string FileFeeReference = "file-fee";

    // Ten years of monthly instalments: beyond that, terms are not a plan but a typing error.
    private const int MaxInstalments = InputLimits.MaxInstalments;

    // When a judgment reduces the claim, principal goes first, then the accessories.
    private static readonly DebtComponent[] ReductionOrder =
    [
        DebtComponent.Contributions, DebtComponent.Art30bis, DebtComponent.Art30ter, DebtComponent.ContributionSurcharges,
        DebtComponent.LateInterest, DebtComponent.FlatRateIndemnities, DebtComponent.IndemnitySurcharges,
    ];

    /// <inheritdoc />
    public async Task RecordPaymentAsync(string? officeId, PaymentReport payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.Source == PaymentSource.Bailiff || officeId is not null)
        {
            RequireOffice(officeId);
        }

        Require(RecordPayment);
        Check(payment.AmountCents > 0, "amountCents", $"A payment must be a positive number of cents, not {payment.AmountCents}.");
        Check(payment.AmountCents <= Money.MaxAmountCents, "amountCents",
            $"A payment is at most {Money.MaxAmountCents} cents (the platform's ceiling for one amount).");
        CheckActDate(payment.Date, "date", AfterIssue, payment.Source == PaymentSource.Bailiff ? AfterAcceptance : default);
        Check(!string.IsNullOrWhiteSpace(payment.Reference), "reference", "The payment's reference is required.");
        var reference = $"{payment.Source}:{payment.Reference.Trim()}";
        if ((await LedgerEntriesAsync()).Any(e => e.Kind == LedgerEntryKind.Payment && e.Reference == reference && e.AmountCents == payment.AmountCents && e.Date == payment.Date))
        {
            Context.Journal(JournalKinds.Ignored, new { payment = reference, reason = "already recorded" });
            return;
        }

        State.Ledger = law.ApplyPayment(State.Ledger, payment.AmountCents, payment.Date, reference);
        var entry = State.Ledger.Entries[^1];
        Context.Journal(JournalKinds.PaymentRecorded, new
        {
            amountCents = payment.AmountCents,
            date = payment.Date,
            source = payment.Source.ToString(),
            reference,
            allocations = entry.Allocations,
            overpaymentCents = entry.OverpaymentCents,
            ruleId = entry.RuleVersionId,
            balanceCents = State.Ledger.BalanceCents,
        });

        // Art. 40: partial payments after service do not stop the proceedings.
        var detail = $"payment of {payment.AmountCents} cents ({payment.Source}) on {payment.Date:yyyy-MM-dd}; balance {State.Ledger.BalanceCents}";
        if (State.Ledger.BalanceCents == 0)
        {
            ReachOutcome(RecordPayment, DossierStatus.Paid, detail);
        }
        else
        {
            MoveTo(RecordPayment, State.Status, detail);
        }

        // Money received is recorded, never refused: what exceeds the debt is a refund due, for ONSS to decide.
        if (entry.OverpaymentCents > 0)
        {
            Escalate(EscalationKind.OverpaymentRefundDue, $"{entry.OverpaymentCents} cents paid beyond the debt on {payment.Date:yyyy-MM-dd}; refund due");
        }
    }

    /// <inheritdoc />
    public Task GrantPaymentPlanAsync(PaymentPlanTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Require(GrantPaymentPlan);
        Check(terms.Instalments >= 1, "instalments", "At least one instalment.");
        Check(terms.InstalmentCents > 0, "instalmentCents", "An instalment must be a positive number of cents.");
        Check(terms.Instalments <= MaxInstalments, "instalments", $"At most {MaxInstalments} instalments.");
        Check(terms.InstalmentCents <= Money.MaxAmountCents, "instalmentCents", $"An instalment is at most {Money.MaxAmountCents} cents.");
        CheckActDate(terms.GrantedOn, "grantedOn", AfterIssue);
        Check(terms.FirstDueOn >= terms.GrantedOn, "firstDueOn", "The first instalment cannot be due before the plan is granted.");

        // LEGAL.md §1: while granted payment terms are respected, execution waits.
        State.PaymentPlan = new PaymentPlanRecord(terms, State.Status);
        ClearDeadline(DossierReminders.ServiceDeadline, "payment terms granted");
        ClearDeadline(DossierReminders.Executable, "payment terms granted: execution waits");
        MoveTo(GrantPaymentPlan, DossierStatus.PaymentPlan, $"payment plan: {terms.Instalments} x {terms.InstalmentCents} cents from {terms.FirstDueOn:yyyy-MM-dd}");
        return QueueProcedureNoticeAsync(CommunicationKind.PaymentPlanLetter, terms.GrantedOn,
            $" : {terms.Instalments} x {terms.InstalmentCents / 100m:0.00} EUR");
    }

    /// <inheritdoc />
    public Task EndPaymentPlanAsync(PaymentPlanEnd reason, DateOnly date)
    {
        Require(EndPaymentPlan);
        Check(Enum.IsDefined(reason), "reason", $"Unknown reason {reason}.");
        CheckActDate(date, "date", new NotBefore(State.PaymentPlan!.Terms.GrantedOn, "plan's grant", "before-payment-plan"));
        State.PaymentPlan = State.PaymentPlan with { Active = false, EndedBy = reason, EndedOn = date };
        var target = ProcedureStatus();
        MoveTo(EndPaymentPlan, target, $"payment plan ended ({reason}) on {date:yyyy-MM-dd}; execution resumes");
        AfterResume(target);
        return Task.CompletedTask;
    }

    /// <summary>Charges a bailiff act at the tariff in force on its date (art. 40: costs borne by the debtor).</summary>
    private long ChargeAct(BailiffAct act, DateOnly date, string reference)
    {
        var claim = State.Ledger.BalanceCents - State.Ledger.OutstandingOf(DebtComponent.BailiffCosts);
        var cost = law.TariffCost(act, Math.Max(0, claim), date);
        if (cost.TotalCents <= 0)
        {
            return 0;
        }

        State.Ledger = State.Ledger.Charge(DebtComponent.BailiffCosts, cost.TotalCents, date, reference);
        Context.Journal(JournalKinds.CostCharged, new
        {
            act = act.ToString(),
            date,
            claimCents = cost.ClaimCents,
            tariffVersionId = cost.TariffVersionId,
            claimClass = cost.ClaimClass,
            exclVatCents = cost.ExclVatCents,
            vatCents = cost.VatCents,
            totalCents = cost.TotalCents,
            french = cost.French,
            dutch = cost.Dutch,
        });
        return cost.TotalCents;
    }

    private long TitleChargedCents() =>
        Enum.GetValues<DebtComponent>().Where(c => c != DebtComponent.BailiffCosts).Sum(State.Ledger.ChargedOf);

    /// <summary>
    /// The ledger's entries: those its host stored apart (from the ledger's first), then those the state still holds.
    /// Stored entries never change (a rebuild numbers new ones), so the activation keeps those it read or wrote
    /// (<see cref="LedgerWritten"/>) and reads only the ones it has not seen: a dossier receiving payments one after
    /// the other reads the table once.
    /// </summary>
    private async Task<IReadOnlyList<LedgerEntry>> LedgerEntriesAsync()
    {
        var ledger = State.Ledger;
        var lastStored = ledger.FirstCurrentSeq - 1;
        if (lastStored < ledger.FirstSeq)
        {
            return ledger.Current;
        }

        if (_storedLedgerFirst != ledger.FirstSeq || _storedLedgerFirst + _storedLedger.Count - 1 > lastStored)
        {
            _storedLedgerFirst = ledger.FirstSeq;
            _storedLedger = [];
        }

        var seen = _storedLedgerFirst + _storedLedger.Count - 1;
        if (seen < lastStored)
        {
            _storedLedger.AddRange(await timeline.ReadLedgerAsync(Key, seen + 1, lastStored));
        }

        return [.. _storedLedger, .. ledger.Current];
    }

    /// <summary>
    /// The host wrote <paramref name="ledger"/>: its held entries are stored now. Kept with those this activation has
    /// seen when they follow them, so the next look back reads nothing.
    /// </summary>
    public void LedgerWritten(Ledger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        // Held entries of a ledger it replaced (numbered before its first) are history: never looked back at.
        var current = ledger.Current;
        if (current.Count == 0)
        {
            return;
        }

        if (ledger.FirstCurrentSeq == ledger.FirstSeq)
        {
            // The write stored the ledger's first entries: they start what this activation has seen.
            _storedLedgerFirst = ledger.FirstSeq;
            _storedLedger = [];
        }

        if (_storedLedgerFirst == ledger.FirstSeq && _storedLedgerFirst + _storedLedger.Count == ledger.FirstCurrentSeq)
        {
            _storedLedger.AddRange(current);
        }
    }

    /// <summary>
    /// The court fixed the title's claim at <paramref name="reducedTo"/>. The ledger is rebuilt: the title's
    /// charges reduced (principal first), bailiff costs kept, and every payment imputed again in its order
    /// under the rule of its date, since the debt it paid is now smaller.
    /// </summary>
    private async Task ReduceClaimAsync(long reducedTo, DateOnly judgmentDate, string reason = "judgment-reduced")
    {
        var old = State.Ledger;
        var entries = await LedgerEntriesAsync();
        var before = TitleChargedCents();
        var totals = entries.Where(e => e.Kind == LedgerEntryKind.Charge && e.Component is { } c && c != DebtComponent.BailiffCosts)
            .GroupBy(e => e.Component!.Value).ToDictionary(g => g.Key, g => g.Sum(e => e.AmountCents));
        var excess = totals.Values.Sum() - reducedTo;
        foreach (var component in ReductionOrder)
        {
            if (excess > 0 && totals.TryGetValue(component, out var amount))
            {
                var cut = Math.Min(amount, excess);
                totals[component] = amount - cut;
                excess -= cut;
            }
        }

        // The rebuilt ledger's entries are numbered after the old ones, which stay stored as history.
        var rebuilt = old.Restarted();
        var written = new HashSet<DebtComponent>();
        foreach (var entry in entries)
        {
            if (entry.Kind == LedgerEntryKind.Payment)
            {
                rebuilt = law.ApplyPayment(rebuilt, entry.AmountCents, entry.Date, entry.Reference);
            }
            else if (entry.Component == DebtComponent.BailiffCosts)
            {
                rebuilt = rebuilt.Charge(DebtComponent.BailiffCosts, entry.AmountCents, entry.Date, entry.Reference);
            }
            else if (written.Add(entry.Component!.Value) && totals[entry.Component.Value] > 0)
            {
                rebuilt = rebuilt.Charge(entry.Component.Value, totals[entry.Component.Value], entry.Date, entry.Reference);
            }
        }

        State.Ledger = rebuilt;
        State.ClaimCents = reducedTo;
        if (rebuilt.OverpaymentCents > old.OverpaymentCents)
        {
            Escalate(EscalationKind.OverpaymentRefundDue,
                $"{rebuilt.OverpaymentCents - old.OverpaymentCents} cents paid beyond the claim reduced ({reason}) on {judgmentDate:yyyy-MM-dd}; refund due");
        }

        Context.Journal(JournalKinds.LedgerAdjusted, new
        {
            reason,
            judgmentDate,
            fromCents = before,
            toCents = reducedTo,
            balanceCents = rebuilt.BalanceCents,
            overpaymentCents = rebuilt.OverpaymentCents,
        });
    }
}
