using System.Text.Json;
using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>What intake needs besides the submission.</summary>
/// <param name="DossierId">The dossier's id (the grain key).</param>
/// <param name="Now">The host's clock; its Brussels date is "today" for the validation.</param>
/// <param name="Law">The law engine.</param>
/// <param name="Options">The dossier options.</param>
public sealed record IntakeContext(string DossierId, DateTimeOffset Now, LawEngine Law, DossierOptions Options);

/// <summary>A reminder the caller must set on the new dossier.</summary>
public sealed record IntakeReminder(string Name, DateTimeOffset DueAt);

/// <summary>A journal entry the caller must write for the new dossier (no personal data).</summary>
public sealed record IntakeJournalEntry(string Kind, object Data);

/// <summary>The outcome of intake: the errors, or the accepted dossier.</summary>
public sealed record IntakeResult(IReadOnlyList<ValidationError> Errors, IntakeAccepted? Accepted)
{
    /// <summary>True when the submission was accepted.</summary>
    public bool IsAccepted => Accepted is not null;
}

/// <summary>
/// An accepted title: the initial state without its personal data, the personal data as plaintext JSON bytes
/// for the caller to seal, the reminders to set and the journal entries to write.
/// </summary>
public sealed class IntakeAccepted(DossierState state, byte[] personalData, IReadOnlyList<IntakeReminder> reminders, IReadOnlyList<IntakeJournalEntry> journal)
{
    /// <summary>The initial state; <see cref="DossierState.SealedPersonalData"/> is set by <see cref="Seal"/>.</summary>
    public DossierState State { get; } = state;

    /// <summary>The debtor and third parties as JSON (<see cref="DebtorPersonalData"/>), to seal with the dossier's key.</summary>
    public byte[] PersonalData { get; } = personalData;

    public IReadOnlyList<IntakeReminder> Reminders { get; } = reminders;

    public IReadOnlyList<IntakeJournalEntry> Journal { get; } = journal;

    /// <summary>Stores the sealed personal data in the state and clears the plaintext buffer.</summary>
    public void Seal(string sealedValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(sealedValue);
        State.SealedPersonalData = Convert.FromBase64String(sealedValue);
        Array.Clear(PersonalData);
    }
}

/// <summary>
/// Turns a submission into a dossier, or says precisely why not. Pure and static: the dossier grain's
/// <c>SubmitAsync</c> and the host's bulk path (which seals a batch and writes states with binary COPY)
/// both use it, so a title enters the same way whichever path it takes.
/// </summary>
public static class DossierIntake
{
    /// <summary>The JSON shape of the sealed personal data.</summary>
    public static JsonSerializerOptions PersonalDataJson { get; } = CreateJson();

    /// <summary>Validates <paramref name="submission"/> and builds the dossier into <paramref name="into"/> (a new state when null).</summary>
    public static IntakeResult Intake(TitleSubmission submission, IntakeContext context, DossierState? into = null)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(context);
        var clock = LegalClock.For(context.Law);
        var today = clock.Today(context.Now);
        var errors = IntakeValidation.Validate(submission, today, context.Law);
        if (errors.Count > 0)
        {
            return new IntakeResult(errors, null);
        }

        var state = into ?? new DossierState();
        var journal = new List<IntakeJournalEntry>();
        var debtor = submission.Debtor;
        var competence = context.Law.Competence(new CompetenceRequest(debtor.Kind, debtor.Address.Country.Trim().ToUpperInvariant(), debtor.Address.PostalCode));

        state.Reference = submission.Reference;
        state.PayloadHash = SubmissionHash.Compute(submission);
        state.TitleKind = submission.TitleKind;
        state.IssueDate = submission.IssueDate;
        state.SignatoryQuality = submission.SignatoryQuality.Trim();
        state.FormalNoticeDate = submission.FormalNoticeDate;
        state.FormalNoticeChannel = submission.FormalNoticeDate is null ? null : submission.FormalNoticeChannel ?? NoticeChannel.RegisteredLetter;
        state.DebtorKind = debtor.Kind;
        state.ResidenceGroup = ResidenceGroup(debtor);
        state.ArrondissementId = competence.Arrondissement?.Id;
        state.ManualDecisionReason = competence.Reason;
        state.ContributionDueDate = submission.ContributionDueDate
            ?? PrescriptionCalculator.ContributionDueDate(submission.ContributionQuarter!.Year, submission.ContributionQuarter.Quarter);
        state.Fraud = submission.Fraud;
        state.SubmittedAt = context.Now;
        state.LastChangedAt = context.Now;

        // One ledger from all the charges (as many Charge calls would give, entry for entry), ordered by component
        // like OrderBy (stable: the validation refuses a component twice anyway); no ledger per amount.
        var charges = new LedgerEntry[submission.Amounts.Count];
        for (var i = 0; i < charges.Length; i++)
        {
            var amount = submission.Amounts[i];
            charges[i] = new LedgerEntry(LedgerEntryKind.Charge, submission.IssueDate, amount.Cents, amount.Component, Reference: submission.Reference);
        }
        InsertionSortByComponent(charges);
        var ledger = new Ledger(charges);

        state.Ledger = ledger;
        state.ClaimCents = ledger.BalanceCents;
        state.Status = competence.NeedsManualDecision ? DossierStatus.NeedsManualDecision : DossierStatus.AwaitingDispatch;
        DossierLifecycle.EnsureTarget(DossierStatus.None, DossierCommand.Submit, state.Status);

        journal.Add(new(JournalKinds.Submitted, new
        {
            reference = state.Reference,
            payloadHash = state.PayloadHash,
            titleKind = state.TitleKind.ToString(),
            issueDate = state.IssueDate,
            debtorKind = state.DebtorKind.ToString(),
            claimCents = state.ClaimCents,
        }));
        journal.Add(new(JournalKinds.Competence, CompetenceEntry(competence)));
        var detail = competence.NeedsManualDecision ? $"manual decision: {competence.Reason}" : $"arrondissement {competence.Arrondissement!.Id}";
        state.AddTimeline(new TimelineRecord(context.Now, JournalKinds.Submitted, state.Status, $"title {state.Reference} received; {detail}"));
        journal.Add(new(JournalKinds.Transition, new { from = DossierStatus.None.ToString(), command = DossierCommand.Submit.ToString(), to = state.Status.ToString() }));

        var reminders = new List<IntakeReminder>();
        var prescription = DossierDeadlines.Prescription(state, context.Law);
        foreach (var date in DossierDeadlines.PrescriptionDates(prescription, context.Options, clock))
        {
            state.PutKeyDate(date);
            state.AddTimeline(DeadlineTimeline.Set(context.Now, state.Status, date));
            reminders.Add(new IntakeReminder(date.Name, date.DueAt));
            journal.Add(new(JournalKinds.DeadlineSet, DeadlineEntry(date)));
        }

        var personal = new DebtorPersonalData(debtor, submission.ThirdParties ?? []);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(personal, PersonalDataJson);
        return new IntakeResult([], new IntakeAccepted(state, bytes, reminders, journal));
    }

    /// <summary>The journal data of a date set (no personal data).</summary>
    public static object DeadlineEntry(KeyDate date)
    {
        ArgumentNullException.ThrowIfNull(date);
        return new { name = date.Name, date = date.Date, dueAt = date.DueAt, ruleId = date.RuleId, french = date.French, dutch = date.Dutch };
    }

    /// <summary>
    /// Art. 55 applies only to a party with no domicile, residence or elected domicile in Belgium: a Belgian
    /// address or a Belgian residence means no extension; otherwise the residence country (or the address
    /// country) fixes the group.
    /// </summary>
    public static CountryGroup ResidenceGroup(DebtorSubmission debtor)
    {
        ArgumentNullException.ThrowIfNull(debtor);
        var address = debtor.Address.Country.Trim();
        var residence = debtor.ResidenceCountry?.Trim();
        if (address.Equals("BE", StringComparison.OrdinalIgnoreCase) || "BE".Equals(residence, StringComparison.OrdinalIgnoreCase))
        {
            return CountryGroup.Belgium;
        }

        return CountryGroups.Classify(residence ?? address);
    }

    // The engine's sentences quote the postal code; the journal keeps only the arrondissement and the basis.
    private static object CompetenceEntry(CompetenceResult c) => c.Arrondissement is { } a
        ? new
        {
            arrondissementId = (string?)a.Id,
            basis = c.Basis,
            french = $"Arrondissement judiciaire {a.NameFr} ({c.Basis}, table postale).",
            dutch = $"Gerechtelijk arrondissement {a.NameNl} ({c.Basis}, postcodetabel).",
        }
        : new
        {
            arrondissementId = (string?)null,
            basis = c.Basis,
            french = $"Décision manuelle requise ({c.Reason}).",
            dutch = $"Manuele beslissing vereist ({c.Reason}).",
        };

    // Stable (equal components keep their order), for the one to four amounts of a title.
    private static void InsertionSortByComponent(LedgerEntry[] entries)
    {
        for (var i = 1; i < entries.Length; i++)
        {
            var entry = entries[i];
            var j = i - 1;
            while (j >= 0 && entries[j].Component > entry.Component)
            {
                entries[j + 1] = entries[j];
                j--;
            }
            entries[j + 1] = entry;
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
