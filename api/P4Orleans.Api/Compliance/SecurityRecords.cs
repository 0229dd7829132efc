using Npgsql;
using NpgsqlTypes;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Grains;

namespace P4Orleans.Api.Compliance;

/// <summary>How serious an incident was.</summary>
public enum IncidentSeverity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>What a continuity test exercised.</summary>
public enum BackupTestKind
{
    Backup,
    Restore,
}

/// <summary>A security incident to record (no personal data in the summary: name dossiers by id).</summary>
public sealed record NewIncident(DateOnly OccurredOn, IncidentSeverity Severity, string Summary, DateOnly? ResolvedOn = null);

/// <summary>A security incident as recorded.</summary>
public sealed record Incident(Guid Id, DateOnly OccurredOn, IncidentSeverity Severity, string Summary, DateOnly? ResolvedOn, DateTimeOffset RecordedAt, Guid RecordedBy);

/// <summary>A backup or restore test to record.</summary>
public sealed record NewBackupTest(BackupTestKind Kind, DateOnly PerformedOn, bool Succeeded, string? Notes = null);

/// <summary>A backup or restore test as recorded.</summary>
public sealed record BackupTest(Guid Id, BackupTestKind Kind, DateOnly PerformedOn, bool Succeeded, string? Notes, DateTimeOffset RecordedAt, Guid RecordedBy);

/// <summary>The security coordinator's records of incidents and of backup and restore tests, the evidence of the yearly report.</summary>
public sealed class SecurityRecords(NpgsqlDataSource db, [FromKeyedServices(PlatformClock.Key)] TimeProvider time)
{
    /// <summary>Records an incident; its dates lie in the past (today included), the resolution not before the incident.</summary>
    public async Task<Incident> AddIncidentAsync(NewIncident incident, Guid by, CancellationToken cancellationToken)
    {
        var today = Brussels.DateOf(time.GetUtcNow());
        NotAfter(incident.OccurredOn, today, "occurredOn");
        if (incident.ResolvedOn is { } resolved && (resolved < incident.OccurredOn || resolved > today))
        {
            throw new ValidationFailedException("resolvedOn", "The resolution lies between the incident and today.");
        }
        if (string.IsNullOrWhiteSpace(incident.Summary))
        {
            throw new ValidationFailedException("summary", "Say what happened.");
        }
        var stored = new Incident(Guid.CreateVersion7(), incident.OccurredOn, incident.Severity, incident.Summary.Trim(), incident.ResolvedOn,
            AuditLog.Truncate(time.GetUtcNow()), by);
        await using var cmd = db.CreateCommand(
            "INSERT INTO security_incidents (id, recorded_at, recorded_by, occurred_on, severity, summary, resolved_on) VALUES ($1, $2, $3, $4, $5, $6, $7)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.RecordedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = by });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.OccurredOn });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.Severity.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.Summary });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)stored.ResolvedOn ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return stored;
    }

    /// <summary>The incidents of a year (by the day they occurred).</summary>
    public async Task<IReadOnlyList<Incident>> IncidentsAsync(int year, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, occurred_on, severity, summary, resolved_on, recorded_at, recorded_by FROM security_incidents
            WHERE occurred_on >= $1 AND occurred_on < $2 ORDER BY occurred_on, id
            """);
        AddYear(cmd, year);
        var list = new List<Incident>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new Incident(r.GetGuid(0), r.GetFieldValue<DateOnly>(1), Enum.Parse<IncidentSeverity>(r.GetString(2)), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4), r.GetFieldValue<DateTimeOffset>(5), r.GetGuid(6)));
        }
        return list;
    }

    /// <summary>Records a backup or restore test (performed today or before).</summary>
    public async Task<BackupTest> AddBackupTestAsync(NewBackupTest test, Guid by, CancellationToken cancellationToken)
    {
        NotAfter(test.PerformedOn, Brussels.DateOf(time.GetUtcNow()), "performedOn");
        var stored = new BackupTest(Guid.CreateVersion7(), test.Kind, test.PerformedOn, test.Succeeded, test.Notes?.Trim(), AuditLog.Truncate(time.GetUtcNow()), by);
        await using var cmd = db.CreateCommand(
            "INSERT INTO backup_tests (id, recorded_at, recorded_by, kind, performed_on, succeeded, notes) VALUES ($1, $2, $3, $4, $5, $6, $7)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.RecordedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = by });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.Kind.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.PerformedOn });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stored.Succeeded });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)stored.Notes ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return stored;
    }

    /// <summary>The backup and restore tests of a year.</summary>
    public async Task<IReadOnlyList<BackupTest>> BackupTestsAsync(int year, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, kind, performed_on, succeeded, notes, recorded_at, recorded_by FROM backup_tests
            WHERE performed_on >= $1 AND performed_on < $2 ORDER BY performed_on, id
            """);
        AddYear(cmd, year);
        var list = new List<BackupTest>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new BackupTest(r.GetGuid(0), Enum.Parse<BackupTestKind>(r.GetString(1)), r.GetFieldValue<DateOnly>(2), r.GetBoolean(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetFieldValue<DateTimeOffset>(5), r.GetGuid(6)));
        }
        return list;
    }

    /// <summary>The current year by the platform clock (Brussels).</summary>
    public int CurrentYear => Brussels.DateOf(time.GetUtcNow()).Year;

    /// <summary>The year, checked: from the earliest plausible date's year to the current one.</summary>
    public int CheckYear(int year)
    {
        var current = Brussels.DateOf(time.GetUtcNow()).Year;
        return year < Contracts.InputLimits.EarliestDate.Year || year > current
            ? throw new ValidationFailedException("year", $"The year lies between {Contracts.InputLimits.EarliestDate.Year} and {current}.")
            : year;
    }

    private static void NotAfter(DateOnly date, DateOnly today, string field)
    {
        if (date > today)
        {
            throw new ValidationFailedException(field, "The date lies in the future.");
        }
    }

    private static void AddYear(NpgsqlCommand cmd, int year)
    {
        cmd.Parameters.Add(new NpgsqlParameter { Value = new DateOnly(year, 1, 1) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = new DateOnly(year + 1, 1, 1) });
    }
}
