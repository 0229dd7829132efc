using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;

namespace P4Orleans.Api.Finance;

/// <summary>
/// The Chamber's feed about persons (delib. 17/006: changes of function and departures reported without delay). A
/// change applies to the users registry at once: every request is checked against the registry (bearer token, browser
/// session and client certificate alike, no cache in between), so the next request already sees it.
/// </summary>
public static class ChamberPersonsApi
{
    /// <summary>A person takes a function in an office (a bailiff becomes a clerk, or moves to another office).</summary>
    /// <param name="NationalNumber">The person's national register number (in the body, never in the URL).</param>
    /// <param name="Function">Bailiff or Clerk.</param>
    /// <param name="OfficeId">The office they now work in (registered and active).</param>
    public sealed record FunctionChange(string NationalNumber, UserRegistry.BailiffFunction Function, string OfficeId);

    /// <summary>A person leaves the profession.</summary>
    /// <param name="NationalNumber">The person's national register number.</param>
    public sealed record PersonDeparture(string NationalNumber);

    /// <summary>What the Chamber learns back: the account's id, office, roles and status (no name, no number).</summary>
    public sealed record RosterPerson(Guid UserId, string OfficeId, IReadOnlyList<string> Roles, UserStatus Status)
    {
        public static RosterPerson Of(User u) => new(u.Id, u.OrganisationId, u.Roles, u.Status);
    }

    /// <summary>Maps the persons' endpoints on the Chamber's group.</summary>
    public static RouteGroupBuilder MapChamberPersons(this RouteGroupBuilder g)
    {
        g.MapPost("/persons/function", ChangeFunctionAsync).WithName("ChamberFunctionChange")
            .WithSummary("A person's change of function or office: roles and office change at once").Audited("chamber.function-change", "user");
        g.MapPost("/persons/departure", DepartAsync).WithName("ChamberPersonDeparture")
            .WithSummary("A person leaves: their account is revoked at once").Audited("chamber.person-departure", "user");
        return g;
    }

    private static async Task<Ok<RosterPerson>> ChangeFunctionAsync(FunctionChange change, UserRegistry users, IGrainFactory grains, HttpContext http,
        CancellationToken ct)
    {
        var officeId = change.OfficeId?.Trim() ?? "";
        if (officeId.Length == 0)
        {
            throw new ValidationFailedException("officeId", "The office is required.");
        }

        var office = await grains.GetGrain<IBailiffGrain>(officeId).GetAsync();
        if (office.Status != BailiffStatus.Active)
        {
            throw new ConflictException($"Office {officeId} is {office.Status.ToString().ToLowerInvariant()}: nobody takes a function there.");
        }

        var changed = await users.ChangeFunctionAsync(change.NationalNumber, change.Function, officeId, RegistryActor.Of(http), ct)
            ?? throw new NotFoundException("No registered user with this national register number.");
        http.AuditResource($"user/{changed.After.Id}");
        return TypedResults.Ok(RosterPerson.Of(changed.After));
    }

    private static async Task<Ok<RosterPerson>> DepartAsync(PersonDeparture departure, UserRegistry users, HttpContext http, CancellationToken ct)
    {
        var departed = await users.RevokeDepartedAsync(departure.NationalNumber, RegistryActor.Of(http), ct)
            ?? throw new NotFoundException("No registered user with this national register number.");
        http.AuditResource($"user/{departed.After.Id}");
        return TypedResults.Ok(RosterPerson.Of(departed.After));
    }
}
