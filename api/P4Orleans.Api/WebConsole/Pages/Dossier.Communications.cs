using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole.Pages;

// The Operators' communications with the debtor (eBox for an enterprise, registered letter otherwise): send, retry,
// abandon, record an acknowledgement, with the grain commands of /operators/dossiers/{id}/communications.
// A communication's text is up to InputLimits.MessageBodyLength characters: the form takes it even percent-encoded
// (a non-ASCII character is up to 9 characters), far beyond the other console forms' 4 KiB per field.
[RequestFormLimits(ValueCountLimit = 32, KeyLengthLimit = 64, ValueLengthLimit = 80_000, MultipartBodyLengthLimit = 64 * 1024)]
[RequestSizeLimit(96 * 1024)]
public sealed partial class DossierModel
{
    /// <summary>A communication to the debtor: its kind, subject and text (sealed in the dossier, never shown again).</summary>
    public Task<IActionResult> OnPostSendAsync([FromForm] string? kind, [FromForm] string? subject, [FromForm] string? body) =>
        ActAsync("send-communication", Roles.Operator, async d =>
        {
            var request = new CommunicationRequest(Choice<CommunicationKind>(kind, "kind"), Text(subject, "subject", required: true)!,
                Text(body, "body", required: true)!);
            Limits(request);
            await d.SendCommunicationAsync(request);
        });

    /// <summary>A failed communication queued again and attempted at once.</summary>
    public Task<IActionResult> OnPostRetryAsync([FromForm] string? communicationId) =>
        ActAsync("retry-communication", Roles.Operator, async d => await d.RetryCommunicationAsync(Communication(communicationId)));

    /// <summary>A failed or pending communication given up.</summary>
    public Task<IActionResult> OnPostAbandonAsync([FromForm] string? communicationId) =>
        ActAsync("abandon-communication", Roles.Operator, async d => await d.AbandonCommunicationAsync(Communication(communicationId)));

    /// <summary>A delivery or reading, when it happened typed in Brussels time (the postal card's date, the eBox's report).</summary>
    public Task<IActionResult> OnPostAcknowledgeAsync([FromForm] string? communicationId, [FromForm] string? kind, [FromForm] DateTime? at) =>
        ActAsync("acknowledge-communication", Roles.Operator, async d =>
        {
            var id = Communication(communicationId);
            var acknowledgement = new CommunicationAcknowledgement(Choice<AcknowledgementKind>(kind, "kind"), BrusselsInstant(at, "at"));
            Limits(acknowledgement);
            await d.AcknowledgeCommunicationAsync(id, acknowledgement);
        });

    private string Communication(string? communicationId) => Text(communicationId, "communicationId", required: true)!;
}
