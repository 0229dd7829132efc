using Microsoft.Extensions.Logging;
using P4Orleans.Contracts;

namespace P4Orleans.Domain.Orleans;

// The dossier's communications: each command a turn; a queued or retried one is attempted at once by a wake.
public sealed partial class DossierGrain
{
    private bool _delivering;

    public async Task<CommunicationView> SendCommunicationAsync(CommunicationRequest request)
    {
        var id = await WriteAsync(m => m.CreateCommunicationAsync(request));
        return await ReadAsync(m => m.GetCommunicationAsync(id));
    }

    public Task<CommunicationView> AcknowledgeCommunicationAsync(string communicationId, CommunicationAcknowledgement acknowledgement) =>
        WriteAsync(m => m.AcknowledgeCommunicationAsync(communicationId, acknowledgement));

    public async Task<CommunicationView> RetryCommunicationAsync(string communicationId)
    {
        await WriteAsync(m => m.RetryCommunicationAsync(communicationId));
        return await ReadAsync(m => m.GetCommunicationAsync(communicationId));
    }

    public Task<CommunicationView> AbandonCommunicationAsync(string communicationId) =>
        WriteAsync(m => m.AbandonCommunicationAsync(communicationId));

    public Task<IReadOnlyList<CommunicationView>> GetCommunicationsAsync() => ReadAsync(m => m.GetCommunicationsAsync());

    /// <summary>
    /// After a turn that queued a communication (an Operator's, or a notice of the procedure), its first attempt is
    /// made before the call returns, in a turn of its own: the caller sees it sent or failed, and nothing changes
    /// behind it later. A failure here leaves the wake-up due: the reminder or the catch-up makes the attempt.
    /// </summary>
    private async Task DeliverDueCommunicationsAsync()
    {
        var now = Time.GetUtcNow();
        if (_delivering || !State.WakeUps.Any(w => w.Value <= now && w.Key.StartsWith(DossierModel.CommunicationWakePrefix, StringComparison.Ordinal)))
        {
            return;
        }

        _delivering = true;
        try
        {
            await WakeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("Dossier communication not attempted at once ({Error}); its wake-up stays due", e.GetType().Name);
        }
        finally
        {
            _delivering = false;
        }
    }
}
