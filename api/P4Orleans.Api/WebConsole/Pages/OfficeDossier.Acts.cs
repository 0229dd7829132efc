using Microsoft.AspNetCore.Mvc;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole.Pages;

// The acts an office reports after the service: seizures, payments collected, an opposition notified to it.
public sealed partial class OfficeDossierModel
{
    /// <summary>
    /// A seizure with its assets, as many rows as typed (a row left empty is no asset; an estimate without a description is
    /// refused by the dossier, as through the API; more than <see cref="InputLimits.MaxListItems"/> assets are refused with the
    /// API's text). A refusal shows the form again with what was typed.
    /// </summary>
    public Task<IActionResult> OnPostSeizureAsync([FromForm] string? kind, [FromForm] string? nature, [FromForm] DateOnly? date,
        [FromForm] string? actReference, [FromForm] string[]? assetDescription, [FromForm] string[]? assetValue)
    {
        Seizure = SeizureDraft.Of(kind, nature, date, actReference, assetDescription, assetValue);
        return CommandAsync("report-seizure", async (d, office) =>
        {
            var descriptions = assetDescription ?? [];
            var values = assetValue ?? [];
            var assets = new List<SeizableAsset>();
            for (var i = 0; i < Math.Max(descriptions.Length, values.Length); i++)
            {
                var description = i < descriptions.Length ? descriptions[i] : null;
                var value = i < values.Length ? values[i] : null;
                if (string.IsNullOrWhiteSpace(description) && string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }
                var field = $"assets[{assets.Count}]";
                assets.Add(new SeizableAsset(Text(description, field + ".description", required: false) ?? "",
                    string.IsNullOrWhiteSpace(value) ? null : Cents(value, field + ".estimatedValueCents")));
            }
            var report = new SeizureReport(Choice<SeizureKind>(kind, "kind"), Choice<SeizureNature>(nature, "nature"), Day(date, "date"), assets,
                Text(actReference, "actReference", required: false));
            Limits(report);
            await d.ReportSeizureAsync(office, report);
        }, redirect: true);
    }

    /// <summary>
    /// The seizure form again with one more asset row and what was typed kept (nothing is reported, nothing written): the
    /// way to list more assets than the form shows, without a script. At <see cref="InputLimits.MaxListItems"/> rows, no more.
    /// </summary>
    public async Task<IActionResult> OnPostSeizureRowsAsync([FromForm] string? kind, [FromForm] string? nature, [FromForm] DateOnly? date,
        [FromForm] string? actReference, [FromForm] string[]? assetDescription, [FromForm] string[]? assetValue)
    {
        if (await OwnedAsync() is not { } office)
        {
            return NotFoundPage();
        }
        var typed = SeizureDraft.Of(kind, nature, date, actReference, assetDescription, assetValue);
        if (typed.CanAddRow)
        {
            Seizure = typed.WithRow();
        }
        else
        {
            Seizure = typed;
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, T["office.assets-at-most"], InputLimits.MaxListItems);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(office);
        return PageWithStatus();
    }

    /// <summary>A payment the office collected (source Bailiff), its amount typed in euros.</summary>
    public Task<IActionResult> OnPostPaymentAsync([FromForm] string? amount, [FromForm] DateOnly? date, [FromForm] string? reference) =>
        CommandAsync("record-payment", (d, office) =>
        {
            var payment = new PaymentReport(Cents(amount, "amountCents"), Day(date, "date"), PaymentSource.Bailiff, Text(reference, "reference", required: true)!);
            Limits(payment);
            return d.RecordPaymentAsync(office, payment);
        }, redirect: true);

    /// <summary>An opposition the debtor filed, notified to the office.</summary>
    public Task<IActionResult> OnPostOppositionAsync([FromForm] string? kind, [FromForm] DateOnly? filedOn, [FromForm] string? court) =>
        CommandAsync("report-opposition", (d, office) =>
        {
            var report = new OppositionReport(Choice<OppositionKind>(kind, "kind"), Day(filedOn, "filedOn"), Text(court, "court", required: true)!);
            Limits(report);
            return d.ReportOppositionAsync(office, report);
        }, redirect: true);
}
