using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;
using P4Orleans.Recovery.Finance;

namespace P4Orleans.Api.Finance;

/// <summary>
/// Bailiffs' financial management (art. 40 §7-8): an office reads its own remittance statements (another office's
/// answers 404, as a missing one); operators read every statement, record the remittances received, list the
/// differences, and read each office's performance.
/// </summary>
public static class FinanceApi
{
    /// <summary>A remittance an office sent, as the concessionaire's bank shows it.</summary>
    /// <param name="AmountCents">Cents received.</param>
    /// <param name="ReceivedOn">The day it was received.</param>
    /// <param name="Reference">The bank's reference of the transfer (unique per statement).</param>
    public sealed record ReceiptRequest(long AmountCents, DateOnly ReceivedOn, string Reference);

    public static IEndpointRouteBuilder MapFinanceApi(this IEndpointRouteBuilder app)
    {
        var bailiff = app.MapGroup("/bailiff").WithTags("Bailiffs").RequireAuthorization(p => p
            .RequireRole(Roles.Bailiff)
            .RequireClaim(PlatformClaims.OrganisationKind, nameof(Users.OrganisationKind.BailiffOffice)));
        bailiff.MapGet("/offices/{officeId}/remittances/{period}", OwnStatementAsync).WithName("BailiffRemittanceStatement")
            .WithSummary("The office's remittance statement for a period (yyyy-MM): collected, costs kept, due to ONSS and by when")
            .Audited("finance.statement-read", "bailiff-office");

        var operators = app.MapGroup("/operators").WithTags("Operators").RequireAuthorization(Policies.Operators);
        operators.MapGet("/remittances", ListAsync).WithName("OperatorsListReconciliations")
            .WithSummary("Every office's reconciliation for a closed period (flagged=true: only the differences: short, over, late)")
            .Audited("finance.reconciliation-list", "bailiff-office");
        operators.MapGet("/remittances/{officeId}/{period}", StatementAsync).WithName("OperatorsRemittanceStatement")
            .WithSummary("An office's remittance statement for a period (yyyy-MM)").Audited("finance.statement-read", "bailiff-office");
        operators.MapGet("/remittances/{officeId}/{period}/reconciliation", ReconciliationAsync).WithName("OperatorsReconciliation")
            .WithSummary("A closed statement against the remittances received").Audited("finance.reconciliation-read", "bailiff-office");
        operators.MapPost("/remittances/{officeId}/{period}/receipts", RecordReceiptAsync).WithName("OperatorsRecordRemittance")
            .WithSummary("Records a remittance received for a closed statement; answers the reconciliation")
            .Audited("finance.remittance-recorded", "bailiff-office");
        operators.MapGet("/bailiffs/{officeId}/performance", PerformanceAsync).WithName("OperatorsOfficePerformance")
            .WithSummary("An office's acceptance and service delays, execution results and SLA breaches, month by month (from=yyyy-MM)")
            .Audited("finance.performance-read", "bailiff-office");
        return app;
    }

    private static async Task<Ok<RemittanceStatement>> OwnStatementAsync(string officeId, string period, HttpContext http, RemittanceSql sql,
        CancellationToken ct)
    {
        http.AuditResource($"{officeId}/{period}");
        if (!string.Equals(http.User.OrganisationId(), officeId, StringComparison.Ordinal))
        {
            // Answered as a missing statement; the audit entry says what it was.
            http.AuditRefusal("other-office");
            throw new NotFoundException("No such statement.");
        }

        return TypedResults.Ok(await sql.StatementAsync(officeId, Period(sql, period), ct));
    }

    private static async Task<Ok<RemittanceStatement>> StatementAsync(string officeId, string period, HttpContext http, RemittanceSql sql,
        CancellationToken ct)
    {
        http.AuditResource($"{officeId}/{period}");
        var p = Period(sql, period);
        await RequireOfficeAsync(sql, officeId, ct);
        return TypedResults.Ok(await sql.StatementAsync(officeId, p, ct));
    }

    private static async Task<Ok<Reconciliation>> ReconciliationAsync(string officeId, string period, HttpContext http, RemittanceSql sql,
        CancellationToken ct)
    {
        http.AuditResource($"{officeId}/{period}");
        var p = ClosedPeriod(sql, period);
        await RequireOfficeAsync(sql, officeId, ct);
        return TypedResults.Ok(await sql.ReconcileAsync(officeId, p, ct));
    }

    private static async Task<Ok<IReadOnlyList<Reconciliation>>> ListAsync(string? period, bool? flagged, RemittanceSql sql, CancellationToken ct)
    {
        var p = ClosedPeriod(sql, period);
        return TypedResults.Ok(await sql.ReconciliationsAsync(p, flagged ?? false, ct));
    }

    private static async Task<Ok<Reconciliation>> RecordReceiptAsync(string officeId, string period, ReceiptRequest receipt, HttpContext http,
        RemittanceSql sql, [FromKeyedServices(P4Orleans.Grains.PlatformClock.Key)] TimeProvider time, CancellationToken ct)
    {
        http.AuditResource($"{officeId}/{period}");
        var p = ClosedPeriod(sql, period);
        var reference = receipt.Reference?.Trim() ?? "";
        if (reference.Length == 0)
        {
            throw new ValidationFailedException("reference", "The remittance's reference is required.");
        }

        if (receipt.AmountCents <= 0)
        {
            throw new ValidationFailedException("amountCents", "A remittance is a positive number of cents.");
        }

        if (receipt.ReceivedOn <= p.End)
        {
            throw new ValidationFailedException("receivedOn", $"A remittance for the period ending {p.End:yyyy-MM-dd} is received after that day.");
        }

        if (receipt.ReceivedOn > sql.Today)
        {
            throw new ValidationFailedException("receivedOn", "A remittance is not received in the future.");
        }

        await RequireOfficeAsync(sql, officeId, ct);
        var outcome = await sql.RecordReceiptAsync(officeId, p, new RemittanceReceipt(reference, receipt.AmountCents, receipt.ReceivedOn, time.GetUtcNow()),
            http.User.UserId(), ct);
        if (outcome == RemittanceSql.ReceiptOutcome.Conflict)
        {
            throw new ConflictException($"Another remittance with reference '{reference}' is recorded for this statement.");
        }

        return TypedResults.Ok(await sql.ReconcileAsync(officeId, p, ct));
    }

    private static async Task<Ok<OfficePerformance>> PerformanceAsync(string officeId, string? from, HttpContext http, RemittanceSql sql,
        OfficePerformanceSql performance, CancellationToken ct)
    {
        http.AuditResource(officeId);
        DateOnly? start = null;
        if (from is not null)
        {
            if (!DateOnly.TryParseExact(from + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var s) || from.Length != 7 || s.Year < 2000)
            {
                throw new ValidationFailedException("from", "The first month is written yyyy-MM.");
            }

            start = s;
        }

        await RequireOfficeAsync(sql, officeId, ct);
        return TypedResults.Ok(await performance.ForOfficeAsync(officeId, start, ct));
    }

    /// <summary>A period key read as the API reads it (a 400 problem naming <c>period</c> when it is not one).</summary>
    internal static RemittancePeriod Period(RemittanceSql sql, string? period) =>
        sql.Options.TryParsePeriod(period, out var p)
            ? p
            : throw new ValidationFailedException("period",
                $"A period is the month it starts, yyyy-MM (periods of {sql.Options.PeriodMonths} month(s) from January).");

    /// <summary>A closed period (a 409 problem while it runs).</summary>
    internal static RemittancePeriod ClosedPeriod(RemittanceSql sql, string? period)
    {
        var p = Period(sql, period);
        return sql.IsClosed(p) ? p : throw new ConflictException($"The period {p.Key} is not closed yet (it ends on {p.End:yyyy-MM-dd}).");
    }

    /// <summary>A 404 problem for an office the registry does not know.</summary>
    internal static async Task RequireOfficeAsync(RemittanceSql sql, string officeId, CancellationToken ct)
    {
        if (!await sql.OfficeExistsAsync(officeId, ct))
        {
            throw new NotFoundException("No such office.");
        }
    }
}
