using P4Orleans.Contracts;

namespace P4Orleans.Domain.Orleans;

// The dossier's communications: each command a turn; a queued or retried one is attempted at once by a wake.
public sealed partial class DossierGrain
{
    public async Task<CommunicationView> SendCommunicationAsync(CommunicationRequest request)
    {
        var id = await WriteAsync(m => m.CreateCommunicationAsync(request));
        await WakeAsync();
        return await ReadAsync(m => m.GetCommunicationAsync(id));
    }

    public Task<CommunicationView> AcknowledgeCommunicationAsync(string communicationId, CommunicationAcknowledgement acknowledgement) =>
        WriteAsync(m => m.AcknowledgeCommunicationAsync(communicationId, acknowledgement));

    public async Task<CommunicationView> RetryCommunicationAsync(string communicationId)
    {
        await WriteAsync(m => m.RetryCommunicationAsync(communicationId));
        await WakeAsync();
        return await ReadAsync(m => m.GetCommunicationAsync(communicationId));
    }

    public Task<CommunicationView> AbandonCommunicationAsync(string communicationId) =>
        WriteAsync(m => m.AbandonCommunicationAsync(communicationId));

    public Task<IReadOnlyList<CommunicationView>> GetCommunicationsAsync() => ReadAsync(m => m.GetCommunicationsAsync());
}
