using System.Text.Json.Serialization;
using P4Orleans.Contracts;
using P4Orleans.Grains;

namespace P4Orleans.Domain;

/// <summary>The durable state of a bailiff office (JSON). Indexed: status, arrondissement, load and capacity.</summary>
public sealed class BailiffState : IIndexedState
{
    public bool Registered { get; set; }
    public string Name { get; set; } = "";
    public string ChamberNumber { get; set; } = "";
    public string ArrondissementId { get; set; } = "";
    public BailiffStatus Status { get; set; } = BailiffStatus.Active;
    public int Capacity { get; set; }

    /// <summary>Open dossiers by id: the office's load.</summary>
    public Dictionary<string, OpenDossier> Open { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Dossiers released here in the last day (refused, acceptance missed, released), by id. Messages are delivered
    /// in no guaranteed order: a release may arrive before its assignment, or twice; this makes both harmless.
    /// </summary>
    public Dictionary<string, ReleasedDossier> Released { get; set; } = new(StringComparer.Ordinal);

    public int Assigned { get; set; }
    public int Accepted { get; set; }
    public int Refused { get; set; }
    public int MissedAcceptanceDeadlines { get; set; }
    public int Served { get; set; }
    public long TotalDaysToService { get; set; }
    public List<string> UserIds { get; set; } = [];
    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>Open dossiers now.</summary>
    public int Load => Open.Count;

    /// <summary>
    /// Status = office status, Group = arrondissement, Amount = load. The capacity is the state's <c>capacity</c>
    /// field (the dispatcher reads it from the state JSON with the candidates of one arrondissement).
    /// </summary>
    public GrainIndex GetIndex() => new(Status.ToString(), null, ArrondissementId, Load, null);
}

/// <summary>An open dossier of the office and what it did with it.</summary>
// Nulls are left out: an office keeps one entry per open dossier, and its state is written at every message.
public sealed record OpenDossier(
    DateTimeOffset AssignedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? AcceptedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? ServedOn = null);

/// <summary>A dossier released by the office: when the release was sent, and whether its assignment was seen.</summary>
public sealed record ReleasedDossier(DateTimeOffset At, bool AssignmentSeen);
