using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Recovery.Intake;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>
/// A large bulk job ends by refreshing the statistics of the tables it wrote (PostgreSQL's advice after a bulk load),
/// so that the commands that follow are planned on the rows just copied; a small job leaves that to autovacuum.
/// </summary>
public sealed class BulkIntakeStatisticsTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task a_job_of_at_least_the_threshold_analyzes_the_tables_it_wrote_and_a_smaller_one_does_not()
    {
        var onss = await _s.OnssAsync();
        var before = await LastAnalyzeAsync();

        var (small, _, _) = await BulkIntake.PostAsync(onss, BulkIntake.Ndjson(File(0, 20)));
        Assert.All(small, r => Assert.Equal("accepted", BulkIntake.Outcome(r)));
        Assert.Equal(before, await LastAnalyzeAsync());

        var (large, _, _) = await BulkIntake.PostAsync(onss, BulkIntake.Ndjson(File(20, IntakeService.AnalyzeAfter)));
        Assert.Equal(IntakeService.AnalyzeAfter, large.Count(r => BulkIntake.Outcome(r) == "accepted"));
        var after = await LastAnalyzeAsync();
        Assert.Equal(6, after.Count);
        Assert.All(after, t => Assert.True(t.Value is not null && (before[t.Key] is null || t.Value > before[t.Key]), t.Key));
    }

    private static string File(int from, int count) => string.Join('\n', Enumerable.Range(from + 1, count)
        .Select(i => JsonSerializer.Serialize(Contrainte($"ONSS-STAT-{i:D5}", Debtor.Default with { Niss = ManyNiss(i) }, 100_000 + i), Json))) + "\n";

    /// <summary>Valid NISS numbers beyond <see cref="Scenario.Niss"/>'s thousand: born 10, 11... July 1985, serials 1 to 900.</summary>
    private static string ManyNiss(int sequence)
    {
        var first9 = $"8507{10 + (sequence / 900):D2}{1 + (sequence % 900):D3}";
        return first9 + (97 - (long.Parse(first9, System.Globalization.CultureInfo.InvariantCulture) % 97)).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<Dictionary<string, DateTimeOffset?>> LastAnalyzeAsync()
    {
        await using var cmd = _s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            SELECT relname, last_analyze FROM pg_stat_user_tables
            WHERE relname IN ('orleans_grain_state', 'journal', 'timeline', 'key_date_texts', 'dossier_keys', 'dossier_intake')
            """);
        var found = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            found[r.GetString(0)] = r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1);
        }

        return found;
    }
}
