namespace P4Orleans.Api.WebConsole;

// The texts of an office's acts on its dossier page: seizures, payments collected, oppositions, documents, and the
// refusals of the forms' fields (amounts typed in euros, lists, dates, texts).
internal static partial class ConsoleCatalogue
{
    private static IEnumerable<KeyValuePair<string, (string French, string Dutch)>> Acts() =>
        new (string Key, string French, string Dutch)[]
        {
            ("office.report-seizure", "Signaler une saisie", "Beslag melden"),
            ("office.seizure-kind", "Type de saisie", "Soort beslag"),
            ("office.seizure-nature", "Nature", "Aard"),
            ("office.asset", "Bien saisi", "Beslagen goed"),
            ("office.asset-value", "Valeur estimée (€)", "Geschatte waarde (€)"),
            ("office.report-payment", "Signaler un paiement encaissé", "Geïnde betaling melden"),
            ("office.amount", "Montant (€, deux décimales au plus)", "Bedrag (€, hoogstens twee decimalen)"),
            ("office.payment-reference", "Référence du paiement", "Referentie van de betaling"),
            ("office.report-opposition", "Signaler une opposition", "Verzet melden"),
            ("office.opposition-kind", "Forme de l'opposition", "Vorm van het verzet"),
            ("office.filed-on", "Introduite le", "Ingesteld op"),
            ("office.court", "Tribunal du travail", "Arbeidsrechtbank"),
            ("office.attach", "Joindre un document", "Document toevoegen"),
            ("office.document-kind", "Type de document", "Soort document"),
            ("office.file", "Fichier (PDF, TIFF, PNG ou JPEG ; 20 Mio au plus)", "Bestand (PDF, TIFF, PNG of JPEG; hoogstens 20 MiB)"),
            ("office.back-to-dossier", "Retour au dossier", "Terug naar het dossier"),
            ("dossier.download", "Télécharger", "Downloaden"),
            ("document-not-found", "Document introuvable.", "Document niet gevonden."),
            ("file-required", "Choisissez un fichier.", "Kies een bestand."),
            ("value-not-in-list", "Choisissez une valeur de la liste.", "Kies een waarde uit de lijst."),
            ("date-required", "Indiquez une date valable.", "Geef een geldige datum op."),
            ("text-required", "Ce champ est requis.", "Dit veld is verplicht."),
            ("text-invalid", "Un texte de {0} caractères au plus, sans caractère de contrôle.", "Een tekst van hoogstens {0} tekens, zonder stuurteken."),
            ("money.missing", "Indiquez un montant en euros.", "Geef een bedrag in euro op."),
            ("money.malformed", "Un montant s'écrit en euros, par exemple 1 234,56.", "Een bedrag wordt in euro geschreven, bijvoorbeeld 1 234,56."),
            ("money.toomanydecimals", "Un montant a deux décimales au plus.", "Een bedrag heeft hoogstens twee decimalen."),
            ("money.negative", "Un montant ne peut pas être négatif.", "Een bedrag kan niet negatief zijn."),
            ("money.toolarge", "Un montant est d'au plus 1 000 000 000,00 €.", "Een bedrag is hoogstens 1 000 000 000,00 €."),
            ("SeizureKind.MovableGoods", "Saisie mobilière", "Roerend beslag"),
            ("SeizureKind.Garnishment", "Saisie-arrêt", "Derdenbeslag"),
            ("SeizureKind.RealEstate", "Saisie immobilière", "Onroerend beslag"),
            ("SeizureNature.Conservatory", "Conservatoire", "Bewarend"),
            ("SeizureNature.Executory", "Exécution", "Uitvoerend"),
            ("OppositionKind.Summons", "Citation", "Dagvaarding"),
            ("OppositionKind.AdversarialPetition", "Requête contradictoire", "Verzoekschrift op tegenspraak"),
            ("DocumentKind.ScannedTitle", "Titre scanné", "Gescande titel"),
            ("DocumentKind.CentralFileExtract", "Extrait du fichier central des avis", "Uittreksel uit het centraal bestand van berichten"),
            ("DocumentKind.ServiceWrit", "Exploit de signification", "Betekeningsexploot"),
            ("DocumentKind.SeizureReport", "Procès-verbal de saisie", "Proces-verbaal van beslag"),
            ("DocumentKind.Other", "Autre", "Andere"),
        }.Select(t => KeyValuePair.Create(t.Key, (t.French, t.Dutch)));
}
