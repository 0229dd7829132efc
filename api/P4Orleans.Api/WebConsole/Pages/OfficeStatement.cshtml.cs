using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Recovery.Finance;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// A bailiff's own office's remittance statement (Bailiff of a bailiff office), as
/// <c>GET /bailiff/offices/{officeId}/remittances/{period}</c>: another office's answers the console's 404, audited
/// <c>refused:other-office</c>, exactly as a statement that does not exist.
/// </summary>
[Authorize(Policy = ConsolePolicies.BailiffFinance)]
[ConsoleAudited("finance.statement-read", "bailiff-office")]
public sealed class OfficeStatementModel(RemittanceSql sql) : StatementPage(sql)
{
    /// <summary>The office asked for; the user's own when none is given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? OfficeId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Period ??= LastClosedPeriod();
        var own = User.OrganisationId() ?? "";
        OfficeId ??= own;
        if (!string.Equals(OfficeId, own, StringComparison.Ordinal))
        {
            HttpContext.AuditResource($"{OfficeId}/{Period}");
            HttpContext.AuditRefusal("other-office");
            OfficeId = null;
            var missing = NotFoundPage();
            Message = T["remittances.not-found"];
            return missing;
        }
        return await LoadAsync(own, requireOffice: false, ct) ? Page() : PageWithStatus();
    }
}
