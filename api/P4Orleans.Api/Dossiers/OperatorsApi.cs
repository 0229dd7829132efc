using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Dispatch;

namespace P4Orleans.Api.Dossiers;

/// <summary>The concessionaire's operators: manual dispatch decisions, reassignments, judgments, bailiff offices.</summary>
public static class OperatorsApi
{
    public sealed record Assignment(string OfficeId, string Reason);

    public sealed record Reassignment(string? OfficeId, string Reason);

    public sealed record Capacity(int Value);

    public sealed record OfficeStatus(BailiffStatus Status);

    /// <summary>An office as Operators read it: everything of <see cref="BailiffView"/> but its users' ids, which dispatch does not need.</summary>
    public sealed record OfficeView(
        string OfficeId, string Name, string ChamberNumber, string ArrondissementId, BailiffStatus Status, int Capacity, int Load, double LoadRatio,
        IReadOnlyList<string> OpenDossierIds, BailiffPerformance Performance)
    {
        public static OfficeView Of(BailiffView v) =>
            new(v.OfficeId, v.Name, v.ChamberNumber, v.ArrondissementId, v.Status, v.Capacity, v.Load, v.LoadRatio, v.OpenDossierIds, v.Performance);
    }

    public static IEndpointRouteBuilder MapOperatorsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/operators").WithTags("Operators").RequireAuthorization(Policies.Operators);
        g.MapGet("/manual-decisions", (DossierQueries q, string? after, int? limit, CancellationToken ct) => List(q, DossierStatus.NeedsManualDecision, after, limit, ct))
            .WithName("ManualDecisionQueue").WithSummary("Dossiers waiting for a manual dispatch decision").Audited("dossier.list", "dossier");
        g.MapGet("/dossiers", (DossierQueries q, DossierStatus? status, string? after, int? limit, CancellationToken ct) => List(q, status, after, limit, ct))
            .WithName("OperatorsListDossiers").WithSummary("Dossiers by status (no personal data)").Audited("dossier.list", "dossier");
        g.MapGet("/dossiers/{dossierId}", async (string dossierId, IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<IDossierGrain>(dossierId).GetAsync()))
            .WithName("OperatorsGetDossier").WithSummary("A dossier with its timeline").Audited("dossier.read", "dossier");
        g.MapPost("/dossiers/{dossierId}/assignment", (string dossierId, Assignment a, IGrainFactory grains) =>
            Do(grains, dossierId, async d => await d.AssignByOperatorAsync(await OfficeAsync(grains, a.OfficeId), a.Reason))).WithName("OperatorsAssign")
            .WithSummary("Decides the office of a dossier by hand").Audited("dossier.assign", "dossier");
        g.MapPost("/dossiers/{dossierId}/reassignment", (string dossierId, Reassignment r, IGrainFactory grains) =>
            Do(grains, dossierId, async d => await d.ReassignAsync(r.OfficeId is null ? null : await OfficeAsync(grains, r.OfficeId), r.Reason)))
            .WithName("OperatorsReassign")
            .WithSummary("Takes a dossier from its office: to another one, or back to dispatch").Audited("dossier.reassign", "dossier");
        g.MapPost("/dossiers/{dossierId}/judgment", (string dossierId, JudgmentReport j, IGrainFactory grains) =>
            Do(grains, dossierId, d => d.RecordJudgmentAsync(j))).WithName("OperatorsRecordJudgment")
            .WithSummary("Records the labour court's judgment on an opposition").Audited("dossier.record-judgment", "dossier");
        g.MapPost("/dispatch", (DispatchService dispatcher) =>
        {
            dispatcher.Wake.Set();
            return TypedResults.Accepted("/operators/manual-decisions");
        }).WithName("WakeDispatcher").WithSummary("Asks the silo nodes' dispatcher to run now");

        g.MapGet("/bailiffs", async (DossierQueries q, IGrainFactory grains, CancellationToken ct) =>
        {
            var views = await Task.WhenAll((await q.OfficeIdsAsync(ct)).Select(id => grains.GetGrain<IBailiffGrain>(id).GetAsync()));
            return TypedResults.Ok(views.Select(OfficeView.Of).ToList());
        }).WithName("ListBailiffOffices").WithSummary("Bailiff offices with load, capacity and performance");
        g.MapGet("/bailiffs/{officeId}", async (string officeId, IGrainFactory grains) => TypedResults.Ok(OfficeView.Of(await grains.GetGrain<IBailiffGrain>(officeId).GetAsync())))
            .WithName("GetBailiffOffice").WithSummary("One bailiff office");
        g.MapPut("/bailiffs/{officeId}", async (string officeId, BailiffRegistration registration, IGrainFactory grains) =>
        {
            var office = grains.GetGrain<IBailiffGrain>(officeId);
            await office.RegisterAsync(registration);
            return TypedResults.Ok(OfficeView.Of(await office.GetAsync()));
        }).WithName("RegisterBailiffOffice").WithSummary("Registers or updates a bailiff office");
        g.MapPut("/bailiffs/{officeId}/capacity", async (string officeId, Capacity c, IGrainFactory grains) =>
        {
            var office = grains.GetGrain<IBailiffGrain>(officeId);
            await office.SetCapacityAsync(c.Value);
            return TypedResults.Ok(OfficeView.Of(await office.GetAsync()));
        }).WithName("SetBailiffCapacity").WithSummary("Sets how many open dossiers the office takes");
        g.MapPut("/bailiffs/{officeId}/status", async (string officeId, OfficeStatus s, IGrainFactory grains) =>
        {
            var office = grains.GetGrain<IBailiffGrain>(officeId);
            await office.SetStatusAsync(s.Status);
            return TypedResults.Ok(OfficeView.Of(await office.GetAsync()));
        }).WithName("SetBailiffStatus").WithSummary("Active, suspended or departed (open dossiers are then reassigned)");
        return app;
    }

    private static async Task<Ok<DossierPage>> List(DossierQueries queries, DossierStatus? status, string? after, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(status, null, after, DossierHttp.Limit(limit), ct));

    /// <summary>
    /// The office an Operator names, read from the office grain (a read: an unknown id answers 404 and creates
    /// nothing). The dossier then judges its status and arrondissement (409 when it may not take the dossier).
    /// </summary>
    private static async Task<OfficeFacts> OfficeAsync(IGrainFactory grains, string? officeId)
    {
        if (string.IsNullOrWhiteSpace(officeId))
        {
            throw new DossierValidationException("officeId", "The office is required.");
        }

        var office = await grains.GetGrain<IBailiffGrain>(officeId).GetAsync();
        return new OfficeFacts(office.OfficeId, office.ArrondissementId, office.Status);
    }

    private static async Task<Ok<DossierView>> Do(IGrainFactory grains, string dossierId, Func<IDossierGrain, Task> command)
    {
        var dossier = grains.GetGrain<IDossierGrain>(dossierId);
        await dossier.GetSummaryAsync();
        await command(dossier);
        return TypedResults.Ok(await dossier.GetAsync());
    }
}
