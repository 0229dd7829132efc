using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Compliance;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// The yearly security report (security coordinator, data-protection manager), as
/// <c>GET /security/reports/yearly/{year}</c>: the same Markdown document, shown as encoded text (nothing of it is
/// markup), printable alone (the style sheet hides the header and forms on paper).
/// </summary>
[Authorize(Policy = Policies.AuditReader)]
[ConsoleAudited("security.report-yearly", "security-report")]
public sealed class YearlyModel(YearlySecurityReport report, SecurityRecords records) : ConsolePage
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    /// <summary>The report's Markdown, or null when refused.</summary>
    public string? Document { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Message = T["invalid-filter"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return PageWithStatus();
        }
        Year ??= records.CurrentYear;
        return await TryAsync(async () => Document = await report.DocumentAsync(Year.Value, ct)) ? Page() : PageWithStatus();
    }
}
