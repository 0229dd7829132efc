using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;

namespace P4Orleans.Api.Dossiers;

/// <summary>
/// The National Chamber of Bailiffs' feed (role ChamberFeed): arrivals and changes of offices, and
/// departures, reported without delay so that no one keeps access they should not have: a departed
/// office's users are suspended at once and its open dossiers go back to dispatch.
/// </summary>
public static class ChamberApi
{
    /// <summary>What the Chamber needs back of an office: its roster entry, not its dossiers, load or users (minimisation).</summary>
    public sealed record RosterOffice(string OfficeId, string Name, string ChamberNumber, string ArrondissementId, BailiffStatus Status, int Capacity)
    {
        public static RosterOffice Of(BailiffView v) => new(v.OfficeId, v.Name, v.ChamberNumber, v.ArrondissementId, v.Status, v.Capacity);
    }

    public sealed record DepartureOutcome(RosterOffice Office, int UsersSuspended);

    public static IEndpointRouteBuilder MapChamberApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/chamber").WithTags("Chamber").RequireAuthorization(p => p.RequireRole(Roles.ChamberFeed));
        g.MapPut("/offices/{officeId}", async (string officeId, BailiffRegistration registration, IGrainFactory grains) =>
        {
            var office = grains.GetGrain<IBailiffGrain>(officeId);
            await office.RegisterAsync(registration);
            return TypedResults.Ok(RosterOffice.Of(await office.GetAsync()));
        }).WithName("ChamberRegisterOffice").WithSummary("An office arrives or changes (name, arrondissement, capacity)")
            .Audited("chamber.office-update", "bailiff-office");
        g.MapPost("/offices/{officeId}/departure", DepartAsync).WithName("ChamberOfficeDeparture")
            .WithSummary("An office leaves: its users are suspended and its open dossiers reassigned").Audited("chamber.office-departure", "bailiff-office");
        Finance.ChamberPersonsApi.MapChamberPersons(g);
        return app;
    }

    private static async Task<Ok<DepartureOutcome>> DepartAsync(string officeId, IGrainFactory grains, UserRegistry users, HttpContext http,
        CancellationToken ct)
    {
        var office = grains.GetGrain<IBailiffGrain>(officeId);
        await office.SetStatusAsync(BailiffStatus.Departed);
        // Each suspension is audited with the Chamber's user as the actor, before and after.
        var suspended = await users.SuspendOrganisationAsync(OrganisationKind.BailiffOffice, officeId, RegistryActor.Of(http), ct);
        return TypedResults.Ok(new DepartureOutcome(RosterOffice.Of(await office.GetAsync()), suspended));
    }
}
