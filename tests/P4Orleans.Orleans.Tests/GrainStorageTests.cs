using Orleans.Storage;

namespace P4Orleans.Orleans.Tests;

/// <summary>ADO.NET grain storage on the project's jsonb table, through a real silo.</summary>
public sealed class GrainStorageTests(SingleSiloCluster cluster) : IClassFixture<SingleSiloCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, DossierProbeState> States => new()
    {
        { "all-facts", new DossierProbeState
            {
                Status = ProbeStatus.Assigned, AssignedOfficeId = "office-0042", ArrondissementId = "BXL",
                Ledger = new ProbeLedger { OutstandingCents = [1_000_000, 234_567] },
                NextDeadline = new DateOnly(2027, 2, 28),
                NextDueAt = new DateTimeOffset(2027, 2, 28, 23, 0, 0, TimeSpan.Zero),
                Notes = ["first", "été — ñ ✓"],
            } },
        { "no-office-no-deadline", new DossierProbeState { Status = ProbeStatus.Received, ArrondissementId = "LIE" } },
        { "negative-balance", new DossierProbeState
            {
                Status = ProbeStatus.Closed, AssignedOfficeId = "o-1", ArrondissementId = "GNT",
                Ledger = new ProbeLedger { OutstandingCents = [10, -15] },
            } },
        { "offset-instant", new DossierProbeState
            {
                Status = ProbeStatus.Served, AssignedOfficeId = "o-2", ArrondissementId = "ANT",
                Ledger = new ProbeLedger { OutstandingCents = [long.MaxValue] },
                NextDeadline = new DateOnly(2026, 12, 31),
                // Written with its +01:00 offset; the column holds the same instant.
                NextDueAt = new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.FromHours(1)),
            } },
    };

    [Theory]
    [MemberData(nameof(States))]
    public async Task a_grain_state_is_written_read_back_and_its_row_is_jsonb_with_generated_facts_equal_to_the_state(
        string key, DossierProbeState state)
    {
        var grain = cluster.Cluster.GrainFactory.GetGrain<IDossierProbeGrain>("d-" + key);
        await grain.SaveAsync(state);
        var read = await grain.ReloadAsync();

        Assert.Equal(state.Status, read.Status);
        Assert.Equal(state.AssignedOfficeId, read.AssignedOfficeId);
        Assert.Equal(state.ArrondissementId, read.ArrondissementId);
        Assert.Equal(state.Ledger.OutstandingCents, read.Ledger.OutstandingCents);
        Assert.Equal(state.NextDeadline, read.NextDeadline);
        Assert.Equal(state.NextDueAt, read.NextDueAt);
        Assert.Equal(state.Notes, read.Notes);

        await using var cmd = cluster.Database.CreateCommand("""
            SELECT jsonb_typeof(payload), payload ->> 'status', status, office_id, arrondissement_id, balance_cents,
                   next_deadline, next_due_at, version
            FROM orleans_grain_state WHERE service_id = $1 AND state_name = 'dossier' AND grain_key = $2
            """);
        cmd.Parameters.Add(new() { Value = cluster.ServiceId });
        cmd.Parameters.Add(new() { Value = "d-" + key });
        await using var row = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await row.ReadAsync(Ct));
        Assert.Equal("object", row.GetString(0));
        Assert.Equal(state.Status.ToString(), row.GetString(1));
        Assert.Equal(state.Status.ToString(), row.GetString(2));
        Assert.Equal(state.AssignedOfficeId, row.IsDBNull(3) ? null : row.GetString(3));
        Assert.Equal(state.ArrondissementId, row.IsDBNull(4) ? null : row.GetString(4));
        Assert.Equal(state.Ledger.BalanceCents, row.GetInt64(5));
        Assert.Equal(state.NextDeadline, row.IsDBNull(6) ? null : row.GetFieldValue<DateOnly>(6));
        Assert.Equal(state.NextDueAt?.UtcDateTime, row.IsDBNull(7) ? null : row.GetFieldValue<DateTime>(7));
        Assert.Equal(1L, row.GetInt64(8));
        Assert.False(await row.ReadAsync(Ct));
    }

    [Fact]
    public async Task each_write_moves_the_version_and_the_facts_follow_the_state_in_the_same_write()
    {
        var grain = cluster.Cluster.GrainFactory.GetGrain<IDossierProbeGrain>("d-moves");
        var state = new DossierProbeState { Status = ProbeStatus.Received, ArrondissementId = "BXL" };
        await grain.SaveAsync(state);
        Assert.Equal("1", await grain.ETagAsync());

        state.Status = ProbeStatus.Assigned;
        state.AssignedOfficeId = "office-7";
        state.NextDeadline = new DateOnly(2027, 1, 15);
        await grain.SaveAsync(state);
        Assert.Equal("2", await grain.ETagAsync());
        Assert.Equal(("Assigned", "office-7", new DateOnly(2027, 1, 15), 2L), await FactsAsync("d-moves"));

        state.AssignedOfficeId = null;
        state.NextDeadline = null;
        await grain.SaveAsync(state);
        Assert.Equal(("Assigned", (string?)null, (DateOnly?)null, 3L), await FactsAsync("d-moves"));
    }

    [Fact]
    public async Task clearing_keeps_the_row_with_no_payload_and_no_facts_and_the_next_write_updates_it()
    {
        var grain = cluster.Cluster.GrainFactory.GetGrain<IDossierProbeGrain>("d-cleared");
        await grain.SaveAsync(new DossierProbeState { Status = ProbeStatus.Served, AssignedOfficeId = "o-3" });
        await grain.ClearAsync();
        Assert.Equal("2", await grain.ETagAsync());
        Assert.Equal(((string?)null, (string?)null, (DateOnly?)null, 2L), await FactsAsync("d-cleared"));
        Assert.Equal(ProbeStatus.Received, (await grain.ReloadAsync()).Status);

        await grain.SaveAsync(new DossierProbeState { Status = ProbeStatus.Closed });
        Assert.Equal(("Closed", (string?)null, (DateOnly?)null, 3L), await FactsAsync("d-cleared"));
    }

    [Fact]
    public async Task a_write_on_a_stale_version_is_an_inconsistent_state_exception_and_changes_nothing()
    {
        var grain = cluster.Cluster.GrainFactory.GetGrain<IDossierProbeGrain>("d-stale");
        await grain.SaveAsync(new DossierProbeState { Status = ProbeStatus.Received });
        // Another writer moved the row on.
        await ExecAsync("UPDATE orleans_grain_state SET version = version + 1, payload = payload || '{\"status\":\"Served\"}' " +
                        "WHERE state_name = 'dossier' AND grain_key = 'd-stale'");

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            grain.SaveAsync(new DossierProbeState { Status = ProbeStatus.Closed }));
        Assert.Equal(("Served", (string?)null, (DateOnly?)null, 2L), await FactsAsync("d-stale"));
    }

    [Fact]
    public async Task a_first_write_over_a_row_written_meanwhile_is_an_inconsistent_state_exception()
    {
        var grain = cluster.Cluster.GrainFactory.GetGrain<IDossierProbeGrain>("d-raced");
        // Activated (state read: no row) before anyone wrote the row.
        Assert.Null(await grain.ETagAsync());
        await ExecAsync("INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload) " +
                        "VALUES ($1, 'dossier', 'd-raced', 1, '{\"status\":\"Received\"}')", cluster.ServiceId);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            grain.SaveAsync(new DossierProbeState { Status = ProbeStatus.Assigned }));
        Assert.Equal(("Received", (string?)null, (DateOnly?)null, 1L), await FactsAsync("d-raced"));
    }

    [Fact]
    public async Task two_grain_types_with_different_state_names_and_the_same_key_keep_separate_rows()
    {
        await cluster.Cluster.GrainFactory.GetGrain<IDossierProbeGrain>("shared-key")
            .SaveAsync(new DossierProbeState { Status = ProbeStatus.Served, AssignedOfficeId = "o-9" });
        await cluster.Cluster.GrainFactory.GetGrain<IOfficeProbeGrain>("shared-key")
            .SaveAsync(new OfficeProbeState { Name = "Office nine", Capacity = 200 });

        await using var cmd = cluster.Database.CreateCommand(
            "SELECT state_name, version, payload::text, status FROM orleans_grain_state WHERE grain_key = 'shared-key' ORDER BY state_name");
        await using var rows = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await rows.ReadAsync(Ct));
        Assert.Equal("dossier", rows.GetString(0));
        Assert.Equal(1L, rows.GetInt64(1));
        Assert.Equal("Served", rows.GetString(3));
        Assert.True(await rows.ReadAsync(Ct));
        Assert.Equal("office-probe", rows.GetString(0));
        Assert.Equal(1L, rows.GetInt64(1));
        Assert.Contains("\"Office nine\"", rows.GetString(2), StringComparison.Ordinal);
        // The dossier facts are the dossier state's only.
        Assert.True(rows.IsDBNull(3));
        Assert.False(await rows.ReadAsync(Ct));

        var office = await cluster.Cluster.GrainFactory.GetGrain<IOfficeProbeGrain>("shared-key").ReadAsync();
        Assert.Equal(200, office.Capacity);
    }

    private async Task<(string? Status, string? Office, DateOnly? Deadline, long Version)> FactsAsync(string key)
    {
        await using var cmd = cluster.Database.CreateCommand(
            "SELECT status, office_id, next_deadline, version FROM orleans_grain_state WHERE state_name = 'dossier' AND grain_key = $1");
        cmd.Parameters.Add(new() { Value = key });
        await using var row = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await row.ReadAsync(Ct));
        return (row.IsDBNull(0) ? null : row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1),
            row.IsDBNull(2) ? null : row.GetFieldValue<DateOnly>(2), row.GetInt64(3));
    }

    private async Task ExecAsync(string sql, params object[] values)
    {
        await using var cmd = cluster.Database.CreateCommand(sql);
        foreach (var value in values)
        {
            cmd.Parameters.Add(new() { Value = value });
        }
        await cmd.ExecuteNonQueryAsync(Ct);
    }
}
