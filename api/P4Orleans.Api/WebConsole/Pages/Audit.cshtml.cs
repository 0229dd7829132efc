using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// The audit log (security coordinator, data-protection manager): entries in order, filtered as <c>GET /security/audit</c>
/// (user id, dossier id, action, time in UTC), and the chain's verification with its result. Audited as the API.
/// </summary>
[Authorize(Policy = Policies.AuditReader)]
[ConsoleAudited("audit.read", "audit-log")]
public sealed class AuditModel(ConsoleQueries queries, AuditVerifier verifier) : ConsolePage
{
    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? DossierId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? AfterSeq { get; set; }

    public IReadOnlyList<StoredAuditEntry> Entries { get; private set; } = [];

    public AuditVerification? Verification { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var action = string.IsNullOrWhiteSpace(Action) ? null : Clean(Action, 100);
        var dossier = string.IsNullOrWhiteSpace(DossierId) ? null : Clean(DossierId, 200);
        if (!ModelState.IsValid || From > To || (action is null && !string.IsNullOrWhiteSpace(Action)) || (dossier is null && !string.IsNullOrWhiteSpace(DossierId)))
        {
            Message = T["invalid-filter"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return PageWithStatus();
        }
        Entries = await queries.AuditAsync(UserId, dossier, action, Utc(From), Utc(To), Math.Max(0, AfterSeq ?? 0), ct);
        return Page();
    }

    /// <summary>Recomputes the hash chain (as <c>GET /security/audit/verify</c>) and shows its result.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        HttpContext.AuditDetails("{\"command\":\"verify\"}");
        Verification = await verifier.VerifyAsync(ct);
        Entries = await queries.AuditAsync(null, null, null, null, null, 0, ct);
        return Page();
    }

    /// <summary>The value of a <c>datetime-local</c> field (UTC, to the minute).</summary>
    public static string Local(DateTime? at) => at?.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) ?? "";

    // The form's times are UTC (the page says so): Europe/Brussels applies to the law's dates, not to the log's instants.
    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
