using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using Orleans.Storage;
using P4Orleans.Domain.Orleans;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// After each command of a dossier's life, the indexed columns of its row (status, office_id, arrondissement_id,
/// balance_cents, next_deadline, next_due_at), which the lists, the dispatcher and the catch-up read, equal the
/// state read back through the grain (its summary) and through the platform's storage provider.
/// </summary>
public sealed class IndexedColumnsTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private static DateOnly Day(int d) => new(2026, 3, d);

    [Fact]
    public async Task the_indexed_columns_equal_the_state_after_every_command_from_submission_to_withdrawal()
    {
        var id = await cluster.SubmitAsync("ONSS-IX-0001");
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        var steps = new (string Name, Func<Task> Run)[]
        {
            ("submitted", () => Task.CompletedTask),
            ("assigned", () => grain.AssignAsync("office-ix-1", "test")),
            ("refused", () => grain.RefuseAsync("office-ix-1", RefusalReason.Capacity, "full")),
            ("assigned again", () => grain.AssignAsync("office-ix-2", "test")),
            ("accepted", () => grain.AcceptAsync("office-ix-2")),
            ("served", () => grain.ReportServiceAsync("office-ix-2", new ServiceReport(Day(2), ServiceMode.InPerson, "Sophie Lambert", "A-1"))),
            ("executable", async () =>
            {
                var reached = await cluster.JournalCountAsync(id, JournalKinds.DeadlineReached);
                cluster.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero));
                // The silo's catch-up (every half second) may apply the deadline before this wake does: either counts.
                await grain.WakeAsync();
                Assert.True(await cluster.JournalCountAsync(id, JournalKinds.DeadlineReached) > reached);
            }),
            ("seized", () => grain.ReportSeizureAsync("office-ix-2", new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, Day(5),
                [new SeizableAsset("Volkswagen Golf", 500_000)], "S-1"))),
            ("partly paid", () => grain.RecordPaymentAsync(null, new PaymentReport(120_000, Day(5), PaymentSource.Onss, "P-1"))),
            ("withdrawn", () => grain.WithdrawAsync("settled at ONSS")),
        };

        var seen = new HashSet<string>();
        foreach (var (name, run) in steps)
        {
            await run();
            var row = await ColumnsAsync(id);
            var summary = await grain.GetSummaryAsync();
            var stored = await StoredAsync(id);
            Assert.True(row.Status == summary.Status.ToString(), $"{name}: status {row.Status} vs {summary.Status}");
            Assert.True(row.Office == summary.AssignedOfficeId, $"{name}: office {row.Office} vs {summary.AssignedOfficeId}");
            Assert.True(row.Arrondissement == summary.ArrondissementId, $"{name}: arrondissement {row.Arrondissement} vs {summary.ArrondissementId}");
            Assert.True(row.Balance == summary.BalanceCents, $"{name}: balance {row.Balance} vs {summary.BalanceCents}");
            Assert.True(row.NextDeadline == summary.NextDeadline, $"{name}: next deadline {row.NextDeadline} vs {summary.NextDeadline}");
            Assert.True(row.NextDueAt == stored.NextDueAt, $"{name}: next due {row.NextDueAt:O} vs {stored.NextDueAt:O}");
            seen.Add($"{row.Status}|{row.Office}|{row.Balance}|{row.NextDeadline}|{row.NextDueAt:O}");
        }

        // The walk went through different values of the columns, not one row compared with itself.
        Assert.True(seen.Count >= 6, $"only {seen.Count} distinct rows");
        Assert.Equal("liege", (await ColumnsAsync(id)).Arrondissement);
    }

    private async Task<DossierState> StoredAsync(string id)
    {
        var storage = cluster.FirstSilo.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        var state = new GrainState<DossierState>();
        await storage.ReadStateAsync(GrainTypes.Dossier, GrainId.Create("dossier", id), state);
        Assert.True(state.RecordExists);
        return state.State!;
    }

    private async Task<(string? Status, string? Office, string? Arrondissement, long? Balance, DateOnly? NextDeadline, DateTimeOffset? NextDueAt)> ColumnsAsync(string id)
    {
        await using var cmd = cluster.Database.CreateCommand("""
            SELECT status, office_id, arrondissement_id, balance_cents, next_deadline, next_due_at FROM orleans_grain_state
            WHERE service_id = $1 AND state_name = 'dossier' AND grain_key = $2
            """);
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await r.ReadAsync(TestContext.Current.CancellationToken));
        return (r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
            r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4),
            r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5));
    }
}
