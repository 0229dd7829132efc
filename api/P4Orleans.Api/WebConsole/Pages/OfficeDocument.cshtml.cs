using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using P4Orleans.Api.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Documents;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// Downloads a document of one of the office's dossiers, as <c>GET /bailiff/dossiers/{id}/documents/{documentId}</c> does
/// (<see cref="BailiffApi.OfficeDocumentAsync"/>: only those the office's view lists) and audited as it is,
/// <c>dossier.download-document</c>. Another office's dossier, another dossier's document or an earlier office's act is
/// "not found" on the page; the audit entry says which.
/// </summary>
[Authorize(Policy = ConsolePolicies.Bailiffs)]
[ConsoleAudited("dossier.download-document", "dossier")]
public sealed class OfficeDocumentModel(IGrainFactory grains, DocumentStore documents, NpgsqlDataSource db) : OfficeDossierPage(grains)
{
    [FromRoute]
    public Guid DocumentId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OwnedAsync() is not { } office)
        {
            return NotFoundPage();
        }
        if (await BailiffApi.OfficeDocumentAsync(HttpContext, Grains.GetGrain<IDossierGrain>(DossierId), DossierId, office, DocumentId, documents, db, ct) is { } found)
        {
            return File(found.Content, found.Document.ContentType, $"{found.Document.Kind}-{found.Document.Id}");
        }
        Message = T["document-not-found"];
        var page = Page();
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }
}
