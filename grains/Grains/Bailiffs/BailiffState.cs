using P4Orleans.Contracts;
using P4Orleans.Grains;

namespace P4Orleans.Domain;

/// <summary>The durable state of a bailiff office (JSON). Indexed: status, arrondissement, load and capacity.</summary>
public sealed class BailiffState : JournalledState
{
    /// <summary>True once registered.</summary>
    public bool Registered { get; set; }

    /// <summary>The office's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Its number at the National Chamber.</summary>
    public string ChamberNumber { get; set; } = "";

    /// <summary>Its judicial arrondissement.</summary>
    public string ArrondissementId { get; set; } = "";

    /// <summary>Active, suspended or departed.</summary>
    public BailiffStatus Status { get; set; } = BailiffStatus.Active;

    /// <summary>Open dossiers it takes.</summary>
    public int Capacity { get; set; }

    /// <summary>The office's users.</summary>
    public List<string> UserIds { get; set; } = [];

    /// <summary>When its status last changed.</summary>
    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>Reassignment requests recorded but not yet answered by every open dossier.</summary>
    public List<ReassignmentOrder> Outbox { get; set; } = [];
}

/// <summary>
/// An office leaving asks its open dossiers to move: recorded in the office's state in the same write as the
/// status, delivered after it to every dossier still assigned to the office (SQL over the dossiers' indexed
/// office column), and removed once none is left.
/// </summary>
/// <param name="MessageId">The request's id; each dossier applies it once.</param>
/// <param name="OfficeStatus">The status that caused it.</param>
/// <param name="MovedToArrondissementId">Set when the office moved to this arrondissement: only dossiers of another one move.</param>
public sealed record ReassignmentOrder(Guid MessageId, BailiffStatus OfficeStatus, string? MovedToArrondissementId = null);
