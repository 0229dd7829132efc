using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Users;

/// <summary>The users registry for the person the security coordinator designated (UserRegistrar), and /me for everyone.</summary>
public static class UsersApi
{
    public sealed record StatusChange(UserStatus Status);

    public sealed record RolesChange(IReadOnlyList<string> Roles);

    public sealed record NationalNumberView(string NationalNumber);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/users").WithTags("Users").RequireAuthorization(Policies.Registrar);
        group.MapPost("/", CreateAsync).WithName("RegisterUser").WithSummary("Registers a user (from the authentic source)").Audited("users.create", "user");
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Lists users, by organisation").Audited("users.list", "user");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetUser").WithSummary("Reads one user").Audited("users.read", "user");
        group.MapGet("/{id:guid}/national-number", GetNationalNumberAsync).WithName("GetUserNationalNumber")
            .WithSummary("Reads a user's national register number in clear").Audited("users.read-national-number", "user");
        group.MapPut("/{id:guid}/status", SetStatusAsync).WithName("SetUserStatus")
            .WithSummary("Activates, suspends or revokes a user (refused at their next request)").Audited("users.set-status", "user");
        group.MapPut("/{id:guid}/roles", SetRolesAsync).WithName("SetUserRoles").WithSummary("Replaces a user's roles").Audited("users.set-roles", "user");

        app.MapGet("/me", MeAsync).WithTags("Users").WithName("Me").WithSummary("The registered user behind the token").Audited("me.read", "user");
        return app;
    }

    private static async Task<Created<User>> CreateAsync(NewUser request, UserRegistry registry, HttpContext http, CancellationToken ct)
    {
        var user = await registry.AddAsync(request, ct);
        http.AuditResource(user.Id.ToString());
        return TypedResults.Created($"/admin/users/{user.Id}", user);
    }

    private static async Task<Ok<IReadOnlyList<User>>> ListAsync(UserRegistry registry, OrganisationKind? organisationKind, string? organisationId, CancellationToken ct) =>
        TypedResults.Ok(await registry.ListAsync(organisationKind, organisationId, ct));

    private static async Task<Results<Ok<User>, NotFound>> GetAsync(Guid id, UserRegistry registry, CancellationToken ct) =>
        await registry.FindAsync(id, ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();

    private static async Task<Results<Ok<NationalNumberView>, NotFound>> GetNationalNumberAsync(Guid id, UserRegistry registry, CancellationToken ct) =>
        await registry.NationalNumberAsync(id, ct) is { } nrn ? TypedResults.Ok(new NationalNumberView(nrn)) : TypedResults.NotFound();

    private static async Task<Results<Ok<User>, NotFound>> SetStatusAsync(Guid id, StatusChange change, UserRegistry registry, CancellationToken ct) =>
        await registry.SetStatusAsync(id, change.Status, ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();

    private static async Task<Results<Ok<User>, NotFound>> SetRolesAsync(Guid id, RolesChange change, UserRegistry registry, CancellationToken ct) =>
        await registry.SetRolesAsync(id, change.Roles ?? throw new ValidationFailedException("roles", "Roles are required."), ct) is { } user
            ? TypedResults.Ok(user)
            : TypedResults.NotFound();

    private static async Task<Results<Ok<User>, NotFound>> MeAsync(HttpContext http, UserRegistry registry, CancellationToken ct)
    {
        var id = http.User.UserId();
        if (id is null)
        {
            return TypedResults.NotFound();
        }
        http.AuditResource(id.Value.ToString());
        return await registry.FindAsync(id.Value, ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound();
    }
}
