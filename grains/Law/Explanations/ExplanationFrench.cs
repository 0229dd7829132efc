using System.Text;

namespace P4Orleans.Law;

/// <summary>Renders an <see cref="Explanation"/> as one French sentence.</summary>
internal static class ExplanationFrench
{
    public static string Render(Explanation e)
    {
        var text = new StringBuilder();
        text.Append(Subject(e.Subject)).Append(" : ").Append(Event(e.BaseEvent)).Append(" le ")
            .Append(DateText.French(e.BaseDate)).Append(" (règle ").Append(e.RuleVersionId).Append(')');
        foreach (var step in e.Steps)
        {
            text.Append(" ; ").Append(Step(step));
        }

        text.Append(" ; ").Append(Result(e.Subject, e.Result)).Append('.');
        return text.ToString();
    }

    private static string Subject(DeadlineSubject subject) => subject switch
    {
        DeadlineSubject.Opposition => "Délai d'opposition",
        DeadlineSubject.FormalNoticeWait => "Attente après la mise en demeure",
        DeadlineSubject.CommandToPay => "Commandement de payer dans les 24 heures",
        DeadlineSubject.Prescription => "Prescription",
        DeadlineSubject.CommunicationReceipt => "Réception de la communication",
        _ => "Délai",
    };

    private static string Event(BaseEvent baseEvent) => baseEvent switch
    {
        BaseEvent.Service => "signification",
        BaseEvent.RegisteredLetterWithAcknowledgement => "présentation du pli recommandé avec accusé de réception",
        BaseEvent.RegisteredLetter => "dépôt du pli recommandé à la poste",
        BaseEvent.ElectronicNotice => "envoi électronique (eBox)",
        BaseEvent.DueDate => "exigibilité de la créance",
        _ => baseEvent.ToString(),
    };

    private static string Result(DeadlineSubject subject, DateOnly? result)
    {
        if (result is not { } date)
        {
            return subject == DeadlineSubject.CommunicationReceipt
                ? "aucun délai ne court encore"
                : "aucune date de prescription tant que la suspension dure";
        }

        var day = DateText.FrenchWithWeekday(date);
        return subject switch
        {
            DeadlineSubject.FormalNoticeWait => $"contrainte possible à partir du {day}",
            DeadlineSubject.CommandToPay => $"exécution possible à partir du {day}",
            DeadlineSubject.Prescription => $"prescription acquise à la fin du {day}",
            DeadlineSubject.CommunicationReceipt => $"les délais qu'elle fait courir commencent le {day}",
            _ => $"dernier jour : {day}",
        };
    }

    private static string Step(ExplanationStep s)
    {
        var date = DateText.French(s.Date);
        var article = s.Article;
        return s.Kind switch
        {
            StepKind.FirstDay when article.Contains("1°", StringComparison.Ordinal) =>
                $"le délai court à partir du lendemain de la présentation, le {date} ({article})",
            StepKind.FirstDay when article.Contains("2°", StringComparison.Ordinal) =>
                $"le délai court à partir du troisième jour ouvrable après le dépôt, le {date} ({article})",
            StepKind.FirstDay when article.StartsWith("art. 4/3", StringComparison.Ordinal) =>
                $"le délai court à partir du {date} ({article})",
            StepKind.FirstDay => $"le délai court à partir du lendemain, le {date} ({article})",
            StepKind.EboxRead => $"message lu dans l'eBox le {date} ({article})",
            StepKind.EboxDeemedReceived =>
                $"message non lu, réputé reçu le {s.Quantity}e jour ouvrable après sa mise à disposition du {DateText.French(s.From!.Value)}, le {date} ({article}, valeur configurée)",
            StepKind.EboxAwaitingReading => $"message mis à disposition le {date}, pas encore lu ({article})",
            StepKind.CountDays => $"délai de {s.Quantity} jours, dernier jour inclus, jusqu'au {date} ({article})",
            StepKind.CountMonths when s.From is { } found =>
                $"délai de {s.Quantity} mois, de quantième à veille de quantième : {s.Quantity} mois après le premier jour, le {DateText.French(found)}, le dernier jour est la veille, le {date} ({article})",
            StepKind.CountMonths => $"délai de {s.Quantity} mois, de quantième à veille de quantième, compté à partir du premier jour ({article})",
            StepKind.MonthEndClamped =>
                $"le quantième {s.Quantity} n'existant pas dans le mois d'arrivée, le délai expire le dernier jour de ce mois, le {date} ({article})",
            StepKind.AbroadExtension =>
                $"prolongé de {s.Quantity} jours pour une partie sans domicile en Belgique ({Group(s.Detail)}), jusqu'au {date} ({article})",
            StepKind.VacationExtension =>
                $"commencé et terminé pendant les vacances judiciaires, le délai est prolongé jusqu'au {date} ({article})",
            StepKind.WorkingDayShift =>
                $"{Skipped(s.Skipped)} n'étant pas {((s.Skipped?.Count ?? 0) > 1 ? "des jours ouvrables" : "un jour ouvrable")}, le délai expire le jour ouvrable suivant, le {DateText.FrenchWithWeekday(s.Date)} ({article})",
            StepKind.NoticeNotRequired =>
                $"aucune mise en demeure préalable n'est requise par la version en vigueur ({article})",
            StepKind.ExecutableAfterNextDay =>
                $"le commandement est tenu pour expiré à la fin du jour calendrier qui suit la signification, le {DateText.French(s.Date.AddDays(-1))} à minuit, heure de Bruxelles ({article}, choix documenté)",
            StepKind.PrescriptionPeriod =>
                $"délai de {s.Quantity} ans{(s.Detail == "fraud" ? " en cas de fraude" : string.Empty)}, jusqu'au {date} ({article})",
            StepKind.Interruption =>
                $"interrompue le {DateText.French(s.From!.Value)} par {Interruption(s.Detail)}, un nouveau délai court jusqu'au {date} ({article})",
            StepKind.InterruptionIgnored =>
                $"{Interruption(s.Detail)} du {DateText.French(s.From!.Value)} vient après la prescription et ne l'interrompt pas ({article})",
            StepKind.Suspension =>
                $"suspendue pendant l'opposition du {DateText.French(s.From!.Value)} au {DateText.French(s.Until!.Value)}, soit {s.Quantity} jours, jusqu'au {date} ({article})",
            StepKind.SuspensionPending =>
                $"suspendue depuis le {DateText.French(s.From!.Value)} tant que l'opposition est pendante ({article})",
            StepKind.NeverShifted => $"jamais reportée au jour ouvrable suivant ({article})",
            _ => $"{s.Kind} {date} ({article})",
        };
    }

    private static string Skipped(IReadOnlyList<NonWorkingDay>? days)
    {
        if (days is null || days.Count == 0)
        {
            return "le jour";
        }

        var parts = days.Select(d => d.Reason == NonWorkingReason.LegalHoliday
            ? $"le {DateText.FrenchWithWeekday(d.Date)} (jour férié légal : {d.Holiday!.NameFr})"
            : $"le {DateText.FrenchWithWeekday(d.Date)}").ToList();
        return parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " et " + parts[^1];
    }

    private static string Group(string? group) => group switch
    {
        CountryGroups.NeighbouringCode => "pays limitrophe ou Grande-Bretagne",
        CountryGroups.EuropeCode => "autre pays d'Europe",
        _ => "hors d'Europe",
    };

    private static string Interruption(string? kind) => kind switch
    {
        "summons" => "une citation en justice",
        "command-to-pay" => "un commandement de payer",
        "seizure" => "une saisie",
        "registered-letter" => "une lettre recommandée de l'ONSS réclamant le paiement",
        "opposition" => "l'opposition",
        _ => "un acte interruptif",
    };
}
