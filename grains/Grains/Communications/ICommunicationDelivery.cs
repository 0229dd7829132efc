using P4Orleans.Contracts;

namespace P4Orleans.Domain;

/// <summary>
/// Hands a communication to its channel (the eBox, or the postal service for registered letters). Called inside the
/// dossier's turn: an attempt whose turn is then not written is attempted again with the same
/// <see cref="OutgoingMessage.CommunicationId"/>, so an adapter treats that id as an idempotency key.
/// Implementations never log the recipient, the text or their credentials.
/// </summary>
public interface ICommunicationDelivery
{
    /// <summary>Sends <paramref name="message"/>; a failure is a result, not an exception (an exception counts as a transient failure).</summary>
    Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>A communication as its channel receives it (personal data: never logged).</summary>
/// <param name="DossierId">The dossier.</param>
/// <param name="CommunicationId">Its id in the dossier (idempotency key).</param>
/// <param name="Reference">ONSS's reference of the title.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Channel">eBox or registered letter.</param>
/// <param name="Recipient">Who and where.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Body">Text.</param>
/// <param name="Attempt">1 for the first attempt.</param>
public sealed record OutgoingMessage(string DossierId, string CommunicationId, string Reference, CommunicationKind Kind, NoticeChannel Channel,
    Recipient Recipient, string Subject, string Body, int Attempt)
{
    // Personal data: a record prints only its type.
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>What the channel answered.</summary>
/// <param name="Accepted">True when the channel took the message.</param>
/// <param name="Error">A short code for a failure (<c>http-503</c>, <c>timeout</c>): never the channel's text.</param>
/// <param name="Permanent">True when trying again cannot help (the channel refused the message itself).</param>
public sealed record DeliveryResult(bool Accepted, string? Error = null, bool Permanent = false)
{
    /// <summary>Taken.</summary>
    public static DeliveryResult Sent { get; } = new(true);

    /// <summary>Not taken; worth another attempt.</summary>
    public static DeliveryResult Transient(string error) => new(false, error);

    /// <summary>Refused for good.</summary>
    public static DeliveryResult Refused(string error) => new(false, error, Permanent: true);
}

/// <summary>What the dossier model needs to deliver its communications.</summary>
/// <param name="Delivery">The channel adapter.</param>
/// <param name="Options">Retry and size bounds.</param>
public sealed record CommunicationServices(ICommunicationDelivery Delivery, CommunicationOptions Options)
{
    /// <summary>No adapter: every attempt fails (a model built without one, in tests that do not deliver).</summary>
    public static CommunicationServices Unconfigured { get; } = new(new NoDelivery(), new CommunicationOptions());

    private sealed class NoDelivery : ICommunicationDelivery
    {
        public Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
            Task.FromResult(DeliveryResult.Transient("no-adapter"));
    }
}
