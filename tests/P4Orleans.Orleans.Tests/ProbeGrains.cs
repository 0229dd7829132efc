namespace P4Orleans.Orleans.Tests;

/// <summary>Status of the probe dossier; written as a string by the storage serializer.</summary>
public enum ProbeStatus
{
    Received,
    Assigned,
    Served,
    Closed,
}

/// <summary>
/// The amounts of a probe dossier, nested and with a computed balance as the real ledger has: a get-only
/// property is written by System.Text.Json, so the generated column reads a derived fact.
/// </summary>
[GenerateSerializer]
public sealed class ProbeLedger
{
    [Id(0)] public List<long> OutstandingCents { get; set; } = [];

    public long BalanceCents => OutstandingCents.Sum();
}

/// <summary>A state shaped like the dossier's indexed facts, stored under the state name 'dossier'.</summary>
[GenerateSerializer]
public sealed class DossierProbeState
{
    [Id(0)] public ProbeStatus Status { get; set; }
    [Id(1)] public string? AssignedOfficeId { get; set; }
    [Id(2)] public string? ArrondissementId { get; set; }
    [Id(3)] public ProbeLedger Ledger { get; set; } = new();

    /// <summary>The balance at the top of the state, where the dossier keeps it for its generated column.</summary>
    public long BalanceCents => Ledger.BalanceCents;
    [Id(4)] public DateOnly? NextDeadline { get; set; }
    [Id(5)] public DateTimeOffset? NextDueAt { get; set; }
    [Id(6)] public List<string> Notes { get; set; } = [];
}

/// <summary>Another grain type's state, under its own state name.</summary>
[GenerateSerializer]
public sealed class OfficeProbeState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public int Capacity { get; set; }
}

/// <summary>A grain whose state goes through the ADO.NET storage as 'dossier'.</summary>
public interface IDossierProbeGrain : IGrainWithStringKey
{
    Task SaveAsync(DossierProbeState state);

    Task<DossierProbeState> ReadAsync();

    Task<string?> ETagAsync();

    /// <summary>Reads the state again from storage and returns it.</summary>
    Task<DossierProbeState> ReloadAsync();

    Task ClearAsync();
}

/// <summary>A grain of another type whose state goes through the same storage as 'office-probe'.</summary>
public interface IOfficeProbeGrain : IGrainWithStringKey
{
    Task SaveAsync(OfficeProbeState state);

    Task<OfficeProbeState> ReadAsync();
}

/// <summary>A grain holding one reminder and counting its ticks.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task StartAsync(string name, TimeSpan due, TimeSpan period);

    Task<int> TicksAsync();

    Task StopAsync(string name);
}

public sealed class DossierProbeGrain(
    [PersistentState("dossier", OrleansProbeCluster.Storage)] IPersistentState<DossierProbeState> state) : Grain, IDossierProbeGrain
{
    public Task SaveAsync(DossierProbeState value)
    {
        state.State = value;
        return state.WriteStateAsync();
    }

    public Task<DossierProbeState> ReadAsync() => Task.FromResult(state.State);

    public Task<string?> ETagAsync() => Task.FromResult(state.Etag);

    public async Task<DossierProbeState> ReloadAsync()
    {
        await state.ReadStateAsync();
        return state.State;
    }

    public Task ClearAsync() => state.ClearStateAsync();
}

public sealed class OfficeProbeGrain(
    [PersistentState("office-probe", OrleansProbeCluster.Storage)] IPersistentState<OfficeProbeState> state) : Grain, IOfficeProbeGrain
{
    public Task SaveAsync(OfficeProbeState value)
    {
        state.State = value;
        return state.WriteStateAsync();
    }

    public Task<OfficeProbeState> ReadAsync() => Task.FromResult(state.State);
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private int _ticks;

    public Task StartAsync(string name, TimeSpan due, TimeSpan period) => this.RegisterOrUpdateReminder(name, due, period);

    public Task<int> TicksAsync() => Task.FromResult(_ticks);

    public async Task StopAsync(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        return Task.CompletedTask;
    }
}
