using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Compliance;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// Bailiffs' infractions of a period, per office (security coordinator, data-protection manager), as
/// <c>GET /security/reports/infractions</c>: same policy, audit action and checks.
/// </summary>
[Authorize(Policy = Policies.AuditReader)]
[ConsoleAudited("security.report-infractions", "security-report")]
public sealed class InfractionsModel(BailiffInfractions infractions) : ReportPeriodPage
{
    [BindProperty(SupportsGet = true)]
    public string? OfficeId { get; set; }

    public override bool FiltersOffice => true;

    public override string? OfficeFilter => OfficeId;

    public InfractionReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Asked)
        {
            ProposeLastDays();
            return Page();
        }
        return await TryAsync(async () =>
        {
            var period = CheckedPeriod();
            var office = string.IsNullOrWhiteSpace(OfficeId) ? null
                : Clean(OfficeId, 200) ?? throw new Problems.ValidationFailedException("officeId", T["invalid-filter"]);
            Report = await infractions.ReportAsync(period, office, ct);
        }) ? Page() : PageWithStatus();
    }
}
