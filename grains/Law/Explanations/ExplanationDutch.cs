using System.Text;

namespace P4Orleans.Law;

/// <summary>Renders an <see cref="Explanation"/> as one Dutch sentence.</summary>
internal static class ExplanationDutch
{
    public static string Render(Explanation e)
    {
        var text = new StringBuilder();
        text.Append(Subject(e.Subject)).Append(": ").Append(Event(e.BaseEvent)).Append(" op ")
            .Append(DateText.Dutch(e.BaseDate)).Append(" (regel ").Append(e.RuleVersionId).Append(')');
        foreach (var step in e.Steps)
        {
            text.Append("; ").Append(Step(step));
        }

        text.Append("; ").Append(Result(e.Subject, e.Result)).Append('.');
        return text.ToString();
    }

    private static string Subject(DeadlineSubject subject) => subject switch
    {
        DeadlineSubject.Opposition => "Verzettermijn",
        DeadlineSubject.FormalNoticeWait => "Wachttermijn na de ingebrekestelling",
        DeadlineSubject.CommandToPay => "Bevel tot betaling binnen 24 uur",
        DeadlineSubject.Prescription => "Verjaring",
        DeadlineSubject.CommunicationReceipt => "Ontvangst van de mededeling",
        _ => "Termijn",
    };

    private static string Event(BaseEvent baseEvent) => baseEvent switch
    {
        BaseEvent.Service => "betekening",
        BaseEvent.RegisteredLetterWithAcknowledgement => "aanbieding van de aangetekende zending met ontvangstbewijs",
        BaseEvent.RegisteredLetter => "afgifte van de aangetekende zending bij de post",
        BaseEvent.ElectronicNotice => "elektronische verzending (eBox)",
        BaseEvent.DueDate => "opeisbaarheid van de schuldvordering",
        _ => baseEvent.ToString(),
    };

    private static string Result(DeadlineSubject subject, DateOnly? result)
    {
        if (result is not { } date)
        {
            return subject == DeadlineSubject.CommunicationReceipt
                ? "er loopt nog geen termijn"
                : "geen verjaringsdatum zolang de schorsing duurt";
        }

        var day = DateText.DutchWithWeekday(date);
        return subject switch
        {
            DeadlineSubject.FormalNoticeWait => $"dwangbevel mogelijk vanaf {day}",
            DeadlineSubject.CommandToPay => $"tenuitvoerlegging mogelijk vanaf {day}",
            DeadlineSubject.Prescription => $"verjaard na afloop van {day}",
            DeadlineSubject.CommunicationReceipt => $"de termijnen die ze doet lopen, beginnen op {day}",
            _ => $"laatste dag: {day}",
        };
    }

    private static string Step(ExplanationStep s)
    {
        var date = DateText.Dutch(s.Date);
        var article = Article(s.Article);
        return s.Kind switch
        {
            StepKind.FirstDay when article.Contains("1°", StringComparison.Ordinal) =>
                $"de termijn loopt vanaf de dag na de aanbieding, {date} ({article})",
            StepKind.FirstDay when article.Contains("2°", StringComparison.Ordinal) =>
                $"de termijn loopt vanaf de derde werkdag na de afgifte, {date} ({article})",
            StepKind.FirstDay when article.StartsWith("art. 4/3", StringComparison.Ordinal) =>
                $"de termijn loopt vanaf {date} ({article})",
            StepKind.FirstDay => $"de termijn loopt vanaf de volgende dag, {date} ({article})",
            StepKind.EboxRead => $"bericht gelezen in de eBox op {date} ({article})",
            StepKind.EboxDeemedReceived =>
                $"bericht niet gelezen, geacht ontvangen op de {s.Quantity}e werkdag na de terbeschikkingstelling op {DateText.Dutch(s.From!.Value)}, {date} ({article}, ingestelde waarde)",
            StepKind.EboxAwaitingReading => $"bericht ter beschikking gesteld op {date}, nog niet gelezen ({article})",
            StepKind.CountDays => $"termijn van {s.Quantity} dagen, vervaldag inbegrepen, tot {date} ({article})",
            StepKind.CountMonths when s.From is { } found =>
                $"termijn van {s.Quantity} {Months(s.Quantity)}, van de zoveelste tot de dag vóór de zoveelste: {s.Quantity} {Months(s.Quantity)} na de eerste dag, {DateText.Dutch(found)}, de laatste dag is de dag ervoor, {date} ({article})",
            StepKind.CountMonths => $"termijn van {s.Quantity} {Months(s.Quantity)}, van de zoveelste tot de dag vóór de zoveelste, gerekend vanaf de eerste dag ({article})",
            StepKind.MonthEndClamped =>
                $"omdat de {s.Quantity}e in de laatste maand niet bestaat, verstrijkt de termijn op de laatste dag van die maand, {date} ({article})",
            StepKind.AbroadExtension =>
                $"verlengd met {s.Quantity} dagen voor een partij zonder woonplaats in België ({Group(s.Detail)}), tot {date} ({article})",
            StepKind.VacationExtension =>
                $"begonnen en geëindigd tijdens de gerechtelijke vakantie, verlengd tot {date} ({article})",
            StepKind.WorkingDayShift =>
                $"omdat {Skipped(s.Skipped)} {((s.Skipped?.Count ?? 0) > 1 ? "geen werkdagen zijn" : "geen werkdag is")}, verstrijkt de termijn op de volgende werkdag, {DateText.DutchWithWeekday(s.Date)} ({article})",
            StepKind.NoticeNotRequired =>
                $"de toepasselijke versie vereist geen voorafgaande ingebrekestelling ({article})",
            StepKind.ExecutableAfterNextDay =>
                $"het bevel geldt als verstreken op het einde van de kalenderdag na de betekening, {DateText.Dutch(s.Date.AddDays(-1))} om middernacht, Brusselse tijd ({article}, gedocumenteerde keuze)",
            StepKind.PrescriptionPeriod =>
                $"termijn van {s.Quantity} jaar{(s.Detail == "fraud" ? " bij fraude" : string.Empty)}, tot {date} ({article})",
            StepKind.Interruption =>
                $"gestuit op {DateText.Dutch(s.From!.Value)} door {Interruption(s.Detail)}, een nieuwe termijn loopt tot {date} ({article})",
            StepKind.InterruptionIgnored =>
                $"{Interruption(s.Detail)} van {DateText.Dutch(s.From!.Value)} komt na de verjaring en stuit ze niet ({article})",
            StepKind.Suspension =>
                $"geschorst tijdens het verzet van {DateText.Dutch(s.From!.Value)} tot {DateText.Dutch(s.Until!.Value)}, {s.Quantity} dagen, tot {date} ({article})",
            StepKind.SuspensionPending =>
                $"geschorst sinds {DateText.Dutch(s.From!.Value)} zolang het verzet hangende is ({article})",
            StepKind.NeverShifted => $"nooit verschoven naar de volgende werkdag ({article})",
            _ => $"{s.Kind} {date} ({article})",
        };
    }

    private static string Months(int? quantity) => quantity == 1 ? "maand" : "maanden";

    // The structured data cites articles in French abbreviations; the Dutch sentence uses the Dutch ones.
    private static string Article(string article) => article
        .Replace("C.jud.", "Ger.W.", StringComparison.Ordinal)
        .Replace("L. 27.06.1969", "W. 27.06.1969", StringComparison.Ordinal)
        .Replace("L. 24.02.2003", "W. 24.02.2003", StringComparison.Ordinal)
        .Replace(" al. ", " lid ", StringComparison.Ordinal)
        .Replace("inapplicable", "niet van toepassing", StringComparison.Ordinal);

    private static string Skipped(IReadOnlyList<NonWorkingDay>? days)
    {
        if (days is null || days.Count == 0)
        {
            return "die dag";
        }

        var parts = days.Select(d => d.Reason == NonWorkingReason.LegalHoliday
            ? $"{DateText.DutchWithWeekday(d.Date)} (wettelijke feestdag: {d.Holiday!.NameNl})"
            : DateText.DutchWithWeekday(d.Date)).ToList();
        return parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " en " + parts[^1];
    }

    private static string Group(string? group) => group switch
    {
        CountryGroups.NeighbouringCode => "buurland of Groot-Brittannië",
        CountryGroups.EuropeCode => "ander Europees land",
        _ => "buiten Europa",
    };

    private static string Interruption(string? kind) => kind switch
    {
        "summons" => "een dagvaarding",
        "command-to-pay" => "een bevel tot betaling",
        "seizure" => "een beslag",
        "registered-letter" => "een aangetekende brief van de RSZ die betaling eist",
        "opposition" => "het verzet",
        _ => "een stuitingshandeling",
    };
}
