using System.Security.Claims;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Users;

/// <summary>
/// Who acts on the registry: a registered user (through the API), or the machine (the command line on the
/// platform's own host, which holds its key file; an in-process call without a user is the machine).
/// </summary>
/// <param name="UserId">The acting user; null for the machine.</param>
/// <param name="Roles">The acting user's roles as granted for this request.</param>
/// <param name="RequestId">The request the change belongs to, for the audit entry.</param>
public sealed record RegistryActor(Guid? UserId, IReadOnlyList<string> Roles, string? RequestId)
{
    /// <summary>The command line on the platform's host.</summary>
    public static RegistryActor Machine { get; } = new(null, [], null);

    public bool IsMachine => UserId is null;

    /// <summary>The authenticated user of a request (roles from the registry, as mapped at authentication).</summary>
    public static RegistryActor Of(HttpContext http) => new(
        http.User.UserId() ?? throw new RightsRefusedException("no-user", "The request has no registered user."),
        [.. http.User.FindAll(ClaimTypes.Role).Select(c => c.Value)],
        http.TraceIdentifier);
}

/// <summary>The actor may not make this change (403): it names the rule in <see cref="Reason"/>, which the audit entry records.</summary>
public sealed class RightsRefusedException(string reason, string message) : Exception(message)
{
    /// <summary>A short code: <c>self-change</c>, <c>beyond-grant</c>.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// The rules of granting: nobody changes their own roles or status; SecurityCoordinator, DataProtectionManager
/// and UserRegistrar are granted only by a SecurityCoordinator (or the machine, for the very first one); a
/// UserRegistrar registers users and changes roles and status only within the roles they may grant; every role
/// fits the user's organisation kind (<see cref="OrganisationRoles"/>).
/// </summary>
public static class UserRights
{
    /// <summary>The roles that give rights over users or over the audit log.</summary>
    public static IReadOnlySet<string> Privileged { get; } =
        new HashSet<string>(StringComparer.Ordinal) { Roles.SecurityCoordinator, Roles.DataProtectionManager, Roles.UserRegistrar };

    /// <summary>Whether the actor may grant (or take away) this role.</summary>
    public static bool MayGrant(RegistryActor actor, string role) =>
        actor.IsMachine
        || actor.Roles.Contains(Roles.SecurityCoordinator, StringComparer.Ordinal)
        || (actor.Roles.Contains(Roles.UserRegistrar, StringComparer.Ordinal) && !Privileged.Contains(role));

    /// <summary>Checks the roles of a new user: known, at least one, fitting the organisation, grantable by the actor.</summary>
    public static IReadOnlyList<string> CheckRegistration(RegistryActor actor, NewUser user)
    {
        var roles = CheckRoles(user.Roles, user.OrganisationKind);
        EnsureGrantable(actor, roles);
        return roles;
    }

    /// <summary>Checks a change of <paramref name="target"/>'s roles or status: not oneself, and every role before and after grantable.</summary>
    public static void CheckChange(RegistryActor actor, User target, IReadOnlyList<string> newRoles)
    {
        if (actor.UserId == target.Id)
        {
            throw new RightsRefusedException("self-change", "Nobody changes their own roles or status.");
        }
        // Taking a role away, or suspending its holder, is as strong as granting it: a registrar must not lock out a coordinator.
        EnsureGrantable(actor, [.. target.Roles.Union(newRoles, StringComparer.Ordinal)]);
    }

    /// <summary>The roles, distinct and in order, once known, non-empty and fitting the organisation kind (400 otherwise).</summary>
    public static IReadOnlyList<string> CheckRoles(IReadOnlyList<string>? roles, OrganisationKind kind)
    {
        if (!OrganisationRoles.Table.ContainsKey(kind))
        {
            throw new ValidationFailedException("organisationKind", "The organisation kind must be Onss, Concessionaire, BailiffOffice or Chamber.");
        }
        if (roles is null || roles.Count == 0)
        {
            throw new ValidationFailedException("roles", "At least one role is required.");
        }
        if (roles.Any(r => r is null))
        {
            throw new ValidationFailedException("roles", "A role cannot be null.");
        }
        var unknown = roles.Except(Roles.All, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationFailedException("roles", $"Unknown roles: {string.Join(", ", unknown.Select(Shown))}.");
        }
        var misfits = OrganisationRoles.Misfits(kind, roles);
        if (misfits.Count > 0)
        {
            throw new ValidationFailedException("roles",
                $"Roles {string.Join(", ", misfits)} do not fit an organisation of kind {kind}; it may hold {string.Join(", ", OrganisationRoles.Table[kind])}.");
        }
        return [.. roles.Distinct(StringComparer.Ordinal)];
    }

    private static void EnsureGrantable(RegistryActor actor, IEnumerable<string> roles)
    {
        var beyond = roles.Where(r => !MayGrant(actor, r)).Distinct(StringComparer.Ordinal).ToList();
        if (beyond.Count > 0)
        {
            throw new RightsRefusedException("beyond-grant",
                $"Roles {string.Join(", ", beyond)} are granted, taken away or changed only by a SecurityCoordinator.");
        }
    }

    /// <summary>Requested roles as an audit entry keeps them: at most 20, each cut to 40 characters (the input is not trusted).</summary>
    public static IReadOnlyList<string?>? ForAudit(IReadOnlyList<string>? roles) =>
        roles is null ? null : [.. roles.Take(20).Select(r => r is null ? null : Shown(r))];

    // An unknown role is echoed back bounded, so that a huge or odd input does not come back whole.
    private static string Shown(string role) => role.Length <= 40 ? role : role[..40] + "…";
}
