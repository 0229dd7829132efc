using P4Orleans.Grains;

namespace P4Orleans.Contracts;

/// <summary>Dossier → bailiff office: the dossier was assigned to the office (adds to its load).</summary>
[GrainMessage(MessageNames.DossierAssigned)]
public sealed record DossierAssigned(string DossierId, string OfficeId, DateTimeOffset AssignedAt);

/// <summary>Dossier → bailiff office: the office accepted.</summary>
[GrainMessage(MessageNames.DossierAccepted)]
public sealed record DossierAccepted(string DossierId, string OfficeId, DateTimeOffset AcceptedAt);

/// <summary>Dossier → bailiff office: the office refused (leaves its load).</summary>
[GrainMessage(MessageNames.DossierRefused)]
public sealed record DossierRefused(string DossierId, string OfficeId, RefusalReason Reason, DateTimeOffset RefusedAt);

/// <summary>Dossier → bailiff office: the acceptance deadline passed; the dossier went back to dispatch.</summary>
[GrainMessage(MessageNames.AcceptanceMissed)]
public sealed record AcceptanceMissed(string DossierId, string OfficeId, DateTimeOffset DueAt);

/// <summary>Dossier → bailiff office: the office served the title (service performance).</summary>
[GrainMessage(MessageNames.DossierServed)]
public sealed record DossierServed(string DossierId, string OfficeId, DateOnly AssignedOn, DateOnly ServedOn);

/// <summary>Dossier → bailiff office: the dossier no longer counts in the office's load (outcome or reassignment).</summary>
[GrainMessage(MessageNames.DossierReleased)]
public sealed record DossierReleased(string DossierId, string OfficeId, string Reason);

/// <summary>Bailiff office → dossier: the office was suspended or departed; give the dossier to another office.</summary>
[GrainMessage(MessageNames.ReassignmentRequested)]
public sealed record ReassignmentRequested(string OfficeId, BailiffStatus OfficeStatus);
