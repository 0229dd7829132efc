using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Documents;

namespace P4Orleans.Api.Dossiers;

/// <summary>
/// Bailiffs and their clerks, for the dossiers assigned to their own office only: another office's dossier
/// answers 404, exactly as a dossier that does not exist (its existence is not revealed); the audit entry records the
/// true outcome (<c>refused:not-assigned-office:404</c>, against <c>not-found:404</c>), so that probing shows.
/// </summary>
public static class BailiffApi
{
    public sealed record Refusal(RefusalReason Reason, string? Note);

    public static IEndpointRouteBuilder MapBailiffApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/bailiff").WithTags("Bailiffs").RequireAuthorization(p => p
            .RequireRole(Roles.Bailiff, Roles.BailiffClerk)
            .RequireClaim(PlatformClaims.OrganisationKind, nameof(Users.OrganisationKind.BailiffOffice)));
        g.MapGet("/dossiers", ListAsync).WithName("BailiffListDossiers").WithSummary("The office's dossiers (no personal data)").Audited("dossier.list", "dossier");
        g.MapGet("/dossiers/{dossierId}", GetAsync).WithName("BailiffGetDossier").WithSummary("One of the office's dossiers").Audited("dossier.read", "dossier");
        g.MapGet("/dossiers/{dossierId}/documents/{documentId:guid}", DownloadAsync).WithName("BailiffDownloadDocument")
            .WithSummary("Downloads the title or another document").Audited("dossier.download-document", "dossier");
        g.MapPost("/dossiers/{dossierId}/acceptance", (string dossierId, HttpContext http, IGrainFactory grains) =>
            Do(http, grains, dossierId, (d, office) => d.AcceptAsync(office))).WithName("BailiffAccept").WithSummary("Accepts the dossier")
            .Audited("dossier.accept", "dossier");
        g.MapPost("/dossiers/{dossierId}/refusal", RefuseAsync).WithName("BailiffRefuse")
            .WithSummary("Refuses the dossier, with a reason (204: the dossier is no longer the office's)").Audited("dossier.refuse", "dossier");
        g.MapPost("/dossiers/{dossierId}/service", (string dossierId, ServiceReport report, HttpContext http, IGrainFactory grains) =>
            Do(http, grains, dossierId, (d, office) => d.ReportServiceAsync(office, report))).WithName("BailiffReportService")
            .WithSummary("Reports the service (date, mode, person met)").Audited("dossier.report-service", "dossier");
        g.MapPost("/dossiers/{dossierId}/seizures", (string dossierId, SeizureReport report, HttpContext http, IGrainFactory grains) =>
            Do(http, grains, dossierId, (d, office) => d.ReportSeizureAsync(office, report))).WithName("BailiffReportSeizure")
            .WithSummary("Reports a seizure and the seizable assets listed").Audited("dossier.report-seizure", "dossier");
        g.MapPost("/dossiers/{dossierId}/payments", (string dossierId, PaymentReport payment, HttpContext http, IGrainFactory grains) =>
            Do(http, grains, dossierId, (d, office) => d.RecordPaymentAsync(office, payment))).WithName("BailiffRecordPayment")
            .WithSummary("Records a payment collected").Audited("dossier.record-payment", "dossier");
        g.MapPost("/dossiers/{dossierId}/opposition", (string dossierId, OppositionReport report, HttpContext http, IGrainFactory grains) =>
            Do(http, grains, dossierId, (d, office) => d.ReportOppositionAsync(office, report))).WithName("BailiffReportOpposition")
            .WithSummary("Reports an opposition filed by the debtor").Audited("dossier.report-opposition", "dossier");
        g.MapPost("/dossiers/{dossierId}/intervention-closure", (string dossierId, HttpContext http, IGrainFactory grains) =>
            Do(http, grains, dossierId, (d, office) => d.CloseInterventionAsync(office))).WithName("BailiffCloseIntervention")
            .WithSummary("Closes the office's intervention").Audited("dossier.close-intervention", "dossier");
        g.MapPost("/dossiers/{dossierId}/documents", AttachAsync).WithName("BailiffAttachDocument")
            .WithSummary("Attaches an act or the central-file extract (PDF, TIFF, PNG or JPEG)")
            .Accepts<byte[]>("application/octet-stream", DossierHttp.DocumentTypes).Audited("dossier.attach-document", "dossier");
        return app;
    }

    /// <summary>The dossier if it is assigned to the caller's office; otherwise "not found", whether or not it exists.</summary>
    internal static async Task<(IDossierGrain Dossier, string Office)> OwnedAsync(HttpContext http, IGrainFactory grains, string dossierId)
    {
        var office = http.User.OrganisationId() ?? throw new NotFoundException("No such dossier.");
        var dossier = grains.GetGrain<IDossierGrain>(dossierId);
        DossierSummary summary;
        try
        {
            summary = await dossier.GetSummaryAsync();
        }
        catch (DossierNotFoundException)
        {
            throw new NotFoundException("No such dossier.");
        }
        // Answered as "No such dossier." (404); the audit middleware records the refusal for what it is.
        return summary.AssignedOfficeId == office ? (dossier, office) : throw new NotAssignedOfficeException(dossierId, office);
    }

    private static async Task<Ok<DossierPage>> ListAsync(HttpContext http, DossierQueries queries, DossierStatus? status, string? after, int? limit,
        CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(status, http.User.OrganisationId() ?? "", after, DossierHttp.Limit(limit), ct));

    private static async Task<Ok<BailiffDossierView>> GetAsync(string dossierId, HttpContext http, IGrainFactory grains)
    {
        var (dossier, office) = await OwnedAsync(http, grains, dossierId);
        return TypedResults.Ok(await dossier.GetForOfficeAsync(office));
    }

    /// <summary>Once refused, the dossier is not the office's any more: nothing of it comes back (no view, no exclusion list).</summary>
    private static async Task<NoContent> RefuseAsync(string dossierId, Refusal refusal, HttpContext http, IGrainFactory grains)
    {
        var (dossier, office) = await OwnedAsync(http, grains, dossierId);
        await dossier.RefuseAsync(office, refusal.Reason, refusal.Note);
        return TypedResults.NoContent();
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(string dossierId, Guid documentId, HttpContext http,
        IGrainFactory grains, DocumentStore documents, NpgsqlDataSource db, CancellationToken ct)
    {
        var (dossier, office) = await OwnedAsync(http, grains, dossierId);
        return await OfficeDocumentAsync(http, dossier, dossierId, office, documentId, documents, db, ct) is { } found
            ? TypedResults.File(found.Content, found.Document.ContentType, $"{found.Document.Kind}-{found.Document.Id}")
            : TypedResults.NotFound();
    }

    /// <summary>
    /// A document of the dossier that the office's view lists, with its content (the API's download and the console's);
    /// null when the office may not see it, the refusal's true reason left for the audit entry.
    /// </summary>
    internal static async Task<(StoredDocument Document, byte[] Content)?> OfficeDocumentAsync(HttpContext http, IDossierGrain dossier, string dossierId,
        string office, Guid documentId, DocumentStore documents, NpgsqlDataSource db, CancellationToken ct)
    {
        // Only the documents the office's view lists (ONSS's and its own): an earlier office's acts stay hidden.
        var listed = (await dossier.GetForOfficeAsync(office)).Documents.Any(d => d.DocumentId == documentId.ToString());
        if (listed && await documents.ReadAsync(dossierId, documentId, ct) is { } found)
        {
            return found;
        }
        // Hidden as missing too; the audit entry tells them apart: another dossier's, or another office's act in this one.
        await using var cmd = db.CreateCommand("SELECT dossier_id FROM documents WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = documentId });
        if (!listed && await cmd.ExecuteScalarAsync(ct) is string owner)
        {
            http.AuditRefusal(owner == dossierId ? "document-of-another-office" : "document-of-another-dossier");
        }
        return null;
    }

    private static async Task<Ok<DocumentUpload>> AttachAsync(string dossierId, DocumentKind kind, HttpRequest request, HttpContext http,
        IGrainFactory grains, DocumentStore documents, CancellationToken ct)
    {
        var (dossier, office) = await OwnedAsync(http, grains, dossierId);
        return TypedResults.Ok(await DossierHttp.StoreDocumentAsync(request, dossierId, kind, http.User.UserId(), documents,
            u => dossier.AttachDocumentAsync(office, u), ct));
    }

    private static async Task<Ok<BailiffDossierView>> Do(HttpContext http, IGrainFactory grains, string dossierId, Func<IDossierGrain, string, Task> command)
    {
        var (dossier, office) = await OwnedAsync(http, grains, dossierId);
        await command(dossier, office);
        return TypedResults.Ok(await dossier.GetForOfficeAsync(office));
    }
}
