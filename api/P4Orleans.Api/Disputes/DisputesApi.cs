using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;

namespace P4Orleans.Api.Disputes;

/// <summary>
/// Disputes of a dossier (art. 40 §8): ONSS and the assigned office raise amicable disputes; Operators assign and
/// decide them and record the judicial disputes besides the opposition, their hearings and decisions. Every
/// operation is audited (they all touch a dossier's personal data); the views that answer show the disputes.
/// </summary>
public static class DisputesApi
{
    /// <summary>The dispute created and the dossier as the caller reads it.</summary>
    public sealed record DisputeRecorded<TView>(string DisputeId, TView Dossier);

    /// <summary>Who takes charge of an amicable dispute: another active Operator, or the caller when null.</summary>
    public sealed record DisputeAssignment(Guid? OperatorId);

    public static IEndpointRouteBuilder MapDisputesApi(this IEndpointRouteBuilder app)
    {
        var onss = app.MapGroup("/onss/dossiers/{dossierId}/disputes").WithTags("ONSS").RequireAuthorization(p => p.RequireRole(Roles.OnssAgent));
        onss.MapPost("", OnssRaiseAsync).WithName("OnssRaiseDispute")
            .WithSummary("Records an amicable dispute raised with ONSS by the debtor or a third party").Audited("dossier.raise-dispute", "dossier");
        onss.MapPost("/execution-resumption", (string dossierId, IGrainFactory grains) => OnssDo(grains, dossierId, d => d.ResumeExecutionAfterDisputeAsync()))
            .WithName("OnssResumeAfterDispute").WithSummary("Confirms the claim after a dispute suspended execution: execution resumes")
            .Audited("dossier.resume-after-dispute", "dossier");

        var office = app.MapGroup("/bailiff/dossiers/{dossierId}/disputes").WithTags("Bailiffs").RequireAuthorization(p => p
            .RequireRole(Roles.Bailiff, Roles.BailiffClerk)
            .RequireClaim(PlatformClaims.OrganisationKind, nameof(OrganisationKind.BailiffOffice)));
        office.MapPost("", OfficeRaiseAsync).WithName("BailiffRaiseDispute")
            .WithSummary("Records an amicable dispute raised with the office by the debtor or a third party").Audited("dossier.raise-dispute", "dossier");

        var ops = app.MapGroup("/operators/dossiers/{dossierId}").WithTags("Operators").RequireAuthorization(Policies.Operators);
        ops.MapPost("/disputes/{disputeId}/assignment", AssignAsync).WithName("OperatorsAssignDispute")
            .WithSummary("Takes charge of an amicable dispute (the caller, or another active Operator)").Audited("dossier.assign-dispute", "dossier");
        ops.MapPost("/disputes/{disputeId}/decision", (string dossierId, string disputeId, AmicableDisputeDecision decision, IGrainFactory grains) =>
                OperatorsDo(grains, dossierId, d => d.DecideDisputeAsync(disputeId, decision)))
            .WithName("OperatorsDecideDispute").WithSummary("Decides an amicable dispute: upheld, rejected, amount corrected or transferred to ONSS")
            .Audited("dossier.decide-dispute", "dossier");
        ops.MapPost("/judicial-disputes", RecordJudicialAsync).WithName("OperatorsRecordJudicialDispute")
            .WithSummary("Records a third party's claim on seized goods, a dispute before the attachment judge or an appeal")
            .Audited("dossier.record-judicial-dispute", "dossier");
        ops.MapPost("/judicial-disputes/{disputeId}/hearings", (string dossierId, string disputeId, HearingReport hearing, IGrainFactory grains) =>
                OperatorsDo(grains, dossierId, d => d.RecordHearingAsync(disputeId, hearing)))
            .WithName("OperatorsRecordHearing").WithSummary("Records a hearing fixed or moved in a judicial dispute").Audited("dossier.record-hearing", "dossier");
        ops.MapPost("/judicial-disputes/{disputeId}/decision", (string dossierId, string disputeId, JudicialDisputeDecision decision, IGrainFactory grains) =>
                OperatorsDo(grains, dossierId, d => d.DecideJudicialDisputeAsync(disputeId, decision)))
            .WithName("OperatorsDecideJudicialDispute").WithSummary("Records the court's decision in a judicial dispute, with its effect on execution")
            .Audited("dossier.decide-judicial-dispute", "dossier");
        return app;
    }

    private static async Task<Ok<DisputeRecorded<OnssDossierView>>> OnssRaiseAsync(string dossierId, AmicableDisputeReport report, IGrainFactory grains)
    {
        var dossier = await ExistingAsync(grains, dossierId);
        var id = await dossier.RaiseDisputeAsync(null, report);
        return TypedResults.Ok(new DisputeRecorded<OnssDossierView>(id, await dossier.GetForOnssAsync()));
    }

    private static async Task<Ok<DisputeRecorded<BailiffDossierView>>> OfficeRaiseAsync(string dossierId, AmicableDisputeReport report, HttpContext http,
        IGrainFactory grains)
    {
        var (dossier, officeId) = await BailiffApi.OwnedAsync(http, grains, dossierId);
        var id = await dossier.RaiseDisputeAsync(officeId, report);
        return TypedResults.Ok(new DisputeRecorded<BailiffDossierView>(id, await dossier.GetForOfficeAsync(officeId)));
    }

    private static async Task<Ok<DossierView>> AssignAsync(string dossierId, string disputeId, DisputeAssignment? assignment, HttpContext http,
        IGrainFactory grains, UserRegistry users, CancellationToken ct)
    {
        var operatorId = assignment?.OperatorId ?? http.User.UserId() ?? throw new DossierValidationException("operatorId", "The Operator is required.");
        if (assignment?.OperatorId is { } other && other != http.User.UserId())
        {
            // Only a registered, active Operator of the concessionaire takes a dispute.
            var user = await users.FindAsync(other, ct);
            if (user is not { Status: UserStatus.Active, OrganisationKind: OrganisationKind.Concessionaire } || !user.Roles.Contains(Roles.Operator))
            {
                throw new DossierValidationException("operatorId", "No active Operator with this id.");
            }
        }

        return await OperatorsDo(grains, dossierId, d => d.AssignDisputeAsync(disputeId, operatorId));
    }

    private static async Task<Ok<DisputeRecorded<DossierView>>> RecordJudicialAsync(string dossierId, JudicialDisputeReport report, IGrainFactory grains)
    {
        var dossier = await ExistingAsync(grains, dossierId);
        var id = await dossier.RecordJudicialDisputeAsync(report);
        return TypedResults.Ok(new DisputeRecorded<DossierView>(id, await dossier.GetAsync()));
    }

    /// <summary>The dossier, read first so that an unknown id answers 404 and writes nothing.</summary>
    private static async Task<IDossierGrain> ExistingAsync(IGrainFactory grains, string dossierId)
    {
        var dossier = grains.GetGrain<IDossierGrain>(dossierId);
        await dossier.GetSummaryAsync();
        return dossier;
    }

    private static async Task<Ok<OnssDossierView>> OnssDo(IGrainFactory grains, string dossierId, Func<IDossierGrain, Task> command)
    {
        var dossier = await ExistingAsync(grains, dossierId);
        await command(dossier);
        return TypedResults.Ok(await dossier.GetForOnssAsync());
    }

    private static async Task<Ok<DossierView>> OperatorsDo(IGrainFactory grains, string dossierId, Func<IDossierGrain, Task> command)
    {
        var dossier = await ExistingAsync(grains, dossierId);
        await command(dossier);
        return TypedResults.Ok(await dossier.GetAsync());
    }
}
