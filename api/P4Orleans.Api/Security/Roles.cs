namespace P4Orleans.Api.Security;

/// <summary>The roles a registered user may hold.</summary>
public static class Roles
{
    public const string OnssAgent = nameof(OnssAgent);
    public const string Operator = nameof(Operator);
    public const string Bailiff = nameof(Bailiff);
    public const string BailiffClerk = nameof(BailiffClerk);
    public const string ChamberFeed = nameof(ChamberFeed);
    public const string SecurityCoordinator = nameof(SecurityCoordinator);
    public const string DataProtectionManager = nameof(DataProtectionManager);
    public const string UserRegistrar = nameof(UserRegistrar);
    public const string Ops = nameof(Ops);

    public static IReadOnlyList<string> All { get; } =
        [OnssAgent, Operator, Bailiff, BailiffClerk, ChamberFeed, SecurityCoordinator, DataProtectionManager, UserRegistrar, Ops];
}

/// <summary>Authorisation policies by audience.</summary>
public static class Policies
{
    public const string Registrar = "registrar";
    public const string AuditReader = "audit-reader";
    public const string Operators = "operators";
    /// <summary>Role Ops only: the Orleans Dashboard (<c>.RequireAuthorization("Ops")</c>) and the console's ops pages.</summary>
    public const string Ops = "Ops";

    /// <summary>Who watches the nodes (<c>/ops/nodes</c>): Ops and Operators.</summary>
    public const string NodeWatchers = "node-watchers";
}

/// <summary>The claims the gateway puts on an authenticated request (from the users registry, not from the token).</summary>
public static class PlatformClaims
{
    public const string UserId = "p4:uid";
    public const string OrganisationKind = "p4:org-kind";
    public const string OrganisationId = "p4:org";
}
