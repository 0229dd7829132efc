using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Compliance;

/// <summary>
/// The security coordinator's and the data-protection manager's reports (read by both: policy AuditReader) and
/// records (written by the security coordinator alone), and the registrars' recertification of users. Every request is
/// audited.
/// </summary>
public static class ComplianceApi
{
    /// <summary>The security coordinator alone: records and the yearly report's own section.</summary>
    private static void CoordinatorOnly(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder p) => p.RequireRole(Roles.SecurityCoordinator);

    public static IEndpointRouteBuilder MapComplianceApi(this IEndpointRouteBuilder app)
    {
        // Read by both (policy AuditReader); written by the coordinator alone (a group of its own, so that the OpenAPI
        // document names the one role: policies of nested groups would add up there).
        var read = app.MapGroup("/security").WithTags("Security").RequireAuthorization(Policies.AuditReader);
        var write = app.MapGroup("/security").WithTags("Security").RequireAuthorization(CoordinatorOnly);
        read.MapGet("/reports/access-anomalies", AnomaliesAsync).WithName("AccessAnomalyReport")
            .WithSummary("Refusals, probes of other offices' dossiers, read spikes, out-of-hours use and use after a departure, with their audit entries")
            .Audited("security.report-access-anomalies", "security-report");
        read.MapGet("/reports/infractions", InfractionsAsync).WithName("BailiffInfractionReport")
            .WithSummary("Late acceptances and services, missing reports and impossible act dates, per office").Audited("security.report-infractions", "security-report");
        read.MapGet("/reports/retention", RetentionAsync).WithName("RetentionReport")
            .WithSummary("Dossiers whose purge is done, due or blocked, and why").Audited("security.report-retention", "security-report");
        read.MapGet("/reports/yearly/{year:int}", YearlyAsync).WithName("YearlySecurityReport")
            .WithSummary("The yearly report against the BCSS minimum security norms (Markdown, printable)")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown").Audited("security.report-yearly", "security-report");
        write.MapPut("/reports/yearly/{year:int}/statement", SetStatementAsync).WithName("SetYearlyReportStatement")
            .WithSummary("Writes the coordinator's section of the yearly report (until it is finalised)").Audited("security.report-yearly-statement", "security-report");
        write.MapPost("/reports/yearly/{year:int}/finalisation", FinaliseAsync).WithName("FinaliseYearlyReport")
            .WithSummary("Freezes the yearly report; it never changes after").Produces<string>(StatusCodes.Status200OK, "text/markdown")
            .Audited("security.report-yearly-finalise", "security-report");

        write.MapPost("/campaigns", OpenCampaignAsync).WithName("OpenAuditCampaign")
            .WithSummary("Opens an internal audit campaign: the platform draws its sample of dossiers and accesses from a seed")
            .Audited("security.campaign-open", "audit-campaign");
        read.MapGet("/campaigns", ListCampaignsAsync).WithName("ListAuditCampaigns").WithSummary("The internal audit campaigns")
            .Audited("security.campaign-list", "audit-campaign");
        read.MapGet("/campaigns/{id:guid}", GetCampaignAsync).WithName("GetAuditCampaign").WithSummary("One campaign, its sample and findings")
            .Audited("security.campaign-read", "audit-campaign");
        write.MapPut("/campaigns/{id:guid}", UpdateCampaignAsync).WithName("UpdateAuditCampaign")
            .WithSummary("Records a campaign's findings and follow-up, or closes it").Audited("security.campaign-update", "audit-campaign");
        write.MapPost("/incidents", AddIncidentAsync).WithName("RecordSecurityIncident").WithSummary("Records a security incident")
            .Audited("security.incident-record", "security-incident");
        read.MapGet("/incidents", IncidentsAsync).WithName("ListSecurityIncidents").WithSummary("The incidents of a year")
            .Audited("security.incident-list", "security-incident");
        write.MapPost("/backup-tests", AddBackupTestAsync).WithName("RecordBackupTest").WithSummary("Records a backup or restore test")
            .Audited("security.backup-test-record", "backup-test");
        read.MapGet("/backup-tests", BackupTestsAsync).WithName("ListBackupTests").WithSummary("The backup and restore tests of a year")
            .Audited("security.backup-test-list", "backup-test");

        var registrars = app.MapGroup("/admin").WithTags("Users").RequireAuthorization(Policies.Registrar);
        registrars.MapGet("/recertifications", DueAsync).WithName("ListRecertifications")
            .WithSummary("Active users by recertification due date (those due before dueBefore)").Audited("users.recertification-list", "user");
        registrars.MapPost("/users/{id:guid}/recertification", ConfirmAsync).WithName("RecertifyUser")
            .WithSummary("Confirms that an active user still needs their access (the next due date is returned)").Audited("users.recertify", "user");
        return app;
    }

    private static async Task<Ok<AccessAnomalyReport>> AnomaliesAsync(DateOnly? from, DateOnly? to, AccessAnomalies anomalies, CancellationToken ct) =>
        TypedResults.Ok(await anomalies.ReportAsync(ReportPeriod.Of(from, to), ct));

    private static async Task<Ok<InfractionReport>> InfractionsAsync(DateOnly? from, DateOnly? to, string? officeId, BailiffInfractions infractions,
        CancellationToken ct) => TypedResults.Ok(await infractions.ReportAsync(ReportPeriod.Of(from, to), officeId, ct));

    private static async Task<Ok<RetentionView>> RetentionAsync(RetentionReport retention, CancellationToken ct) =>
        TypedResults.Ok(await retention.ReportAsync(ct));

    private static async Task<ContentHttpResult> YearlyAsync(int year, YearlySecurityReport report, CancellationToken ct) =>
        TypedResults.Text(await report.DocumentAsync(year, ct), "text/markdown; charset=utf-8");

    private static async Task<NoContent> SetStatementAsync(int year, ReportStatement statement, YearlySecurityReport report, HttpContext http, CancellationToken ct)
    {
        await report.SetStatementAsync(year, statement.Statement, Actor(http), ct);
        return TypedResults.NoContent();
    }

    private static async Task<ContentHttpResult> FinaliseAsync(int year, YearlySecurityReport report, HttpContext http, CancellationToken ct) =>
        TypedResults.Text(await report.FinaliseAsync(year, Actor(http), ct), "text/markdown; charset=utf-8");

    private static async Task<Created<Campaign>> OpenCampaignAsync(NewCampaign request, AuditCampaigns campaigns, HttpContext http, CancellationToken ct)
    {
        var campaign = await campaigns.OpenAsync(request, Actor(http), ct);
        http.AuditResource(campaign.Id.ToString());
        return TypedResults.Created($"/security/campaigns/{campaign.Id}", campaign);
    }

    private static async Task<Ok<IReadOnlyList<Campaign>>> ListCampaignsAsync(AuditCampaigns campaigns, CancellationToken ct) =>
        TypedResults.Ok(await campaigns.ListAsync(null, ct));

    private static async Task<Results<Ok<Campaign>, NotFound>> GetCampaignAsync(Guid id, AuditCampaigns campaigns, CancellationToken ct) =>
        await campaigns.FindAsync(id, ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound();

    private static async Task<Results<Ok<Campaign>, NotFound>> UpdateCampaignAsync(Guid id, CampaignFindings findings, AuditCampaigns campaigns,
        CancellationToken ct) => await campaigns.UpdateAsync(id, findings, ct) is { } campaign ? TypedResults.Ok(campaign) : TypedResults.NotFound();

    private static async Task<Created<Incident>> AddIncidentAsync(NewIncident incident, SecurityRecords records, HttpContext http, CancellationToken ct)
    {
        var stored = await records.AddIncidentAsync(incident, Actor(http), ct);
        http.AuditResource(stored.Id.ToString());
        return TypedResults.Created($"/security/incidents?year={stored.OccurredOn.Year}", stored);
    }

    private static async Task<Ok<IReadOnlyList<Incident>>> IncidentsAsync(int? year, SecurityRecords records, CancellationToken ct) =>
        TypedResults.Ok(await records.IncidentsAsync(records.CheckYear(year ?? records.CurrentYear), ct));

    private static async Task<Created<BackupTest>> AddBackupTestAsync(NewBackupTest test, SecurityRecords records, HttpContext http, CancellationToken ct)
    {
        var stored = await records.AddBackupTestAsync(test, Actor(http), ct);
        http.AuditResource(stored.Id.ToString());
        return TypedResults.Created($"/security/backup-tests?year={stored.PerformedOn.Year}", stored);
    }

    private static async Task<Ok<IReadOnlyList<BackupTest>>> BackupTestsAsync(int? year, SecurityRecords records, CancellationToken ct) =>
        TypedResults.Ok(await records.BackupTestsAsync(records.CheckYear(year ?? records.CurrentYear), ct));

    private static async Task<Ok<IReadOnlyList<RecertificationDue>>> DueAsync(DateTimeOffset? dueBefore, Recertification recertification, CancellationToken ct) =>
        TypedResults.Ok(await recertification.DueAsync(dueBefore, ct));

    private static async Task<Results<Ok<RecertificationDue>, NotFound>> ConfirmAsync(Guid id, Recertification recertification, HttpContext http,
        CancellationToken ct) =>
        await recertification.ConfirmAsync(id, RegistryActor.Of(http), ct) is { } due ? TypedResults.Ok(due) : TypedResults.NotFound();

    private static Guid Actor(HttpContext http) => RegistryActor.Of(http).UserId!.Value;
}
