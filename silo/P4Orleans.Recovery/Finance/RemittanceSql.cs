using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Grains;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Finance;

/// <summary>
/// Remittance statements, computed by SQL over the dossiers' journal: the payments a bailiff reported
/// (<c>payment-recorded</c>, source Bailiff) and the acts charged (<c>cost-charged</c>) recorded in the period, each
/// attributed to the office the dossier was dispatched to when it happened. A period is open until its last
/// (Brussels) day has passed; a closed period's statement is stored at its first reading and read from there ever after.
/// </summary>
public sealed partial class RemittanceSql(
    NpgsqlDataSource db, PlatformClusterOptions cluster, FinanceOptions options, [FromKeyedServices(PlatformClock.Key)] TimeProvider time)
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    /// <summary>The configured periods.</summary>
    public FinanceOptions Options => options;

    /// <summary>Today in Brussels by the platform clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Brussels).DateTime);

    /// <summary>Whether the period's last day has passed.</summary>
    public bool IsClosed(RemittancePeriod period) => Today > period.End;

    /// <summary>The office's statement: stored if the period is closed (stored now if it was not yet), computed if open.</summary>
    public async Task<RemittanceStatement> StatementAsync(string officeId, RemittancePeriod period, CancellationToken ct)
    {
        if (!IsClosed(period))
        {
            return await ComputeAsync(officeId, period, closedAt: null, ct);
        }

        if (await StoredAsync(officeId, period, ct) is { } stored)
        {
            return stored;
        }

        var statement = await ComputeAsync(officeId, period, time.GetUtcNow(), ct);
        await using var cmd = db.CreateCommand("""
            INSERT INTO remittance_statements (service_id, office_id, period_start, period_end, due_on, collected_cents, kept_cents, due_cents, body, closed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10) ON CONFLICT DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = officeId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.End });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.DueOn });
        cmd.Parameters.Add(new NpgsqlParameter { Value = statement.CollectedCents });
        cmd.Parameters.Add(new NpgsqlParameter { Value = statement.KeptCents });
        cmd.Parameters.Add(new NpgsqlParameter { Value = statement.DueCents });
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(statement, BodyJson) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = statement.ClosedAt!.Value });
        await cmd.ExecuteNonQueryAsync(ct);
        // Two readers closing at once: the first insert wins, both return it.
        return (await StoredAsync(officeId, period, ct))!;
    }

    private async Task<RemittanceStatement?> StoredAsync(string officeId, RemittancePeriod period, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "SELECT body::text FROM remittance_statements WHERE service_id = $1 AND office_id = $2 AND period_start = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = officeId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        return await cmd.ExecuteScalarAsync(ct) is string body ? JsonSerializer.Deserialize<RemittanceStatement>(body, BodyJson) : null;
    }

    private async Task<RemittanceStatement> ComputeAsync(string officeId, RemittancePeriod period, DateTimeOffset? closedAt, CancellationToken ct)
    {
        // The office's dossiers are those ever dispatched to it (indexed); each fact goes to the office of the
        // dossier's latest dispatch before it, since payments and costs name no office themselves.
        await using var cmd = db.CreateCommand("""
            WITH ds AS (
                SELECT DISTINCT grain_key FROM journal
                WHERE service_id = $1 AND office_id = $2 AND kind = 'dispatched'),
            e AS (
                SELECT j.grain_key, j.seq, j.at, j.kind, j.data,
                       (SELECT d.data ->> 'officeId' FROM journal d
                        WHERE d.service_id = j.service_id AND d.grain_type = j.grain_type AND d.grain_key = j.grain_key
                          AND d.kind = 'dispatched' AND d.seq < j.seq
                        ORDER BY d.seq DESC LIMIT 1) AS by_office
                FROM ds JOIN journal j ON j.service_id = $1 AND j.grain_type = $5 AND j.grain_key = ds.grain_key
                WHERE j.kind IN ('payment-recorded', 'cost-charged')
                  AND j.at >= ($3::date)::timestamp AT TIME ZONE 'Europe/Brussels'
                  AND j.at < ($4::date)::timestamp AT TIME ZONE 'Europe/Brussels')
            SELECT grain_key, at, kind, data::text FROM e
            WHERE by_office = $2 AND (kind = 'cost-charged' OR data ->> 'source' = 'Bailiff')
            ORDER BY grain_key, seq
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = officeId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.End.AddDays(1) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        var payments = new Dictionary<string, List<CollectedPayment>>(StringComparer.Ordinal);
        var costs = new Dictionary<string, List<ChargedCost>>(StringComparer.Ordinal);
        var order = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var dossier = r.GetString(0);
                if (!payments.ContainsKey(dossier))
                {
                    order.Add(dossier);
                    payments[dossier] = [];
                    costs[dossier] = [];
                }

                using var data = JsonDocument.Parse(r.GetString(3));
                if (r.GetString(2) == JournalKinds.PaymentRecorded)
                {
                    payments[dossier].Add(PaymentOf(data.RootElement, r.GetFieldValue<DateTimeOffset>(1)));
                }
                else
                {
                    costs[dossier].Add(CostOf(data.RootElement));
                }
            }
        }

        var lines = order.Select(id => new DossierRemittance(id, payments[id].Sum(p => p.AmountCents), payments[id].Sum(p => p.KeptCents),
            payments[id].Sum(p => p.DueCents), payments[id], costs[id])).ToList();
        return new RemittanceStatement(officeId, period.Key, period.Start, period.End, period.DueOn, closedAt is not null, closedAt,
            lines.Sum(l => l.CollectedCents), lines.Sum(l => l.KeptCents), lines.Sum(l => l.DueCents), lines.Sum(l => l.Costs.Sum(c => c.TotalCents)), lines);
    }

    private static CollectedPayment PaymentOf(JsonElement data, DateTimeOffset at)
    {
        var amount = data.GetProperty("amountCents").GetInt64();
        var kept = 0L;
        if (data.TryGetProperty("allocations", out var allocations) && allocations.ValueKind == JsonValueKind.Array)
        {
            // The ledger imputes bailiff costs first (LEGAL.md §5); that part is the office's.
            kept = allocations.EnumerateArray()
                .Where(a => a.GetProperty("component").ToString() is "BailiffCosts" or "bailiffCosts")
                .Sum(a => a.GetProperty("amountCents").GetInt64());
        }

        return new CollectedPayment(DateOnly.Parse(data.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture), at,
            data.GetProperty("reference").GetString() ?? "", amount, kept, amount - kept);
    }

    private static ChargedCost CostOf(JsonElement data) => new(
        data.GetProperty("act").GetString() ?? "",
        DateOnly.Parse(data.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        data.GetProperty("tariffVersionId").GetString() ?? "",
        data.GetProperty("claimClass").GetString() ?? "",
        data.GetProperty("exclVatCents").GetInt64(),
        data.GetProperty("vatCents").GetInt64(),
        data.GetProperty("totalCents").GetInt64());
}
