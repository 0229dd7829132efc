using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P4Orleans.Contracts;
using P4Orleans.Grains;

namespace P4Orleans.Domain.Orleans;

/// <summary>
/// The bailiff office grain: each command is a turn of <see cref="BailiffModel"/> on the state named
/// <c>bailiff</c>. Its load and performance are read from SQL at each view. An office leaving records a
/// <see cref="ReassignmentOrder"/> in the same write as its status, then delivers it to every dossier still
/// assigned to it; an order stays (and an Orleans reminder retries it) until no such dossier is left.
/// </summary>
public sealed class BailiffGrain(
    [PersistentState(GrainTypes.Bailiff, GrainStorage.Name)] IPersistentState<BailiffState> store,
    IOfficeStatistics statistics,
    ReminderSettings reminders,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time,
    ILogger<BailiffGrain> logger)
    : TurnGrain<BailiffState, BailiffModel>(store, new BailiffModel(), time), IBailiffGrain, IRemindable
{
    /// <summary>The reminder that retries undelivered orders.</summary>
    public const string OutboxReminder = "outbox";

    /// <summary>How many dossiers one delivery round asks at once.</summary>
    private const int DeliveryBatch = 500;

    public Task RegisterAsync(BailiffRegistration registration) => WriteAsync(m => m.RegisterAsync(registration));

    public Task SetCapacityAsync(int capacity) => WriteAsync(m => m.SetCapacityAsync(capacity));

    public Task SetStatusAsync(BailiffStatus status) => WriteAsync(m => m.SetStatusAsync(status));

    public Task AddUserAsync(string userId) => WriteAsync(m => m.AddUserAsync(userId));

    public Task RemoveUserAsync(string userId) => WriteAsync(m => m.RemoveUserAsync(userId));

    public async Task<BailiffView> GetAsync()
    {
        var facts = Exists ? await statistics.ForOfficeAsync(Key) : OfficeStatistics.Empty;
        return await ReadAsync(m => m.GetAsync(facts));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => DeliverAsync();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Outbox.Count > 0)
        {
            // An order recorded before a crash: deliver it now (the reminder would, later).
            this.RegisterGrainTimer(_ => DeliverAsync(), TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    protected override async Task AfterWriteAsync()
    {
        if (State.Outbox.Count > 0)
        {
            await DeliverAsync();
        }
    }

    /// <summary>Delivers every pending order; removes each once no dossier of the office is left to ask.</summary>
    private async Task DeliverAsync()
    {
        if (State.Outbox.Count == 0)
        {
            await DropReminderAsync();
            return;
        }

        try
        {
            // Before delivering: should this silo die half-way, the reminder makes another one finish the job.
            await this.RegisterOrUpdateReminder(OutboxReminder, reminders.Period, reminders.Period);
            foreach (var order in State.Outbox.ToList())
            {
                var request = new ReassignmentRequested(Key, order.OfficeStatus, order.MessageId, order.MovedToArrondissementId);
                var after = "";
                var factory = GrainFactory;
                while (true)
                {
                    var batch = await statistics.OpenDossierIdsAsync(Key, after, DeliveryBatch);
                    await Task.WhenAll(batch.Select(id => factory.GetGrain<IDossierGrain>(id).ReassignFromOfficeAsync(request)));
                    if (batch.Count < DeliveryBatch)
                    {
                        break;
                    }

                    after = batch[^1];
                }
            }

            await WriteAsync(m =>
            {
                State.Outbox.Clear();
                return Task.CompletedTask;
            });
            await DropReminderAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Left in the state: the reminder retries (each dossier applies an order once).
            logger.LogWarning("Office reassignment order not fully delivered ({Error}); retried by reminder", e.GetType().Name);
        }
    }

    private async Task DropReminderAsync()
    {
        try
        {
            if (await this.GetReminder(OutboxReminder) is { } r)
            {
                await this.UnregisterReminder(r);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("Office reminder not removed ({Error})", e.GetType().Name);
        }
    }
}
