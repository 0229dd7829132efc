using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Silo.Reminders;

/// <summary>A reminder claimed for firing.</summary>
public sealed record ClaimedReminder(GrainId Grain, string Name, DateTimeOffset DueAt);

/// <summary>
/// Fires due reminders. Any number of nodes poll at once: each claims a batch into a short lease, then
/// fires each as a turn of its grain, which re-checks the reminder under the grain's lock (so a duplicate
/// claim is absorbed). A failed firing is retried when its lease lapses.
/// </summary>
public sealed class ReminderService(
    NpgsqlDataSource db, GrainRuntime runtime, TimeProvider time, IOptions<SiloOptions> options, ILogger<ReminderService> logger)
    : LeasedPoller<ClaimedReminder>(db, time, options.Value, logger)
{
    protected override string ClaimSql => """
        WITH due AS (
            SELECT grain_type, grain_id, name FROM reminders
            WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
            ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        UPDATE reminders r SET lease_until = $3, lease_owner = $4
        FROM due WHERE r.grain_type = due.grain_type AND r.grain_id = due.grain_id AND r.name = due.name
        RETURNING r.grain_type, r.grain_id, r.name, r.due_at
        """;

    protected override TimeSpan PollInterval => Options.ReminderPollInterval;

    protected override ClaimedReminder Read(NpgsqlDataReader reader) =>
        new(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));

    protected override async Task DeliverAsync(ClaimedReminder item, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.FireReminderAsync(item.Grain, item.Name, item.DueAt);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogGrainFailure(e, $"Reminder {item.Name}", item.Grain.Type);
        }
    }
}
