using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Compliance;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// The access-anomaly report of a period (security coordinator, data-protection manager), as
/// <c>GET /security/reports/access-anomalies</c>: same policy and audit action. Each audit seq links to the audit page
/// opened at that entry.
/// </summary>
[Authorize(Policy = Policies.AuditReader)]
[ConsoleAudited("security.report-access-anomalies", "security-report")]
public sealed class AnomaliesModel(AccessAnomalies anomalies) : ReportPeriodPage
{
    public AccessAnomalyReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Asked)
        {
            ProposeLastDays();
            return Page();
        }
        return await TryAsync(async () => Report = await anomalies.ReportAsync(CheckedPeriod(), ct)) ? Page() : PageWithStatus();
    }

    /// <summary>The audit page starting at entry <paramref name="seq"/> (its paging is "entries after a seq").</summary>
    public static string AuditLink(long seq) => "/console/audit?afterSeq=" + (seq - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
