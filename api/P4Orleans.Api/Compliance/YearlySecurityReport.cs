using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Grains;

namespace P4Orleans.Api.Compliance;

/// <summary>The coordinator's section of a yearly report.</summary>
public sealed record ReportStatement(string Statement);

/// <summary>A norms' chapter (security-norms.json) and the evidence it shows.</summary>
public sealed record NormChapter(string Id, string Title, IReadOnlyList<string> Evidence);

/// <summary>The norms' chapters, as kept in the data file.</summary>
public sealed record SecurityNorms(string Source, string ToBeConfirmed, IReadOnlyList<NormChapter> Chapters)
{
    /// <summary>The chapters embedded with the gateway (Compliance/security-norms.json).</summary>
    public static SecurityNorms Load()
    {
        using var stream = typeof(SecurityNorms).Assembly.GetManifestResourceStream("P4Orleans.Api.Compliance.security-norms.json")
            ?? throw new InvalidOperationException("security-norms.json is not embedded.");
        return JsonSerializer.Deserialize<SecurityNorms>(stream, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("security-norms.json is empty.");
    }
}

/// <summary>
/// The yearly report against the BCSS minimum security norms (deliberation 17/006, §19): a Markdown document, one
/// section per chapter of <c>security-norms.json</c>, each with the evidence the platform holds for the year, and the
/// coordinator's own section, editable until the report is finalised; the finalised document is stored and never
/// changes after.
/// </summary>
public sealed partial class YearlySecurityReport(NpgsqlDataSource db, SecurityRecords records, RetentionReport retention, BailiffInfractions infractions,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time)
{
    private static readonly SecurityNorms Norms = SecurityNorms.Load();

    /// <summary>The document of the year: as finalised, or generated now with the coordinator's current section.</summary>
    public async Task<string> DocumentAsync(int year, CancellationToken cancellationToken)
    {
        records.CheckYear(year);
        var stored = await StoredAsync(year, cancellationToken);
        return stored.Document ?? await GenerateAsync(year, stored.Statement, null, cancellationToken);
    }

    /// <summary>Replaces the coordinator's section; 409 once the year's report is finalised.</summary>
    public async Task SetStatementAsync(int year, string statement, Guid by, CancellationToken cancellationToken)
    {
        records.CheckYear(year);
        if (string.IsNullOrWhiteSpace(statement))
        {
            throw new ValidationFailedException("statement", "The coordinator's section is not empty.");
        }
        await using var cmd = db.CreateCommand("""
            INSERT INTO security_reports (year, statement, updated_at, updated_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT (year) DO UPDATE SET statement = excluded.statement, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            WHERE security_reports.finalised_at IS NULL
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = year });
        cmd.Parameters.Add(new NpgsqlParameter { Value = statement.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = AuditLog.Truncate(time.GetUtcNow()) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = by });
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new ConflictException($"The report of {year} is finalised; it no longer changes.");
        }
    }

    /// <summary>Generates the document once more and freezes it; 409 when already finalised or when the coordinator's section is missing.</summary>
    public async Task<string> FinaliseAsync(int year, Guid by, CancellationToken cancellationToken)
    {
        records.CheckYear(year);
        var stored = await StoredAsync(year, cancellationToken);
        if (stored.Document is not null)
        {
            throw new ConflictException($"The report of {year} is already finalised.");
        }
        if (stored.Statement is null)
        {
            throw new ConflictException("Write the coordinator's section before finalising the report.");
        }
        var now = AuditLog.Truncate(time.GetUtcNow());
        var document = await GenerateAsync(year, stored.Statement, now, cancellationToken);
        await using var cmd = db.CreateCommand(
            "UPDATE security_reports SET document = $2, finalised_at = $3, finalised_by = $4 WHERE year = $1 AND finalised_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = year });
        cmd.Parameters.Add(new NpgsqlParameter { Value = document });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        cmd.Parameters.Add(new NpgsqlParameter { Value = by });
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1 ? document : throw new ConflictException($"The report of {year} is already finalised.");
    }

    private async Task<(string? Statement, string? Document)> StoredAsync(int year, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT statement, document FROM security_reports WHERE year = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = year });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)) : (null, null);
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static NpgsqlParameter Param(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
