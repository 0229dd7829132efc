using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Users;

/// <summary>
/// The users registry for the person the security coordinator designated (UserRegistrar) and for the security
/// coordinator, within what each may grant (<see cref="UserRights"/>); and /me for everyone.
/// </summary>
public static class UsersApi
{
    public sealed record StatusChange(UserStatus Status);

    public sealed record RolesChange(IReadOnlyList<string> Roles);

    public sealed record NationalNumberView(string NationalNumber);

    /// <summary>A system's client certificate to register: PEM or base64 DER (public part only), and how it is recognised.</summary>
    public sealed record CertificateRegistration(string Certificate, CertificateMatch Match = CertificateMatch.Thumbprint);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/users").WithTags("Users").RequireAuthorization(Policies.Registrar);
        group.MapPost("/", CreateAsync).WithName("RegisterUser").WithSummary("Registers a user (from the authentic source)").Audited("users.create", "user");
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Lists users, by organisation").Audited("users.list", "user");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetUser").WithSummary("Reads one user").Audited("users.read", "user");
        group.MapGet("/{id:guid}/national-number", GetNationalNumberAsync).WithName("GetUserNationalNumber")
            .WithSummary("Reads a user's national register number in clear").Audited("users.read-national-number", "user");
        group.MapPut("/{id:guid}/status", SetStatusAsync).WithName("SetUserStatus")
            .WithSummary("Activates, suspends or revokes another user (refused at their next request)").Audited("users.set-status", "user");
        group.MapPost("/{id:guid}/certificates", AddCertificateAsync).WithName("AddUserCertificate")
            .WithSummary("Registers a client certificate (mutual TLS) for a system user of ONSS or the Chamber").Audited("users.add-certificate", "user");
        group.MapPut("/{id:guid}/roles", SetRolesAsync).WithName("SetUserRoles").WithSummary("Replaces another user's roles").Audited("users.set-roles", "user");

        app.MapGet("/me", MeAsync).WithTags("Users").WithName("Me").WithSummary("The registered user behind the token").Audited("me.read", "user");
        return app;
    }

    private static async Task<Created<User>> CreateAsync(NewUser request, UserRegistry registry, HttpContext http, CancellationToken ct)
    {
        // What was asked is on the request's entry, so that a refused attempt shows what it tried to grant.
        http.AuditDetails(JsonSerializer.Serialize(new { requested = new { organisationKind = request.OrganisationKind.ToString(), roles = UserRights.ForAudit(request.Roles) } }));
        var user = await registry.AddAsync(request, RegistryActor.Of(http), ct);
        http.AuditResource(user.Id.ToString());
        return TypedResults.Created($"/admin/users/{user.Id}", user);
    }

    private static async Task<Ok<IReadOnlyList<User>>> ListAsync(UserRegistry registry, OrganisationKind? organisationKind, string? organisationId, CancellationToken ct) =>
        TypedResults.Ok(await registry.ListAsync(organisationKind, organisationId, ct));

    private static async Task<Results<Ok<User>, NotFound>> GetAsync(Guid id, UserRegistry registry, CancellationToken ct) =>
        await registry.FindAsync(id, ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();

    private static async Task<Results<Ok<NationalNumberView>, NotFound>> GetNationalNumberAsync(Guid id, UserRegistry registry, CancellationToken ct) =>
        await registry.NationalNumberAsync(id, ct) is { } nrn ? TypedResults.Ok(new NationalNumberView(nrn)) : TypedResults.NotFound();

    private static async Task<Results<Ok<User>, NotFound>> SetStatusAsync(Guid id, StatusChange change, UserRegistry registry, HttpContext http, CancellationToken ct)
    {
        http.AuditDetails(JsonSerializer.Serialize(new { requested = new { status = change.Status.ToString() } }));
        return await registry.SetStatusAsync(id, change.Status, RegistryActor.Of(http), ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<User>, NotFound>> SetRolesAsync(Guid id, RolesChange change, UserRegistry registry, HttpContext http, CancellationToken ct)
    {
        var roles = change.Roles ?? throw new ValidationFailedException("roles", "Roles are required.");
        http.AuditDetails(JsonSerializer.Serialize(new { requested = new { roles = UserRights.ForAudit(roles) } }));
        return await registry.SetRolesAsync(id, roles, RegistryActor.Of(http), ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();
    }

    private static async Task<Results<Created<UserCertificate>, NotFound>> AddCertificateAsync(Guid id, CertificateRegistration registration,
        UserRegistry registry, HttpContext http, CancellationToken ct)
    {
        var certificate = UserRegistry.ParseCertificate(registration.Certificate);
        http.AuditDetails(JsonSerializer.Serialize(new { requested = new { match = registration.Match.ToString(), thumbprint = UserRegistry.ThumbprintOf(certificate) } }));
        return await registry.AddCertificateAsync(id, certificate, registration.Match, RegistryActor.Of(http), ct) is { } added
            ? TypedResults.Created($"/admin/users/{id}/certificates/{added.Id}", added)
            : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<User>, NotFound>> MeAsync(HttpContext http, UserRegistry registry, CancellationToken ct)
    {
        var id = http.User.UserId();
        if (id is null)
        {
            return TypedResults.NotFound();
        }
        http.AuditResource(id.Value.ToString());
        if (await registry.FindAsync(id.Value, ct) is not { } user)
        {
            return TypedResults.NotFound();
        }
        // The rights in force for this request, not the row: a role that does not fit the organisation is not granted.
        return TypedResults.Ok(user with { Roles = [.. user.Roles.Where(r => OrganisationRoles.Fits(user.OrganisationKind, r))] });
    }
}
