using P4Orleans.Api.Users;

namespace P4Orleans.Api.Security;

/// <summary>
/// Which roles fit which kind of organisation: the one table checked at registration, at every role change
/// and again at every request (a role that does not fit is never granted, whatever the token or the row says).
/// </summary>
public static class OrganisationRoles
{
    /// <summary>
    /// ONSS hands over titles and follows them; the concessionaire runs the platform, its security and its users
    /// (deliberation 17/006 §16: users are registered by a person the security coordinator designates, and only the
    /// concessionaire's staff reach personal data); a bailiff office works its own dossiers; the Chamber feeds the roster.
    /// </summary>
    public static IReadOnlyDictionary<OrganisationKind, IReadOnlySet<string>> Table { get; } = new Dictionary<OrganisationKind, IReadOnlySet<string>>
    {
        [OrganisationKind.Onss] = new HashSet<string>(StringComparer.Ordinal) { Roles.OnssAgent },
        [OrganisationKind.Concessionaire] = new HashSet<string>(StringComparer.Ordinal)
        {
            Roles.Operator, Roles.SecurityCoordinator, Roles.DataProtectionManager, Roles.UserRegistrar, Roles.Ops,
        },
        [OrganisationKind.BailiffOffice] = new HashSet<string>(StringComparer.Ordinal) { Roles.Bailiff, Roles.BailiffClerk },
        [OrganisationKind.Chamber] = new HashSet<string>(StringComparer.Ordinal) { Roles.ChamberFeed },
    };

    /// <summary>Whether <paramref name="role"/> may be held in an organisation of this kind (an unknown role fits nowhere).</summary>
    public static bool Fits(OrganisationKind kind, string role) => Table.TryGetValue(kind, out var roles) && roles.Contains(role);

    /// <summary>The roles of <paramref name="roles"/> that do not fit the organisation kind, in order, without repeats.</summary>
    public static IReadOnlyList<string> Misfits(OrganisationKind kind, IEnumerable<string> roles) =>
        [.. roles.Where(r => !Fits(kind, r)).Distinct(StringComparer.Ordinal)];
}
