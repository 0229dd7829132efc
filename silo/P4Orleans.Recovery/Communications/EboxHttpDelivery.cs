using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using P4Orleans.Domain;

namespace P4Orleans.Recovery.Communications;

/// <summary>
/// The eBox adapter: POSTs each message to <c>{Endpoint}/messages</c> with the platform's credential as a bearer token
/// and the communication as <c>Idempotency-Key</c> (an attempt repeated after a lost answer is one message).
/// 2xx and 409 (already received) are sent; 400, 404, 413 and 422 are refusals no retry can mend; anything else
/// (5xx, 408, 429, 401/403 while credentials are being fixed, timeouts, network errors) is retried with back-off.
/// Neither the credential, nor the recipient, nor the text is ever logged.
/// </summary>
public sealed class EboxHttpDelivery(IHttpClientFactory clients, DeliveryAdapterOptions options, ILogger<EboxHttpDelivery> logger) : ICommunicationDelivery
{
    /// <summary>The named client of the adapter.</summary>
    public const string ClientName = "p4-ebox";

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var endpoint = options.Ebox.Endpoint ?? throw new InvalidOperationException("No eBox endpoint is configured.");
        if (message.Recipient.EnterpriseNumber is not { } enterprise)
        {
            return DeliveryResult.Refused("no-enterprise-number");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/messages"));
        if (!string.IsNullOrEmpty(options.Ebox.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Ebox.ApiKey);
        }

        request.Headers.Add("Idempotency-Key", $"{message.DossierId}:{message.CommunicationId}");
        request.Content = JsonContent.Create(new
        {
            messageId = $"{message.DossierId}:{message.CommunicationId}",
            enterpriseNumber = enterprise,
            reference = message.Reference,
            kind = message.Kind.ToString(),
            subject = message.Subject,
            body = message.Body,
            attempt = message.Attempt,
        });
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict)
            {
                return DeliveryResult.Sent;
            }

            logger.LogWarning("eBox refused communication {CommunicationId} of dossier {DossierId} with {Status}", message.CommunicationId, message.DossierId, status);
            return status is 400 or 404 or 413 or 422 ? DeliveryResult.Refused($"http-{status}") : DeliveryResult.Transient($"http-{status}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("eBox did not answer for communication {CommunicationId} of dossier {DossierId} in time", message.CommunicationId, message.DossierId);
            return DeliveryResult.Transient("timeout");
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("eBox unreachable for communication {CommunicationId} of dossier {DossierId} ({Error})", message.CommunicationId, message.DossierId, e.HttpRequestError);
            return DeliveryResult.Transient("network");
        }
    }
}
