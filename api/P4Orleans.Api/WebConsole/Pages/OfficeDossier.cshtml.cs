using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// One of the office's dossiers (Bailiff, BailiffClerk), in the office's view, with the forms of the office's commands its
/// status allows now: accept, refuse, report the service, a seizure, a payment collected, an opposition, close the
/// intervention (documents: <see cref="OfficeDocumentsModel"/>). Each form calls the grain command the /bailiff API calls,
/// its fields checked with the API's input limits; the rules of law are the grain's. Another office's dossier is "not
/// found", exactly as one that does not exist.
/// </summary>
[Authorize(Policy = ConsolePolicies.Bailiffs)]
[ConsoleAudited("dossier.read", "dossier")]
// The seizure form may carry up to the API's 100 assets (a description of 2,000 characters and a value each): more fields
// and a larger body than the console's other forms.
[RequestSizeLimit(MaxFormBytes)]
[RequestFormLimits(ValueCountLimit = 2 * InputLimits.MaxListItems + 16, KeyLengthLimit = 64, ValueLengthLimit = 4096, MultipartBodyLengthLimit = MaxFormBytes)]
public sealed partial class OfficeDossierModel(IGrainFactory grains) : OfficeDossierPage(grains)
{
    // 100 descriptions of 2,000 characters, each up to 9 bytes once form-encoded (a 3-byte character as %XX%XX%XX).
    private const int MaxFormBytes = 2 * 1024 * 1024;

    public async Task<IActionResult> OnGetAsync() => await OwnedAsync() is { } office && await LoadAsync(office) ? Page() : NotFoundPage();

    public Task<IActionResult> OnPostAcceptAsync() => CommandAsync("accept", (d, office) => d.AcceptAsync(office), redirect: true);

    public Task<IActionResult> OnPostRefuseAsync([FromForm] string? reason, [FromForm] string? note) =>
        CommandAsync("refuse", (d, office) =>
        {
            var why = Choice<RefusalReason>(reason, "reason");
            // The console's free texts stay within its own 1,000 characters (the API's limit is larger).
            var text = string.IsNullOrWhiteSpace(note) ? null
                : Clean(note) ?? throw new DossierValidationException("note", "A note has at most 1,000 characters and no control character.");
            return d.RefuseAsync(office, why, text);
        }, redirect: false);

    public Task<IActionResult> OnPostServiceAsync([FromForm] DateOnly? date, [FromForm] string? mode, [FromForm] string? personMet, [FromForm] string? actReference) =>
        CommandAsync("report-service", (d, office) =>
        {
            var report = new ServiceReport(Day(date, "date"), Choice<ServiceMode>(mode, "mode"), Text(personMet, "personMet", required: false),
                Text(actReference, "actReference", required: false));
            Limits(report);
            return d.ReportServiceAsync(office, report);
        }, redirect: true);

    public Task<IActionResult> OnPostCloseAsync() => CommandAsync("close-intervention", (d, office) => d.CloseInterventionAsync(office), redirect: true);
}
