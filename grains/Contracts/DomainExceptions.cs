namespace P4Orleans.Contracts;

/// <summary>A command the domain refuses. The API maps each subclass to a problem-details response.</summary>
[GenerateSerializer]
public abstract class DomainException : Exception
{
    protected DomainException(string message)
        : base(message)
    {
    }
}

/// <summary>A command not allowed in the dossier's current status (API: 409 with the allowed commands).</summary>
[GenerateSerializer]
public sealed class IllegalTransitionException : DomainException
{
    public IllegalTransitionException(DossierStatus status, DossierCommand command, IReadOnlyList<DossierCommand> allowed)
        : base($"{command} is not allowed while the dossier is {status}; allowed now: {(allowed.Count == 0 ? "nothing" : string.Join(", ", allowed))}.")
    {
        Status = status;
        Command = command;
        Allowed = allowed;
    }

    /// <summary>The dossier's status.</summary>
    [Id(0)]
    public DossierStatus Status { get; }

    /// <summary>The refused command.</summary>
    [Id(1)]
    public DossierCommand Command { get; }

    /// <summary>Commands allowed in <see cref="Status"/>.</summary>
    [Id(2)]
    public IReadOnlyList<DossierCommand> Allowed { get; }
}

/// <summary>One precise problem with a field of a command or submission.</summary>
/// <param name="Field">Path of the field (camelCase, e.g. <c>debtor.identifier</c>).</param>
/// <param name="Message">What is wrong.</param>
[GenerateSerializer, Immutable]
public sealed record ValidationError(string Field, string Message)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>Invalid input (API: 400 with the errors by field).</summary>
[GenerateSerializer]
public sealed class DossierValidationException : DomainException
{
    public DossierValidationException(IReadOnlyList<ValidationError> errors)
        : base(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")))
    {
        Errors = errors;
    }

    public DossierValidationException(string field, string message)
        : this([new ValidationError(field, message)])
    {
    }

    /// <summary>Every problem found.</summary>
    [Id(0)]
    public IReadOnlyList<ValidationError> Errors { get; }
}

/// <summary>No dossier exists under this id (API: 404).</summary>
[GenerateSerializer]
public sealed class DossierNotFoundException(string dossierId)
    : DomainException($"No dossier {dossierId}.")
{
    [Id(0)]
    public string DossierId { get; } = dossierId;
}

/// <summary>
/// A bailiff office acting on a dossier not assigned to it. The API answers 404, not 403, so that an office
/// never learns another office's dossier exists.
/// </summary>
[GenerateSerializer]
public sealed class NotAssignedOfficeException(string dossierId, string officeId)
    : DomainException($"Dossier {dossierId} is not assigned to office {officeId}.")
{
    [Id(0)]
    public string DossierId { get; } = dossierId;
    [Id(1)]
    public string OfficeId { get; } = officeId;
}

/// <summary>A title resubmitted under an existing dossier with a different payload (API: 409).</summary>
[GenerateSerializer]
public sealed class SubmissionConflictException(string dossierId, string reference)
    : DomainException($"Dossier {dossierId} already holds title {reference} with a different payload.")
{
    [Id(0)]
    public string DossierId { get; } = dossierId;
    [Id(1)]
    public string Reference { get; } = reference;
}

/// <summary>No bailiff office registered under this id (API: 404).</summary>
[GenerateSerializer]
public sealed class BailiffNotFoundException(string officeId)
    : DomainException($"No bailiff office {officeId}.")
{
    [Id(0)]
    public string OfficeId { get; } = officeId;
}

/// <summary>
/// A command that contradicts a fact already recorded or the calendar (API: 409 with a <c>reason</c> code).
/// The message says which fact; the reason is a stable code for clients.
/// </summary>
[GenerateSerializer]
public abstract class DomainConflictException : DomainException
{
    protected DomainConflictException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>A stable code naming the rule broken (for example <c>office-departed</c>, <c>before-executable</c>).</summary>
    [Id(0)]
    public string Reason { get; }
}

/// <summary>
/// The office chosen by an Operator may not take the dossier: suspended, departed, of another arrondissement,
/// or excluded from this dossier. Reasons: <c>office-suspended</c>, <c>office-departed</c>,
/// <c>other-arrondissement</c>, <c>office-excluded</c>.
/// </summary>
[GenerateSerializer]
public sealed class OfficeNotEligibleException(string dossierId, string officeId, string reason, string message)
    : DomainConflictException(reason, message)
{
    [Id(0)]
    public string DossierId { get; } = dossierId;
    [Id(1)]
    public string OfficeId { get; } = officeId;
}

/// <summary>
/// A reported act dated before a date it depends on (the service before the assignment, an executory seizure
/// before the title became executable...) or after today. <see cref="Field"/> names the date refused.
/// </summary>
[GenerateSerializer]
public sealed class ActDateConflictException(string field, string reason, string message)
    : DomainConflictException(reason, message)
{
    /// <summary>The field holding the refused date (camelCase).</summary>
    [Id(0)]
    public string Field { get; } = field;
}
