using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>The console's home: the signed-in user's record (as <c>/me</c>, audited the same way) and their pages.</summary>
[Authorize]
[ConsoleAudited("console.home", "user")]
public sealed class IndexModel : ConsolePage
{
    public string Organisation => $"{User.OrganisationKind()}, {User.OrganisationId()}";

    public IReadOnlyList<string> RoleNames => [.. User.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal)];

    public void OnGet() => HttpContext.AuditResource(User.UserId().ToString()!);
}
