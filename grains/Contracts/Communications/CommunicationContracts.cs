using System.ComponentModel.DataAnnotations;

namespace P4Orleans.Contracts;

/// <summary>What a communication to the debtor is.</summary>
public enum CommunicationKind
{
    /// <summary>The final formal notice (art. 40, as amended in 2019): its receipt starts the one-month wait.</summary>
    FormalNotice,

    /// <summary>Notice that the contrainte was served.</summary>
    ServiceNotification,

    /// <summary>Notice of an execution step (a seizure).</summary>
    ExecutionNotification,

    /// <summary>The terms of a payment plan granted by ONSS.</summary>
    PaymentPlanLetter,
}

/// <summary>Where a communication is in its delivery.</summary>
public enum CommunicationStatus
{
    /// <summary>Queued, or waiting for its next attempt after a failure.</summary>
    Pending,

    /// <summary>Handed to the eBox or the postal service.</summary>
    Sent,

    /// <summary>Made available in the eBox, or presented at the address (registered letter).</summary>
    Delivered,

    /// <summary>Read in the eBox.</summary>
    Read,

    /// <summary>Every attempt failed (or the channel refused it for good); an Operator may retry or abandon it.</summary>
    Failed,

    /// <summary>Given up by an Operator.</summary>
    Abandoned,
}

/// <summary>What an acknowledgement says.</summary>
public enum AcknowledgementKind
{
    /// <summary>Made available in the eBox, or presented at the address.</summary>
    Delivered,

    /// <summary>Read in the eBox (eBox messages only).</summary>
    Read,
}

/// <summary>A communication an Operator asks to send.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Subject">Its subject line (may name the debtor: sealed).</param>
/// <param name="Body">Its text (personal data: sealed; at most <see cref="InputLimits.MessageBodyLength"/> characters).</param>
[GenerateSerializer, Immutable]
public sealed record CommunicationRequest(CommunicationKind Kind, string Subject, string Body)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A delivery or reading reported by the channel (the eBox, or the postal acknowledgement card).</summary>
/// <param name="Kind">Delivered or read.</param>
/// <param name="At">When (UTC); its date in Europe/Brussels is the date of law.</param>
[GenerateSerializer, Immutable]
public sealed record CommunicationAcknowledgement(AcknowledgementKind Kind, DateTimeOffset At);

/// <summary>
/// A communication of a dossier, without its content (the recipient and the text stay sealed in the dossier).
/// </summary>
/// <param name="CommunicationId">Its id: also the idempotency key every delivery attempt carries.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Channel">eBox for an enterprise, registered letter otherwise.</param>
/// <param name="Origin"><c>procedure</c> (created by a step of the procedure) or <c>operator</c>.</param>
/// <param name="Status">Where it is.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="Attempts">Delivery attempts made since it was queued (or last retried).</param>
/// <param name="NextAttemptAt">When the next attempt is due, while pending.</param>
/// <param name="SentAt">When the channel took it.</param>
/// <param name="DeliveredAt">When it was made available or presented.</param>
/// <param name="ReadAt">When it was read (eBox).</param>
/// <param name="LastError">A code for the last failure (never the channel's text).</param>
/// <param name="RunsFrom">First day of any deadline it starts, once known.</param>
/// <param name="RuleId">The rule that fixed <paramref name="RunsFrom"/>.</param>
/// <param name="French">Why, in French.</param>
/// <param name="Dutch">Why, in Dutch.</param>
[GenerateSerializer, Immutable]
public sealed record CommunicationView(
    string CommunicationId,
    CommunicationKind Kind,
    NoticeChannel Channel,
    string Origin,
    CommunicationStatus Status,
    DateTimeOffset CreatedAt,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ReadAt,
    string? LastError,
    DateOnly? RunsFrom,
    string? RuleId,
    string? French,
    string? Dutch);

/// <summary>Delivery of the dossiers' communications (configuration section <c>Communications</c>).</summary>
public sealed class CommunicationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Communications";

    /// <summary>Attempts before a communication is Failed. Default 5.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failed attempt; doubled after each further one. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between two attempts. Default 6 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Communications a dossier may have pending or failed at once (the state stays small). Default 10.</summary>
    [Range(1, 100)]
    public int MaxOpen { get; set; } = 10;

    /// <summary>Communications a dossier keeps in its state; older finished ones live on in the journal and timeline. Default 50.</summary>
    [Range(1, 500)]
    public int MaxKept { get; set; } = 50;

    /// <summary>The procedure queues its own notices (service, seizure, payment plan). Default true.</summary>
    public bool ProcedureNotices { get; set; } = true;

    /// <summary>Letters go as registered letters with acknowledgement (art. 53bis 1°); false: plain registered letters (2°). Default true.</summary>
    public bool LettersWithAcknowledgement { get; set; } = true;

    /// <summary>The wait before attempt <paramref name="failed"/> + 1: doubled each time, at most <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff(int failed)
    {
        var doublings = Math.Clamp(failed - 1, 0, 30);
        var ticks = InitialBackoff.Ticks * Math.Pow(2, doublings);
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>No communication with this id in the dossier (API: 404).</summary>
[GenerateSerializer]
public sealed class CommunicationNotFoundException(string dossierId, string communicationId)
    : DomainException("No such communication.")
{
    [Id(0)]
    public string DossierId { get; } = dossierId;

    [Id(1)]
    public string CommunicationId { get; } = communicationId;
}

/// <summary>
/// The communication's status does not allow the command (API: 409). Reasons: <c>communication-not-failed</c>,
/// <c>communication-finished</c>, <c>communication-not-sent</c>, <c>too-many-open-communications</c>,
/// <c>personal-data-purged</c>.
/// </summary>
[GenerateSerializer]
public sealed class CommunicationStateException(string reason, string message) : DomainConflictException(reason, message);
