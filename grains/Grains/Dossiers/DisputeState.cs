using System.Text.Json.Serialization;
using P4Orleans.Contracts;

namespace P4Orleans.Domain;

/// <summary>
/// The disputes of a dossier (<see cref="DossierState.Disputes"/>): amicable ones, decided by an Operator, and
/// judicial ones besides the opposition, decided by a court. Free text is sealed; what stays in clear are codes,
/// dates, amounts, seizure ids and the Operator's registry id.
/// </summary>
public sealed class DisputeBook
{
    public List<AmicableDisputeRecord> Amicable { get; set; } = [];
    public List<JudicialDisputeRecord> Judicial { get; set; } = [];

    /// <summary>Execution suspended dossier-wide by a dispute's outcome until ONSS acts (an upheld dispute, an attachment judge's order).</summary>
    public ExecutionSuspensionRecord? Suspension { get; set; }

    /// <summary>Seizures lifted by a granted claim or by the attachment judge: the goods are no longer under seizure.</summary>
    public List<string> LiftedSeizureIds { get; set; } = [];

    /// <summary>True when no executory act may be done: a suspension, or a pending dispute configured to suspend execution.</summary>
    [JsonIgnore]
    public bool ExecutionSuspended => SuspendedBy is not null;

    /// <summary>The dispute that suspends execution now (the suspension first, then the earliest pending one).</summary>
    [JsonIgnore]
    public string? SuspendedBy =>
        Suspension?.DisputeId
        ?? Judicial.FirstOrDefault(j => j.Outcome is null && j.SuspendsExecution && j.Kind != JudicialDisputeKind.ThirdPartyClaim)?.DisputeId;

    /// <summary>Seizures whose goods may not be sold while a third party's claim on them is pending.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> SuspendedSeizureIds =>
        [.. Judicial.Where(j => j.Outcome is null && j.SuspendsExecution && j.Kind == JudicialDisputeKind.ThirdPartyClaim)
            .SelectMany(j => j.SeizureIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>An amicable dispute; <see cref="SealedNote"/> and <see cref="SealedDecisionNote"/> are sealed free text.</summary>
public sealed record AmicableDisputeRecord(
    string DisputeId,
    DisputeGround Ground,
    DisputeParty RaisedBy,
    DisputeChannel Channel,
    string? OfficeId,
    DateOnly ReceivedOn,
    DateOnly DecideBy,
    DateTimeOffset RecordedAt,
    string? SealedNote,
    Guid? OperatorId = null,
    DateTimeOffset? AssignedAt = null,
    bool Overdue = false,
    AmicableOutcome? Outcome = null,
    DateOnly? DecidedOn = null,
    long? CorrectedToCents = null,
    string? SealedDecisionNote = null);

/// <summary>A judicial dispute; <see cref="SuspendsExecution"/> is fixed when it is recorded (from the options then in force).</summary>
public sealed record JudicialDisputeRecord(
    string DisputeId,
    JudicialDisputeKind Kind,
    string Court,
    DateOnly FiledOn,
    IReadOnlyList<string> SeizureIds,
    IReadOnlyList<DateOnly> Hearings,
    bool SuspendsExecution,
    DateTimeOffset RecordedAt,
    JudicialOutcome? Outcome = null,
    DateOnly? DecidedOn = null,
    JudgmentOutcome? ReformedTo = null,
    long? ReducedToCents = null);

/// <summary>Execution suspended by <see cref="DisputeId"/> since <see cref="Since"/>, for <see cref="Reason"/> (a code).</summary>
public sealed record ExecutionSuspensionRecord(string DisputeId, DateOnly Since, string Reason);
