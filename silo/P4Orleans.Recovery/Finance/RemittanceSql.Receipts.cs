using Npgsql;
using P4Orleans.Contracts;

namespace P4Orleans.Recovery.Finance;

// Reconciliation: the remittances received, recorded against a closed statement, compared with what it says is due.
public sealed partial class RemittanceSql
{
    /// <summary>How a receipt's recording ended.</summary>
    public enum ReceiptOutcome
    {
        /// <summary>Recorded now.</summary>
        Recorded,

        /// <summary>The same receipt (reference, amount, date) was recorded before: nothing written.</summary>
        Duplicate,

        /// <summary>Another receipt with this reference exists for the statement.</summary>
        Conflict,
    }

    /// <summary>Records a remittance received for a closed period's statement (stored first if it was not yet).</summary>
    public async Task<ReceiptOutcome> RecordReceiptAsync(string officeId, RemittancePeriod period, RemittanceReceipt receipt, Guid? recordedBy,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        await StatementAsync(officeId, period, ct);
        await using var cmd = db.CreateCommand("""
            WITH ins AS (
                INSERT INTO remittance_receipts (service_id, office_id, period_start, reference, amount_cents, received_on, recorded_at, recorded_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING 1)
            SELECT (SELECT count(*) FROM ins)::int,
                   (SELECT count(*) FROM remittance_receipts
                    WHERE service_id = $1 AND office_id = $2 AND period_start = $3 AND reference = $4 AND amount_cents = $5 AND received_on = $6)::int
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = officeId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        cmd.Parameters.Add(new NpgsqlParameter { Value = receipt.Reference });
        cmd.Parameters.Add(new NpgsqlParameter { Value = receipt.AmountCents });
        cmd.Parameters.Add(new NpgsqlParameter { Value = receipt.ReceivedOn });
        cmd.Parameters.Add(new NpgsqlParameter { Value = receipt.RecordedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)recordedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        // The statement's snapshot of the CTE does not see its own insert: a match means an earlier identical receipt.
        return r.GetInt32(0) == 1 ? ReceiptOutcome.Recorded : r.GetInt32(1) == 1 ? ReceiptOutcome.Duplicate : ReceiptOutcome.Conflict;
    }

    /// <summary>The reconciliation of one office's closed statement.</summary>
    public async Task<Reconciliation> ReconcileAsync(string officeId, RemittancePeriod period, CancellationToken ct)
    {
        var statement = await StatementAsync(officeId, period, ct);
        return Reconciliation.Of(statement, await ReceiptsAsync(officeId, period, ct), Today);
    }

    /// <summary>
    /// Every office's reconciliation for a closed period (each statement stored if it was not yet); with
    /// <paramref name="flaggedOnly"/>, only those with a difference.
    /// </summary>
    public async Task<IReadOnlyList<Reconciliation>> ReconciliationsAsync(RemittancePeriod period, bool flaggedOnly, CancellationToken ct)
    {
        var result = new List<Reconciliation>();
        foreach (var office in await OfficeIdsAsync(ct))
        {
            var reconciliation = await ReconcileAsync(office, period, ct);
            if (!flaggedOnly || reconciliation.Flags.Count > 0)
            {
                result.Add(reconciliation);
            }
        }

        return result;
    }

    private async Task<IReadOnlyList<RemittanceReceipt>> ReceiptsAsync(string officeId, RemittancePeriod period, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT reference, amount_cents, received_on, recorded_at FROM remittance_receipts
            WHERE service_id = $1 AND office_id = $2 AND period_start = $3 ORDER BY received_on, recorded_at, reference
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = officeId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        var receipts = new List<RemittanceReceipt>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            receipts.Add(new RemittanceReceipt(r.GetString(0), r.GetInt64(1), r.GetFieldValue<DateOnly>(2), r.GetFieldValue<DateTimeOffset>(3)));
        }

        return receipts;
    }

    /// <summary>Registered offices, in key order.</summary>
    public async Task<IReadOnlyList<string>> OfficeIdsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "SELECT grain_key FROM orleans_grain_state WHERE service_id = $1 AND state_name = $2 AND payload IS NOT NULL ORDER BY grain_key LIMIT 5000");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Bailiff });
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }

    /// <summary>Whether an office is registered (an unknown office has no statement).</summary>
    public async Task<bool> OfficeExistsAsync(string officeId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "SELECT 1 FROM orleans_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_key = $3 AND payload IS NOT NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Bailiff });
        cmd.Parameters.Add(new NpgsqlParameter { Value = officeId });
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }
}
