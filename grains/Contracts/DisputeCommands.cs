namespace P4Orleans.Contracts;

/// <summary>An amicable dispute, as ONSS or the assigned office records it.</summary>
/// <param name="Ground">What is contested.</param>
/// <param name="RaisedBy">The debtor or a third party.</param>
/// <param name="ReceivedOn">The day the dispute was received (Europe/Brussels): the decision deadline counts from it.</param>
/// <param name="Note">What the party says (free text: personal data, sealed).</param>
[GenerateSerializer, Immutable]
public sealed record AmicableDisputeReport(DisputeGround Ground, DisputeParty RaisedBy, DateOnly ReceivedOn, string? Note = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>An Operator's decision on an amicable dispute.</summary>
/// <param name="Outcome">Upheld, rejected, amount corrected or transferred to ONSS.</param>
/// <param name="DecidedOn">The day of the decision (not before the dispute was received, not after today).</param>
/// <param name="CorrectedToCents">For a correction: the title's claim as corrected, bailiff costs excluded.</param>
/// <param name="Note">The reasons (free text, sealed).</param>
[GenerateSerializer, Immutable]
public sealed record AmicableDisputeDecision(AmicableOutcome Outcome, DateOnly DecidedOn, long? CorrectedToCents = null, string? Note = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A judicial dispute recorded by an Operator.</summary>
/// <param name="Kind">Third party's claim on seized goods, attachment judge, or appeal against the judgment on opposition.</param>
/// <param name="Court">The court seized (e.g. <c>Tribunal de première instance de Liège, juge des saisies</c>).</param>
/// <param name="FiledOn">The day the claim, summons or appeal was filed.</param>
/// <param name="SeizureIds">The seizures concerned (required for a third party's claim).</param>
/// <param name="FirstHearing">The first hearing, if already fixed.</param>
[GenerateSerializer, Immutable]
public sealed record JudicialDisputeReport(JudicialDisputeKind Kind, string Court, DateOnly FiledOn, IReadOnlyList<string>? SeizureIds = null,
    DateOnly? FirstHearing = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A hearing fixed (or moved) in a judicial dispute.</summary>
/// <param name="Date">The day of the hearing.</param>
[GenerateSerializer, Immutable]
public sealed record HearingReport(DateOnly Date)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>The court's decision in a judicial dispute.</summary>
/// <param name="Outcome">Rejected, granted or withdrawn.</param>
/// <param name="DecidedOn">The day of the decision.</param>
/// <param name="ReformedTo">An appeal granted: what the court of appeal decided on the contrainte (reduced or annulled).</param>
/// <param name="ReducedToCents">An appeal reforming to a reduction: the claim as fixed, bailiff costs excluded.</param>
[GenerateSerializer, Immutable]
public sealed record JudicialDisputeDecision(JudicialOutcome Outcome, DateOnly DecidedOn, JudgmentOutcome? ReformedTo = null, long? ReducedToCents = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>The dossier's disputes as a view shows them; notes unsealed only in the Operators' view.</summary>
[GenerateSerializer, Immutable]
public sealed record DisputesView(
    IReadOnlyList<AmicableDisputeView> Amicable,
    IReadOnlyList<JudicialDisputeView> Judicial,
    bool ExecutionSuspended,
    string? ExecutionSuspendedBy,
    IReadOnlyList<string> SuspendedSeizureIds,
    IReadOnlyList<string> LiftedSeizureIds)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;

    /// <summary>No dispute at all.</summary>
    public static DisputesView None { get; } = new([], [], false, null, [], []);
}

/// <summary>An amicable dispute.</summary>
[GenerateSerializer, Immutable]
public sealed record AmicableDisputeView(
    string DisputeId,
    DisputeGround Ground,
    DisputeParty RaisedBy,
    DisputeChannel Channel,
    string? OfficeId,
    DateOnly ReceivedOn,
    DateOnly DecideBy,
    bool Overdue,
    Guid? OperatorId,
    AmicableOutcome? Outcome,
    DateOnly? DecidedOn,
    long? CorrectedToCents,
    string? Note,
    string? DecisionNote)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A judicial dispute with its hearings.</summary>
[GenerateSerializer, Immutable]
public sealed record JudicialDisputeView(
    string DisputeId,
    JudicialDisputeKind Kind,
    string Court,
    DateOnly FiledOn,
    IReadOnlyList<string> SeizureIds,
    IReadOnlyList<DateOnly> Hearings,
    bool SuspendsExecution,
    JudicialOutcome? Outcome,
    DateOnly? DecidedOn,
    JudgmentOutcome? ReformedTo,
    long? ReducedToCents)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}
