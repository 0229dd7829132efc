using System.Security.Claims;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.WebConsole;

/// <summary>An entry of the console's navigation: its page, its text key, and the roles that see it.</summary>
public sealed record ConsoleNavItem(string Path, string TextKey, string Id, IReadOnlyList<string> Roles);

/// <summary>
/// The console's navigation, one line a page. A new page (a report, say) is a Razor page under <c>WebConsole/Pages</c>
/// with its policy and <see cref="ConsoleAuditedAttribute"/>, one line here and its title in <see cref="ConsoleCatalogue"/>.
/// The menu shows a user only the pages their roles open (the page's policy still decides).
/// </summary>
public static class ConsoleNav
{
    public static IReadOnlyList<ConsoleNavItem> Items { get; } =
    [
        new("/console", "nav.home", "home", [Roles.Operator, Roles.OnssAgent, Roles.Ops, Roles.SecurityCoordinator, Roles.DataProtectionManager,
            Roles.UserRegistrar, Roles.Bailiff, Roles.BailiffClerk, Roles.ChamberFeed]),
        new("/console/dossiers", "nav.dossiers", "dossiers", [Roles.Operator, Roles.OnssAgent]),
        new("/console/decisions", "nav.decisions", "decisions", [Roles.Operator]),
        new("/console/offices", "nav.offices", "offices", [Roles.Operator]),
        new("/console/remittances", "nav.remittances", "remittances", [Roles.Operator]),
        new("/console/intake", "nav.intake", "intake", [Roles.Operator, Roles.Ops]),
        new("/console/office", "nav.office", "office", [Roles.Bailiff, Roles.BailiffClerk]),
        new("/console/office/remittances", "nav.statement", "statement", [Roles.Bailiff]),
        new("/console/ops", "nav.ops", "ops", [Roles.Ops]),
        new("/console/audit", "nav.audit", "audit", [Roles.SecurityCoordinator, Roles.DataProtectionManager]),
        new("/console/security/anomalies", "nav.anomalies", "anomalies", [Roles.SecurityCoordinator, Roles.DataProtectionManager]),
        new("/console/security/infractions", "nav.infractions", "infractions", [Roles.SecurityCoordinator, Roles.DataProtectionManager]),
        new("/console/security/retention", "nav.retention", "retention", [Roles.SecurityCoordinator, Roles.DataProtectionManager]),
        new("/console/security/yearly", "nav.yearly", "yearly", [Roles.SecurityCoordinator, Roles.DataProtectionManager]),
    ];

    /// <summary>The entries the user's roles open.</summary>
    public static IEnumerable<ConsoleNavItem> For(ClaimsPrincipal user) => Items.Where(i => i.Roles.Any(user.IsInRole));
}
