using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole.Pages;

// What the page reads of the dossier beyond its sheet: the debtor, the payment plan, the opposition and the
// communications, from the same view the API answers its reader with (Operators' or ONSS's).
public sealed partial class DossierModel
{
    /// <summary>The address of a dossier's page.</summary>
    public const string PathPrefix = "/console/dossiers/";

    /// <summary>The dossier's page (where a command leads back to).</summary>
    public string DossierPath => PathPrefix + Uri.EscapeDataString(DossierId);

    /// <summary>The debtor as the reader's view gives it; null once the personal data was purged.</summary>
    public DebtorSubmission? Debtor { get; private set; }

    /// <summary>The payment plan granted, active or ended, if any.</summary>
    public PaymentPlanView? PaymentPlan { get; private set; }

    /// <summary>The opposition and the judgment on it, if any.</summary>
    public OppositionView? Opposition { get; private set; }

    /// <summary>The dossier's communications, newest first, without their content (as the API lists them).</summary>
    public IReadOnlyList<CommunicationView> Communications { get; private set; } = [];

    private async Task<DossierSheet> ReadSheetAsync(IDossierGrain dossier)
    {
        DossierSheet sheet;
        if (IsOperator)
        {
            var view = await dossier.GetAsync();
            (sheet, Debtor, PaymentPlan, Opposition) = (DossierSheet.Of(view), view.PersonalDataPurged ? null : view.Debtor, view.PaymentPlan, view.Opposition);
        }
        else
        {
            // ONSS's view carries the debtor too (as GET /onss/dossiers/{id} answers it).
            var view = await dossier.GetForOnssAsync();
            (sheet, Debtor, PaymentPlan, Opposition) = (DossierSheet.Of(view), view.PersonalDataPurged ? null : view.Debtor, view.PaymentPlan, view.Opposition);
        }
        Communications = await dossier.GetCommunicationsAsync();
        return sheet with { DocumentLinks = DossierPath + "/documents/" };
    }
}
