using Microsoft.AspNetCore.Authorization;
using P4Orleans.Api.Compliance;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// The retention report as of today (security coordinator, data-protection manager), as
/// <c>GET /security/reports/retention</c>: purges done, due and blocked, each with its reason.
/// </summary>
[Authorize(Policy = Policies.AuditReader)]
[ConsoleAudited("security.report-retention", "security-report")]
public sealed class RetentionModel(RetentionReport retention) : ConsolePage
{
    public RetentionView Report { get; private set; } = new(default, 0, 0, 0, []);

    public async Task OnGetAsync(CancellationToken ct) => Report = await retention.ReportAsync(ct);
}
