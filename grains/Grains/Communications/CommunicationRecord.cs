using P4Orleans.Contracts;

namespace P4Orleans.Domain;

/// <summary>
/// A communication in the dossier's state: its delivery facts in clear (no personal data), its recipient and text
/// sealed in <see cref="SealedEnvelope"/> until the channel took it (then the channel holds it and the state drops
/// it, so a dossier's state stays small).
/// </summary>
/// <param name="Id">C1, C2... in the dossier: the idempotency key of every attempt.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Channel">eBox or registered letter.</param>
/// <param name="Origin"><c>procedure</c> or <c>operator</c>.</param>
/// <param name="CreatedAt">When it was queued.</param>
public sealed record CommunicationRecord(string Id, CommunicationKind Kind, NoticeChannel Channel, string Origin, DateTimeOffset CreatedAt)
{
    public CommunicationStatus Status { get; init; } = CommunicationStatus.Pending;
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
    public string? LastError { get; init; }
    public DateOnly? RunsFrom { get; init; }
    public string? RuleId { get; init; }
    public string? French { get; init; }
    public string? Dutch { get; init; }

    /// <summary><see cref="CommunicationEnvelope"/> as JSON, sealed with the dossier's data key; null once sent, abandoned or purged.</summary>
    public string? SealedEnvelope { get; init; }

    /// <summary>Pending or failed: it counts against <see cref="CommunicationOptions.MaxOpen"/>.</summary>
    public bool IsOpen => Status is CommunicationStatus.Pending or CommunicationStatus.Failed;

    /// <summary>The view, without content.</summary>
    public CommunicationView ToView() => new(Id, Kind, Channel, Origin, Status, CreatedAt, Attempts, NextAttemptAt, SentAt, DeliveredAt, ReadAt,
        LastError, RunsFrom, RuleId, French, Dutch);
}

/// <summary>The sealed part of a communication.</summary>
/// <param name="Recipient">Who and where.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Body">The text.</param>
public sealed record CommunicationEnvelope(Recipient Recipient, string Subject, string Body)
{
    // Personal data: a record prints only its type.
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>The addressee: an enterprise by its number in the eBox, anyone at the postal address.</summary>
/// <param name="Name">Name (and first names of a natural person).</param>
/// <param name="EnterpriseNumber">KBO/BCE number (10 digits) when the debtor is an enterprise.</param>
/// <param name="Address">Domicile or registered seat.</param>
public sealed record Recipient(string Name, string? EnterpriseNumber, PostalAddress Address)
{
    // Personal data: a record prints only its type.
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}
