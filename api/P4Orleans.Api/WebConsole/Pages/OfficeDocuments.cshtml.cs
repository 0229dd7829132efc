using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Documents;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// Attaches a document to one of the office's dossiers from the form of its page (a page of its own: the only console
/// form that carries a file, so the only one allowed more than 64 KiB). The file goes the way of the API's body
/// (<see cref="DossierHttp.StoreContentAsync"/>): larger than <see cref="DocumentStore.MaxBytes"/> is a 413, empty or not
/// a PDF, TIFF, PNG or JPEG by its first bytes a 415, a dossier whose status refuses it a 409 with nothing stored.
/// Audited as the API's upload, <c>dossier.attach-document</c>.
/// </summary>
[Authorize(Policy = ConsolePolicies.Bailiffs)]
[ConsoleAudited("dossier.attach-document", "dossier")]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(ValueCountLimit = 8, KeyLengthLimit = 64, ValueLengthLimit = 4096, MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class OfficeDocumentsModel(IGrainFactory grains, DocumentStore documents) : OfficeDossierPage(grains)
{
    // A file a little over the limit still reaches the handler, which answers the API's 413 with its message on the page;
    // beyond this the form is not read at all (the anti-forgery check refuses it, 400).
    private const long MaxRequestBytes = DocumentStore.MaxBytes + 1024 * 1024;

    /// <summary>Nothing to show here but the dossier: its page.</summary>
    public IActionResult OnGet() => Redirect(DossierPath);

    public Task<IActionResult> OnPostAsync([FromForm] string? kind, IFormFile? file, CancellationToken ct) =>
        CommandAsync("attach-document", async (d, office) =>
        {
            var documentKind = Choice<DocumentKind>(kind, "kind");
            if (file is null)
            {
                throw new DossierValidationException("file", T["file-required"]);
            }
            if (file.Length > DocumentStore.MaxBytes)
            {
                throw new PayloadTooLargeException($"The document is larger than {DocumentStore.MaxBytes / (1024 * 1024)} MiB.");
            }
            using var content = new MemoryStream((int)file.Length);
            await file.CopyToAsync(content, ct);
            await DossierHttp.StoreContentAsync(content.ToArray(), DossierId, documentKind, User.UserId(), documents,
                u => d.AttachDocumentAsync(office, u), ct);
        }, redirect: true);
}
