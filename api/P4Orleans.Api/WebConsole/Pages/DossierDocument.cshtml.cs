using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Documents;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// Downloads a document of a dossier for Operators and ONSS agents (ONSS's own: every title is ONSS's), audited as an
/// office's download is, <c>dossier.download-document</c>: only a document the reader's view lists and not purged, with
/// its checked content type and a name of its kind and id. An unknown dossier or document, another dossier's document or
/// a purged one is "not found" on the page; the audit entry says another dossier's.
/// </summary>
[Authorize(Policy = ConsolePolicies.Dossiers)]
[ConsoleAudited("dossier.download-document", "dossier")]
public sealed class DossierDocumentModel(IGrainFactory grains, DocumentStore documents, NpgsqlDataSource db) : ConsolePage
{
    /// <summary>The dossier's id from the path; a segment of blanks binds as null, kept here as "" (not found).</summary>
    [FromRoute]
    public string DossierId { get; set => field = value ?? ""; } = "";

    [FromRoute]
    public Guid DocumentId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The id checked before any grain is asked for it (Orleans refuses a blank key).
        if (Clean(DossierId, 200) is null)
        {
            return NotFoundPage();
        }
        var dossier = grains.GetGrain<IDossierGrain>(DossierId);
        if (!await TryAsync(() => dossier.GetSummaryAsync()))
        {
            return NotFoundPage();
        }
        var listed = User.IsInRole(Roles.Operator) ? (await dossier.GetAsync()).Documents : (await dossier.GetForOnssAsync()).Documents;
        var id = DocumentId.ToString();
        if (listed.Any(d => d.DocumentId == id && !d.Purged) && await documents.ReadAsync(DossierId, DocumentId, ct) is { } found)
        {
            return File(found.Content, found.Document.ContentType, $"{found.Document.Kind}-{found.Document.Id}");
        }
        // Hidden as missing; the audit entry says when it is another dossier's.
        await using var cmd = db.CreateCommand("SELECT dossier_id FROM documents WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = DocumentId });
        if (await cmd.ExecuteScalarAsync(ct) is string owner && owner != DossierId)
        {
            HttpContext.AuditRefusal("document-of-another-dossier");
        }
        Message = T["document-not-found"];
        var page = Page();
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }
}
