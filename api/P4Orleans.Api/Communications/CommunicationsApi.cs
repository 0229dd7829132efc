using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;

namespace P4Orleans.Api.Communications;

/// <summary>
/// A dossier's communications with the debtor (eBox for an enterprise, registered letter otherwise): Operators list,
/// create, retry and abandon them and record acknowledgements (the postal card, or the eBox provider's callback
/// through an Operator system account); ONSS lists them. Every endpoint is audited: a communication is personal data
/// of the dossier even though the answers carry only its delivery facts.
/// </summary>
public static class CommunicationsApi
{
    public static IEndpointRouteBuilder MapCommunicationsApi(this IEndpointRouteBuilder app)
    {
        var operators = app.MapGroup("/operators/dossiers/{dossierId}/communications").WithTags("Operators").RequireAuthorization(Policies.Operators);
        operators.MapGet("", ListAsync).WithName("OperatorsListCommunications")
            .WithSummary("A dossier's communications, newest first (delivery facts, no content)").Audited("dossier.communications.list", "dossier");
        operators.MapPost("", CreateAsync).WithName("OperatorsSendCommunication")
            .WithSummary("Queues a communication to the debtor and attempts it at once (eBox for an enterprise, registered letter otherwise)")
            .Audited("dossier.communication.send", "dossier");
        operators.MapPost("/{communicationId}/acknowledgements", (string dossierId, string communicationId, CommunicationAcknowledgement ack, IGrainFactory grains) =>
                Do(grains, dossierId, d => d.AcknowledgeCommunicationAsync(communicationId, ack)))
            .WithName("OperatorsAcknowledgeCommunication")
            .WithSummary("Records a delivery or a reading (idempotent); deadlines run from it (art. 53bis, eBox rule)")
            .Audited("dossier.communication.acknowledge", "dossier");
        operators.MapPost("/{communicationId}/retry", (string dossierId, string communicationId, IGrainFactory grains) =>
                Do(grains, dossierId, d => d.RetryCommunicationAsync(communicationId)))
            .WithName("OperatorsRetryCommunication").WithSummary("Queues a failed communication again and attempts it at once")
            .Audited("dossier.communication.retry", "dossier");
        operators.MapPost("/{communicationId}/abandon", (string dossierId, string communicationId, IGrainFactory grains) =>
                Do(grains, dossierId, d => d.AbandonCommunicationAsync(communicationId)))
            .WithName("OperatorsAbandonCommunication").WithSummary("Gives up a failed or pending communication")
            .Audited("dossier.communication.abandon", "dossier");

        var onss = app.MapGroup("/onss/dossiers/{dossierId}/communications").WithTags("ONSS").RequireAuthorization(p => p.RequireRole(Roles.OnssAgent));
        onss.MapGet("", ListAsync).WithName("OnssListCommunications")
            .WithSummary("A dossier's communications, newest first (delivery facts, no content)").Audited("dossier.communications.list", "dossier");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<CommunicationView>>> ListAsync(string dossierId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDossierGrain>(dossierId).GetCommunicationsAsync());

    private static async Task<Created<CommunicationView>> CreateAsync(string dossierId, CommunicationRequest request, IGrainFactory grains)
    {
        var dossier = grains.GetGrain<IDossierGrain>(dossierId);
        // A read first: an unknown dossier answers 404 without a row being written for it.
        await dossier.GetSummaryAsync();
        var view = await dossier.SendCommunicationAsync(request);
        return TypedResults.Created($"/operators/dossiers/{dossierId}/communications/{view.CommunicationId}", view);
    }

    private static async Task<Ok<CommunicationView>> Do(IGrainFactory grains, string dossierId, Func<IDossierGrain, Task<CommunicationView>> command)
    {
        var dossier = grains.GetGrain<IDossierGrain>(dossierId);
        await dossier.GetSummaryAsync();
        return TypedResults.Ok(await command(dossier));
    }
}
