using P4Orleans.Contracts;
using P4Orleans.Grains;
using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>
/// One bailiff office (key: office id). Its load follows the dossiers' messages; each handler is idempotent
/// by the state of the open dossier it concerns (the host also applies each message once).
/// </summary>
[GrainType(GrainTypes.Bailiff)]
public sealed class BailiffGrain : Grain<BailiffState>, IBailiffGrain,
    IReceiveMessage<DossierAssigned>, IReceiveMessage<DossierAccepted>, IReceiveMessage<DossierRefused>,
    IReceiveMessage<AcceptanceMissed>, IReceiveMessage<DossierServed>, IReceiveMessage<DossierReleased>
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
        Context.Journal(JournalKinds.OfficeStatus, new { status = status.ToString(), openDossiers = State.Load });
        if (status != BailiffStatus.Active)
        {
            // Each open dossier moves itself (re-checking that it is still ours); the load drops as they release.
            foreach (var dossierId in State.Open.Keys.Order(StringComparer.Ordinal))
            {
                Context.Send(new GrainId(GrainTypes.Dossier, dossierId), new ReassignmentRequested(Key, status));
            }
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
    public Task<BailiffView> GetAsync()
    {
        RequireRegistered();
        var s = State;
        var ratio = s.Capacity > 0 ? (double)s.Load / s.Capacity : 1.0;
        var average = s.Served > 0 ? Math.Round((double)s.TotalDaysToService / s.Served, 2) : (double?)null;
        return Task.FromResult(new BailiffView(Key, s.Name, s.ChamberNumber, s.ArrondissementId, s.Status, s.Capacity, s.Load, ratio,
            [.. s.Open.Keys.Order(StringComparer.Ordinal)],
            new BailiffPerformance(s.Assigned, s.Accepted, s.Refused, s.MissedAcceptanceDeadlines, s.Served, average),
            [.. s.UserIds]));
    }

    /// <inheritdoc />
    public Task ReceiveAsync(DossierAssigned message, MessageInfo info)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!State.Registered)
        {
            // Never registered: a message must not create an office record (the API refuses such offices first).
            return Task.CompletedTask;
        }

        if (State.Status != BailiffStatus.Active)
        {
            // Assigned while (or just before) the office left: send the dossier back, as SetStatusAsync does.
            Context.Send(new GrainId(GrainTypes.Dossier, message.DossierId), new ReassignmentRequested(Key, State.Status));
            return Task.CompletedTask;
        }

        if (State.Released.TryGetValue(message.DossierId, out var released) && released.At >= message.AssignedAt)
        {
            // This assignment already ended (its release was delivered first): counted once, never open.
            if (!released.AssignmentSeen)
            {
                State.Released[message.DossierId] = released with { AssignmentSeen = true };
                State.Assigned++;
            }

            return Task.CompletedTask;
        }

        if (State.Open.TryAdd(message.DossierId, new OpenDossier(message.AssignedAt)))
        {
            State.Assigned++;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReceiveAsync(DossierAccepted message, MessageInfo info)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!State.Registered)
        {
            return Task.CompletedTask;
        }

        if (State.Open.TryGetValue(message.DossierId, out var open) && open.AcceptedAt is null)
        {
            State.Open[message.DossierId] = open with { AcceptedAt = message.AcceptedAt };
            State.Accepted++;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReceiveAsync(DossierRefused message, MessageInfo info)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!State.Registered)
        {
            return Task.CompletedTask;
        }

        if (Release(message.DossierId, info))
        {
            State.Refused++;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReceiveAsync(AcceptanceMissed message, MessageInfo info)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!State.Registered)
        {
            return Task.CompletedTask;
        }

        if (Release(message.DossierId, info))
        {
            State.MissedAcceptanceDeadlines++;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReceiveAsync(DossierServed message, MessageInfo info)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!State.Registered)
        {
            return Task.CompletedTask;
        }

        if (State.Open.TryGetValue(message.DossierId, out var open) && open.ServedOn is null)
        {
            State.Open[message.DossierId] = open with { ServedOn = message.ServedOn };
            State.Served++;
            State.TotalDaysToService += Math.Max(0, message.ServedOn.DayNumber - message.AssignedOn.DayNumber);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReceiveAsync(DossierReleased message, MessageInfo info)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!State.Registered)
        {
            return Task.CompletedTask;
        }

        Release(message.DossierId, info);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes a dossier off the load; false for a release already applied. A release whose assignment has not
    /// arrived yet is remembered, so that the late assignment does not open it. Entries older than a day are
    /// dropped (messages arrive within seconds; the state stays small).
    /// </summary>
    private bool Release(string dossierId, MessageInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var horizon = Now.AddDays(-1);
        foreach (var old in State.Released.Where(r => r.Value.At < horizon).Select(r => r.Key).ToList())
        {
            State.Released.Remove(old);
        }

        var wasOpen = State.Open.Remove(dossierId);
        if (!wasOpen && State.Released.ContainsKey(dossierId))
        {
            return false;
        }

        State.Released[dossierId] = new ReleasedDossier(info.SentAt, wasOpen);
        return true;
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
