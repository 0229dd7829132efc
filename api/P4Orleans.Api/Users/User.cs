namespace P4Orleans.Api.Users;

/// <summary>The organisation a user belongs to.</summary>
public enum OrganisationKind
{
    Onss,
    Concessionaire,
    BailiffOffice,
    Chamber,
}

/// <summary>Whether a user may use the platform.</summary>
public enum UserStatus
{
    Active,
    Suspended,
    Revoked,
}

/// <summary>A registered user, as the registry returns it (the national register number only on request, masked or in full).</summary>
public sealed record User(
    Guid Id,
    string Name,
    OrganisationKind OrganisationKind,
    string OrganisationId,
    IReadOnlyList<string> Roles,
    UserStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A request to register a user.</summary>
public sealed record NewUser(string NationalNumber, string Name, OrganisationKind OrganisationKind, string OrganisationId, IReadOnlyList<string> Roles);
