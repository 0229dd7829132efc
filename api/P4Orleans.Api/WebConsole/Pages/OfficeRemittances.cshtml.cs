using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Security;
using P4Orleans.Recovery.Finance;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// An office's remittance statement for a period and its reconciliation (Operator), as
/// <c>GET /operators/remittances/{officeId}/{period}</c>: same policy, same audit action, same checks.
/// </summary>
[Authorize(Policy = Policies.Operators)]
[ConsoleAudited("finance.statement-read", "bailiff-office")]
public sealed class OfficeRemittancesModel(RemittanceSql sql) : StatementPage(sql)
{
    [BindProperty(SupportsGet = true)]
    public string OfficeId { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Period ??= LastClosedPeriod();
        return await LoadAsync(OfficeId, requireOffice: true, ct) ? Page() : PageWithStatus();
    }
}
