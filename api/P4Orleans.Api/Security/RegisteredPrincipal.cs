using System.Security.Claims;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Security;

/// <summary>
/// The one mapping from a registered user to the principal of a request, shared by the bearer token and the
/// browser session: unknown or inactive users get none; of the row's roles only those fitting the user's
/// organisation kind are granted (a row edited in the database, or a stale token or cookie, cannot widen them);
/// a role withheld so leaves an audit entry, and the request goes on with the others.
/// </summary>
public static class RegisteredPrincipal
{
    /// <summary>Why a user gets no principal, or null when they get one (the audit reason: <c>unknown-user</c>, <c>suspended</c>, <c>revoked</c>).</summary>
    public static string? RefusalOf(User? user) => user switch
    {
        null => "unknown-user",
        { Status: UserStatus.Active } => null,
        _ => user.Status.ToString().ToLowerInvariant(),
    };

    /// <summary>The principal of an active registered user, with the roles the registry grants now.</summary>
    public static async Task<ClaimsPrincipal> ForAsync(HttpContext http, User user, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(PlatformClaims.UserId, user.Id.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.Name));
        identity.AddClaim(new Claim(PlatformClaims.OrganisationKind, user.OrganisationKind.ToString()));
        identity.AddClaim(new Claim(PlatformClaims.OrganisationId, user.OrganisationId));
        var misfits = OrganisationRoles.Misfits(user.OrganisationKind, user.Roles);
        foreach (var role in user.Roles.Except(misfits, StringComparer.Ordinal).Distinct(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }
        if (misfits.Count > 0)
        {
            await AuditWithheldRolesAsync(http, user, misfits);
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The security coordinator sees an account whose stored roles do not fit its organisation (edited outside the registry).</summary>
    private static Task AuditWithheldRolesAsync(HttpContext http, User user, IReadOnlyList<string> withheld)
    {
        var log = http.RequestServices.GetRequiredService<Audit.AuditLog>();
        var details = System.Text.Json.JsonSerializer.Serialize(new
        {
            organisationKind = user.OrganisationKind.ToString(),
            withheld = UserRights.ForAudit(withheld),
        });
        return log.AppendAsync(new Audit.AuditEntry(log.Now(), user.Id, null, "auth.roles-withheld", $"user/{user.Id}", null,
            "refused:role-misfit", http.TraceIdentifier, details));
    }
}
