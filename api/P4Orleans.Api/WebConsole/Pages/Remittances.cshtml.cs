using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Finance;
using P4Orleans.Api.Security;
using P4Orleans.Recovery.Finance;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// Every office's reconciliation of a closed period, by default only the flagged ones (Operator), as
/// <c>GET /operators/remittances?period=&amp;flagged=</c>: same policy, audit action and checks.
/// </summary>
[Authorize(Policy = Policies.Operators)]
[ConsoleAudited("finance.reconciliation-list", "bailiff-office")]
public sealed class RemittancesModel(RemittanceSql sql) : ConsolePage
{
    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    /// <summary>Only the differences (short, over, late); the page's default.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Flagged { get; set; } = true;

    public IReadOnlyList<Reconciliation> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Request.Query.ContainsKey("flagged"))
        {
            Flagged = true;
        }
        Period ??= StatementPage.LastClosed(sql.Today, sql.Options.PeriodMonths);
        return await TryAsync(async () => Items = await sql.ReconciliationsAsync(FinanceApi.ClosedPeriod(sql, Period), Flagged, ct))
            ? Page()
            : PageWithStatus();
    }
}
