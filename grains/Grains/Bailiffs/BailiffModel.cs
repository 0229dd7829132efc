using P4Orleans.Contracts;
using P4Orleans.Grains;
using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>
/// The decisions of one bailiff office (key: office id): registration, capacity, status, users. Its load and
/// performance are not kept here: they are SQL over the dossiers (<see cref="OfficeStatistics"/>).
/// </summary>
public sealed class BailiffModel : GrainModel<BailiffState>
{
    /// <inheritdoc />
    public Task RegisterAsync(BailiffRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        Check(!string.IsNullOrWhiteSpace(registration.Name), "name", "The office's name is required.");
        Check(!string.IsNullOrWhiteSpace(registration.ChamberNumber), "chamberNumber", "The Chamber number is required.");
        Check(Arrondissements.Find(registration.ArrondissementId ?? "") is not null, "arrondissementId",
            $"'{registration.ArrondissementId}' is not a judicial arrondissement.");
        Check(registration.Capacity >= 0, "capacity", "The capacity cannot be negative.");
        var previousArrondissement = State.Registered ? State.ArrondissementId : null;
        State.Registered = true;
        State.Name = registration.Name.Trim();
        State.ChamberNumber = registration.ChamberNumber.Trim();
        State.ArrondissementId = Arrondissements.Find(registration.ArrondissementId!)!.Id;
        State.Capacity = registration.Capacity;
        if (registration.UserIds is { } users)
        {
            State.UserIds = [.. users.Distinct(StringComparer.Ordinal)];
        }

        Context.Journal("registered", new { officeId = Key, arrondissementId = State.ArrondissementId, capacity = State.Capacity });
        if (previousArrondissement is not null && previousArrondissement != State.ArrondissementId && State.Status == BailiffStatus.Active)
        {
            // Art. 513 Judicial Code: an office acts in its own arrondissement; its dossiers of the former one go back to dispatch.
            State.Outbox.Add(new ReassignmentOrder(Guid.CreateVersion7(Now), State.Status, State.ArrondissementId));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SetCapacityAsync(int capacity)
    {
        RequireRegistered();
        Check(capacity >= 0, "capacity", "The capacity cannot be negative.");
        State.Capacity = capacity;
        Context.Journal("capacity", new { capacity });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SetStatusAsync(BailiffStatus status)
    {
        RequireRegistered();
        Check(Enum.IsDefined(status), "status", $"Unknown status {status}.");
        if (State.Status == status)
        {
            return Task.CompletedTask;
        }

        Check(State.Status != BailiffStatus.Departed, "status", "A departed office does not come back; register a new office.");
        State.Status = status;
        State.StatusChangedAt = Now;
        Context.Journal(JournalKinds.OfficeStatus, new { officeId = Key, status = status.ToString() });
        if (status != BailiffStatus.Active)
        {
            // Each open dossier moves itself (re-checking that it is still ours), once per order.
            State.Outbox.Add(new ReassignmentOrder(Guid.CreateVersion7(Now), status));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AddUserAsync(string userId)
    {
        RequireRegistered();
        Check(!string.IsNullOrWhiteSpace(userId), "userId", "The user id is required.");
        if (!State.UserIds.Contains(userId))
        {
            State.UserIds.Add(userId);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveUserAsync(string userId)
    {
        RequireRegistered();
        State.UserIds.Remove(userId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<BailiffView> GetAsync(OfficeStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        RequireRegistered();
        var s = State;
        var ratio = s.Capacity > 0 ? (double)statistics.Load / s.Capacity : 1.0;
        return Task.FromResult(new BailiffView(Key, s.Name, s.ChamberNumber, s.ArrondissementId, s.Status, s.Capacity, statistics.Load, ratio,
            statistics.OpenDossierIds, statistics.Performance, [.. s.UserIds]));
    }

    private void RequireRegistered()
    {
        if (!State.Registered)
        {
            throw new BailiffNotFoundException(Key);
        }
    }

    private static void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            throw new DossierValidationException(field, message);
        }
    }
}
