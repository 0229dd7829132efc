using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>
/// The dossier's dates from the law engine and the options, each with its explanation. Pure: the grain and
/// the intake factory both call it.
/// </summary>
public static class DossierDeadlines
{
    /// <summary>
    /// Prescription of the claim from the state's facts (art. 42 and 40, law of 27 June 1969). Interruptions:
    /// the final formal notice (an ONSS registered letter or eBox message demanding payment), the service
    /// (command to pay), each seizure. Suspension: the opposition, from filing until the judgment.
    /// </summary>
    public static PrescriptionResult Prescription(DossierState state, LawEngine law)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(law);
        var interruptions = new List<PrescriptionInterruption>();
        if (state.FormalNoticeDate is { } notice)
        {
            interruptions.Add(new PrescriptionInterruption(notice, InterruptionKind.RegisteredLetter));
        }

        if (state.Service is { } service)
        {
            interruptions.Add(new PrescriptionInterruption(service.Date, InterruptionKind.CommandToPay));
        }

        interruptions.AddRange(state.Seizures.Select(s => new PrescriptionInterruption(s.Date, InterruptionKind.Seizure)));
        var suspensions = state.Opposition is { } o ? new[] { new PrescriptionSuspension(o.FiledOn, o.JudgmentDate) } : [];
        return law.Prescription(new PrescriptionRequest(state.ContributionDueDate, state.Fraud, interruptions, suspensions));
    }

    /// <summary>The warning and prescription dates; none while the prescription is suspended indefinitely.</summary>
    public static IReadOnlyList<KeyDate> PrescriptionDates(PrescriptionResult result, DossierOptions options, LegalClock clock)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        if (result.ExpiresOn is not { } last)
        {
            return [];
        }

        var e = result.Explanation;
        // Explanation.French and .Dutch render the sentence on each read: once each here, for both dates.
        var french = e.French;
        var dutch = e.Dutch;
        var prescription = new KeyDate(DossierReminders.Prescription, last, clock.EndOf(last), e.RuleVersionId, french, dutch);
        var lead = options.PrescriptionWarningLeadDays;
        var warnOn = last.AddDays(-lead);
        var warning = new KeyDate(DossierReminders.PrescriptionWarning, warnOn, clock.StartOf(warnOn), "dossier-options-prescription-warning",
            $"Avertissement {lead} jours avant la prescription du {last:dd/MM/yyyy} (option Dossier:PrescriptionWarningLeadDays). {french}",
            $"Waarschuwing {lead} dagen vóór de verjaring op {last:dd/MM/yyyy} (optie Dossier:PrescriptionWarningLeadDays). {dutch}");
        return [warning, prescription];
    }

    /// <summary>Acceptance deadline: the configured number of working days after the assignment day, to its end.</summary>
    public static KeyDate Acceptance(DateTimeOffset assignedAt, DossierOptions options, LegalClock clock)
    {
        var days = options.AcceptanceDeadlineWorkingDays;
        var from = clock.Today(assignedAt);
        var last = BelgianCalendar.AddWorkingDays(from, days);
        return new KeyDate(DossierReminders.AcceptanceDeadline, last, clock.EndOf(last), $"dossier-options-acceptance-{days}-working-days",
            $"Acceptation : attribution le {from:dd/MM/yyyy}, {days} jours ouvrables (calendrier belge, loi du 4 janvier 1974) ; dernier jour le {last:dd/MM/yyyy}.",
            $"Aanvaarding: toewijzing op {from:dd/MM/yyyy}, {days} werkdagen (Belgische kalender, wet van 4 januari 1974); laatste dag {last:dd/MM/yyyy}.");
    }

    /// <summary>Service deadline: the configured number of calendar days after acceptance, to its end.</summary>
    public static KeyDate Service(DateTimeOffset acceptedAt, DossierOptions options, LegalClock clock)
    {
        var days = options.ServiceDeadlineDays;
        var from = clock.Today(acceptedAt);
        var last = from.AddDays(days);
        return new KeyDate(DossierReminders.ServiceDeadline, last, clock.EndOf(last), $"dossier-options-service-{days}-days",
            $"Signification : acceptation le {from:dd/MM/yyyy}, {days} jours calendrier ; dernier jour le {last:dd/MM/yyyy}.",
            $"Betekening: aanvaarding op {from:dd/MM/yyyy}, {days} kalenderdagen; laatste dag {last:dd/MM/yyyy}.");
    }

    /// <summary>The contrainte becomes executable (24-hour command to pay, the engine's documented choice).</summary>
    public static KeyDate Executable(CommandToPayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var e = result.Explanation;
        return new KeyDate(DossierReminders.Executable, result.ExecutableOn, result.ExecutableFromUtc, e.RuleVersionId, e.French, e.Dutch);
    }

    /// <summary>End of the opposition window: due at the end of its last day, Brussels time.</summary>
    public static KeyDate OppositionWindow(ComputedDeadline deadline, LegalClock clock)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        ArgumentNullException.ThrowIfNull(clock);
        var e = deadline.Explanation;
        return new KeyDate(DossierReminders.OppositionWindowEnd, deadline.LastDay, clock.EndOf(deadline.LastDay), e.RuleVersionId, e.French, e.Dutch);
    }

    /// <summary>Retention expiry: the configured grace period after the outcome and the intervention's closure.</summary>
    public static KeyDate Retention(DateTimeOffset from, DossierOptions options, LegalClock clock)
    {
        var days = options.RetentionGraceDays;
        var due = from.AddDays(days);
        var date = clock.Today(due);
        return new KeyDate(DossierReminders.RetentionExpiry, date, due, $"dossier-options-retention-{days}-days",
            $"Conservation : issue de la procédure et fin de l'intervention de l'huissier le {clock.Today(from):dd/MM/yyyy}, plus {days} jours de grâce (art. 40 §8 L. 27.06.1969 : conservation jusqu'au paiement ou à l'irrécouvrabilité et à la clôture de l'intervention).",
            $"Bewaring: einde van de procedure en van de tussenkomst van de gerechtsdeurwaarder op {clock.Today(from):dd/MM/yyyy}, plus {days} dagen respijt (art. 40 §8 W. 27.06.1969: bewaring tot de betaling of de oninbaarheid en de afsluiting van de tussenkomst).");
    }
}
