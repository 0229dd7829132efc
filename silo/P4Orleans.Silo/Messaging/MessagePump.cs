using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Silo.Messaging;

/// <summary>A message claimed for delivery.</summary>
public sealed record ClaimedMessage(Guid Id, GrainId Target);

/// <summary>
/// Delivers grain-to-grain messages from the outbox: claims a batch into a lease, delivers each as a turn
/// of its target (applied once: the inbox remembers its id), retries failures with a growing delay, and
/// sets a message aside as dead after too many attempts.
/// </summary>
public sealed class MessagePump(
    NpgsqlDataSource db, GrainRuntime runtime, TimeProvider time, IOptions<SiloOptions> options, ILogger<MessagePump> logger)
    : LeasedPoller<ClaimedMessage>(db, time, options.Value, logger)
{
    private const string FailedSql = """
        UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2 + least(600, power(2, attempts)) * interval '1 second',
            lease_until = NULL, lease_owner = NULL, last_error = $3, dead = attempts + 1 >= $4
        WHERE id = $1
        """;

    protected override string ClaimSql => """
        WITH ready AS (
            SELECT id FROM outbox
            WHERE NOT dead AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
            ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        UPDATE outbox o SET lease_until = $3, lease_owner = $4
        FROM ready WHERE o.id = ready.id
        RETURNING o.id, o.target_type, o.target_id
        """;

    protected override TimeSpan PollInterval => Options.MessagePollInterval;

    protected override ClaimedMessage Read(NpgsqlDataReader reader) => new(reader.GetGuid(0), new GrainId(reader.GetString(1), reader.GetString(2)));

    protected override async Task DeliverAsync(ClaimedMessage item, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.DeliverMessageAsync(item.Id, item.Target);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogGrainFailure(e, $"Message {item.Id}", item.Target.Type);
            // Back off 1 s, 2 s, 4 s, ... capped at 10 minutes; keep the error's type only (its text may hold personal data).
            await using var cmd = Database.CreateCommand(FailedSql);
            cmd.Parameters.Add(new NpgsqlParameter { Value = item.Id });
            cmd.Parameters.Add(new NpgsqlParameter { Value = Time.GetUtcNow() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = e.GetType().FullName ?? "error" });
            cmd.Parameters.Add(new NpgsqlParameter { Value = Options.MaxDeliveryAttempts });
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
