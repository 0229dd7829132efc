using System.Globalization;
using P4Orleans.Contracts;

namespace P4Orleans.Domain;

/// <summary>
/// The texts of the notices the procedure queues itself, in French and Dutch (the platform does not know the
/// debtor's language; both versions go in one message). They quote facts of the dossier, never free text.
/// </summary>
public static class CommunicationTexts
{
    /// <summary>The subject line of a procedure notice.</summary>
    public static string Subject(CommunicationKind kind, string reference) => kind switch
    {
        CommunicationKind.ServiceNotification => $"Signification de la contrainte / Betekening van het dwangbevel — {reference}",
        CommunicationKind.ExecutionNotification => $"Mesure d'exécution / Uitvoeringsmaatregel — {reference}",
        CommunicationKind.PaymentPlanLetter => $"Plan de paiement / Afbetalingsplan — {reference}",
        _ => $"Mise en demeure / Ingebrekestelling — {reference}",
    };

    /// <summary>The text of a procedure notice about an act of <paramref name="date"/>.</summary>
    public static string Body(CommunicationKind kind, string reference, DateOnly date, string? detail = null)
    {
        var day = date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var (fr, nl) = kind switch
        {
            CommunicationKind.ServiceNotification => (
                $"La contrainte {reference} vous a été signifiée le {day} par huissier de justice.",
                $"Het dwangbevel {reference} werd u op {day} door een gerechtsdeurwaarder betekend."),
            CommunicationKind.ExecutionNotification => (
                $"Une saisie a été pratiquée le {day} en exécution du titre {reference}.",
                $"Op {day} werd beslag gelegd ter uitvoering van de titel {reference}."),
            CommunicationKind.PaymentPlanLetter => (
                $"Un plan de paiement vous a été accordé le {day} pour le titre {reference}{detail}.",
                $"Op {day} werd u een afbetalingsplan toegestaan voor de titel {reference}{detail}."),
            _ => (
                $"Mise en demeure relative au titre {reference} du {day}.",
                $"Ingebrekestelling betreffende de titel {reference} van {day}."),
        };
        return fr + "\n\n" + nl + "\n";
    }
}
