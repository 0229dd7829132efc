using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Grains;
using P4Orleans.Recovery.Documents;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.Dossiers;

/// <summary>ONSS (role OnssAgent): hand over titles, attach scans, record payments and plans, declare, withdraw, follow.</summary>
public static class OnssApi
{
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    public sealed record Justification(string Reason);

    public sealed record PlanEnd(PaymentPlanEnd Reason, DateOnly Date);

    public static IEndpointRouteBuilder MapOnssApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/onss").WithTags("ONSS").RequireAuthorization(p => p.RequireRole(Roles.OnssAgent));
        g.MapPost("/dossiers", SubmitAsync).WithName("SubmitTitle").WithSummary("Hands over one title (idempotent on ONSS's reference)")
            .Audited("dossier.submit", "dossier");
        g.MapPost("/dossiers/bulk", BulkAsync).WithName("SubmitTitlesInBulk")
            .WithSummary("Hands over up to 100,000 titles as NDJSON; answers NDJSON: the job, then one result per line, then the totals")
            .Accepts<string>("application/x-ndjson").Audited("dossier.submit-bulk", "intake-job");
        g.MapGet("/intake-jobs/{id:guid}", JobAsync).WithName("GetIntakeJob").WithSummary("A bulk intake's progress");
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

    /// <summary>The largest bulk file accepted: 100,000 titles take about 75 MB of NDJSON.</summary>
    public const long BulkMaxBytes = 256L * 1024 * 1024;

    private static async Task BulkAsync(HttpContext http, IntakeService intake, CancellationToken ct)
    {
        // The server's default body limit (30 MB) is below a full file of 100,000 titles.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = BulkMaxBytes;
        }
        var job = await intake.StartJobAsync(http.User.UserId(), ct);
        http.AuditResource(job.Id.ToString());
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/x-ndjson";
        http.Response.Headers.Location = $"/onss/intake-jobs/{job.Id}";
        var output = http.Response.Body;
        await WriteLineAsync(output, new { type = "job", jobId = job.Id }, ct);
        var finished = await intake.RunBulkAsync(job, http.Request.Body, result => WriteLineAsync(output, new
        {
            type = "line",
            line = result.Line,
            reference = result.Reference,
            outcome = result.Outcome.ToString().ToLowerInvariant(),
            dossierId = result.DossierId,
            errors = result.Errors,
        }, ct), ct);
        await WriteLineAsync(output, new { type = "summary", job = finished }, ct);
    }

    private static async ValueTask WriteLineAsync(Stream output, object value, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(output, value, value.GetType(), IntakeService.Json, ct);
        // Kestrel refuses synchronous writes to the response body.
        await output.WriteAsync(NewLine, ct);
        await output.FlushAsync(ct);
    }

    private static async Task<Results<Ok<IntakeJob>, NotFound>> JobAsync(Guid id, IntakeService intake, CancellationToken ct) =>
        await intake.FindJobAsync(id, ct) is { } job ? TypedResults.Ok(job) : TypedResults.NotFound();

    private static async Task<Ok<DossierPage>> ListAsync(DossierQueries queries, DossierStatus? status, string? after, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(status, null, after, DossierHttp.Limit(limit), ct));

    private static async Task<Ok<DossierView>> GetAsync(string dossierId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDossierGrain>(dossierId).GetAsync());

    private static async Task<Ok<DocumentUpload>> AttachAsync(string dossierId, DocumentKind? kind, HttpRequest request, HttpContext http,
        IGrainFactory grains, DocumentStore documents, CancellationToken ct)
    {
        var dossier = grains.GetGrain<IDossierGrain>(dossierId);
        await dossier.GetSummaryAsync();
        var upload = await DossierHttp.StoreDocumentAsync(request, dossierId, kind ?? DocumentKind.ScannedTitle, http.User.UserId(), documents,
            u => dossier.AttachDocumentAsync(null, u), ct);
        return TypedResults.Ok(upload);
    }

    private static async Task<Ok<DossierView>> Do(IGrainFactory grains, string dossierId, Func<IDossierGrain, Task> command)
    {
        var dossier = grains.GetGrain<IDossierGrain>(dossierId);
        await dossier.GetSummaryAsync();
        await command(dossier);
        return TypedResults.Ok(await dossier.GetAsync());
    }
}
