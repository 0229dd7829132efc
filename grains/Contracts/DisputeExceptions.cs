namespace P4Orleans.Contracts;

/// <summary>No dispute under this id in the dossier (API: 404).</summary>
[GenerateSerializer]
public sealed class DisputeNotFoundException(string dossierId, string disputeId)
    : DomainException($"Dossier {dossierId} has no dispute {disputeId}.")
{
    [Id(0)]
    public string DossierId { get; } = dossierId;
    [Id(1)]
    public string DisputeId { get; } = disputeId;
}

/// <summary>
/// A dispute step that does not fit the dispute or the dossier as they stand (API: 409 with a <c>reason</c>):
/// <c>dispute-decided</c>, <c>dispute-not-assigned</c>, <c>no-judgment</c>, <c>appeal-pending</c>,
/// <c>seizure-lifted</c>, <c>not-suspended</c>, and <c>execution-suspended</c> for an executory act while a dispute suspends execution.
/// </summary>
[GenerateSerializer]
public sealed class DisputeConflictException(string reason, string message)
    : DomainConflictException(reason, message);
