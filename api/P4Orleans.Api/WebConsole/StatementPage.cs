using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Finance;
using P4Orleans.Recovery.Finance;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// A page showing one office's remittance statement for a period and, once the period is closed, its reconciliation,
/// read through <see cref="RemittanceSql"/> and checked by the API's own rules (<see cref="FinanceApi"/>).
/// </summary>
public abstract class StatementPage(RemittanceSql sql) : ConsolePage
{
    /// <summary>The period asked for (<c>yyyy-MM</c>); the last closed one when none is given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    /// <summary>The statement read, or null when the request was refused.</summary>
    public RemittanceStatement? Statement { get; private set; }

    /// <summary>The reconciliation of a closed statement, else null.</summary>
    public Reconciliation? Reconciliation { get; private set; }

    /// <summary>The options' length of a period, for the form's hint.</summary>
    public int PeriodMonths => sql.Options.PeriodMonths;

    /// <summary>The key of the last closed period by the platform clock (the form's default).</summary>
    protected string LastClosedPeriod() => LastClosed(sql.Today, sql.Options.PeriodMonths);

    /// <summary>The key of the last period that ended before <paramref name="today"/>, periods aligned on 1 January.</summary>
    public static string LastClosed(DateOnly today, int periodMonths)
    {
        var current = new DateOnly(today.Year, ((today.Month - 1) / periodMonths * periodMonths) + 1, 1);
        return current.AddMonths(-periodMonths).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads the statement and, when closed, the reconciliation; a refusal becomes the page's message and status.</summary>
    protected Task<bool> LoadAsync(string officeId, bool requireOffice, CancellationToken ct) => TryAsync(async () =>
    {
        HttpContext.AuditResource($"{officeId}/{Period}");
        var period = FinanceApi.Period(sql, Period);
        if (requireOffice)
        {
            await FinanceApi.RequireOfficeAsync(sql, officeId, ct);
        }
        Statement = await sql.StatementAsync(officeId, period, ct);
        Reconciliation = sql.IsClosed(period) ? await sql.ReconcileAsync(officeId, period, ct) : null;
    });
}
