using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Documents;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.Dossiers;

/// <summary>ONSS (role OnssAgent): hand over titles, attach scans, record payments and plans, declare, withdraw, follow.</summary>
public static partial class OnssApi
{
    public sealed record Justification(string Reason);

    public sealed record PlanEnd(PaymentPlanEnd Reason, DateOnly Date);

    public static IEndpointRouteBuilder MapOnssApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/onss").WithTags("ONSS").RequireAuthorization(p => p.RequireRole(Roles.OnssAgent));
        g.MapPost("/dossiers", SubmitAsync).WithName("SubmitTitle").WithSummary("Hands over one title (idempotent on ONSS's reference)")
            .Audited("dossier.submit", "dossier");
        g.MapBulkIntake();
        g.MapGet("/dossiers", ListAsync).WithName("OnssListDossiers").WithSummary("Dossiers by status (no personal data)").Audited("dossier.list", "dossier");
        g.MapGet("/dossiers/{dossierId}", GetAsync).WithName("OnssGetDossier").WithSummary("A dossier with its timeline").Audited("dossier.read", "dossier");
        g.MapPost("/dossiers/{dossierId}/documents", AttachAsync).WithName("OnssAttachTitle")
            .WithSummary("Attaches the scanned title (PDF, TIFF, PNG or JPEG, checked from the content; 20 MiB at most)")
            .Accepts<byte[]>("application/octet-stream", DossierHttp.DocumentTypes).Audited("dossier.attach-document", "dossier");
        g.MapPost("/dossiers/{dossierId}/payments", (string dossierId, PaymentReport payment, IGrainFactory grains) =>
            Do(grains, dossierId, d => d.RecordPaymentAsync(null, payment))).WithName("OnssRecordPayment").WithSummary("Records a payment received by ONSS")
            .Audited("dossier.record-payment", "dossier");
        g.MapPost("/dossiers/{dossierId}/payment-plan", (string dossierId, PaymentPlanTerms terms, IGrainFactory grains) =>
            Do(grains, dossierId, d => d.GrantPaymentPlanAsync(terms))).WithName("OnssGrantPaymentPlan").WithSummary("Grants payment terms")
            .Audited("dossier.grant-payment-plan", "dossier");
        g.MapPost("/dossiers/{dossierId}/payment-plan/end", (string dossierId, PlanEnd end, IGrainFactory grains) =>
            Do(grains, dossierId, d => d.EndPaymentPlanAsync(end.Reason, end.Date))).WithName("OnssEndPaymentPlan").WithSummary("Ends payment terms")
            .Audited("dossier.end-payment-plan", "dossier");
        g.MapPost("/dossiers/{dossierId}/irrecoverability", (string dossierId, Justification r, IGrainFactory grains) =>
            Do(grains, dossierId, d => d.DeclareIrrecoverableAsync(r.Reason))).WithName("OnssDeclareIrrecoverable")
            .WithSummary("Declares the debt irrecoverable").Audited("dossier.declare-irrecoverable", "dossier");
        g.MapPost("/dossiers/{dossierId}/withdrawal", (string dossierId, Justification r, IGrainFactory grains) =>
            Do(grains, dossierId, d => d.WithdrawAsync(r.Reason))).WithName("OnssWithdraw").WithSummary("Withdraws the title")
            .Audited("dossier.withdraw", "dossier");
        return app;
    }

    private static async Task<Results<Created<SubmissionOutcome>, Ok<SubmissionOutcome>>> SubmitAsync(
        TitleSubmission submission, IntakeService intake, HttpContext http, CancellationToken ct)
    {
        var outcome = await intake.SubmitAsync(submission, ct);
        http.AuditDossier(outcome.DossierId);
        return outcome.Duplicate ? TypedResults.Ok(outcome) : TypedResults.Created($"/onss/dossiers/{outcome.DossierId}", outcome);
    }

    private static async Task<Ok<DossierPage>> ListAsync(DossierQueries queries, DossierStatus? status, string? after, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(status, null, after, DossierHttp.Limit(limit), ct));

    private static async Task<Ok<OnssDossierView>> GetAsync(string dossierId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDossierGrain>(dossierId).GetForOnssAsync());

    private static async Task<Ok<DocumentUpload>> AttachAsync(string dossierId, DocumentKind? kind, HttpRequest request, HttpContext http,
        IGrainFactory grains, DocumentStore documents, CancellationToken ct)
    {
        var dossier = grains.GetGrain<IDossierGrain>(dossierId);
        await dossier.GetSummaryAsync();
        var upload = await DossierHttp.StoreDocumentAsync(request, dossierId, kind ?? DocumentKind.ScannedTitle, http.User.UserId(), documents,
            u => dossier.AttachDocumentAsync(null, u), ct);
        return TypedResults.Ok(upload);
    }

    private static async Task<Ok<OnssDossierView>> Do(IGrainFactory grains, string dossierId, Func<IDossierGrain, Task> command)
    {
        var dossier = grains.GetGrain<IDossierGrain>(dossierId);
        await dossier.GetSummaryAsync();
        await command(dossier);
        return TypedResults.Ok(await dossier.GetForOnssAsync());
    }
}
