using Npgsql;
using P4Orleans.Silo.Database;

namespace P4Orleans.Api.Tests.Migration;

/// <summary>
/// A database written while the key dates' reasons were in the dossiers' state (release 1's data moved by 0008, and
/// the grains' rows up to 0013) migrates forward: every reason moves to <c>key_date_texts</c>, word for word, and the
/// rows keep the dates alone.
/// </summary>
public sealed class KeyDateTextMigrationTests
{
    /// <summary>The last migration of the version whose dossiers held their key dates' reasons in their state.</summary>
    private const int ReasonsInStateUpTo = 13;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task every_reason_held_in_a_state_moves_beside_it_word_for_word_and_the_rows_keep_the_dates_alone()
    {
        var cs = await Release1Fixture.RestoreAsync("kdt", Ct);
        await using var db = NpgsqlDataSource.Create(cs);
        await TimelineMigrationTests.ApplyUpToAsync(db, ReasonsInStateUpTo);
        var before = await ReadAsync(db, """
            SELECT s.grain_key, k.key, k.value ->> 'french', k.value ->> 'dutch'
            FROM orleans_grain_state s, jsonb_each(s.payload -> 'keyDates') k
            WHERE s.state_name = 'dossier' AND k.value ? 'french'
            """);
        Assert.NotEmpty(before);
        Assert.All(before, r => Assert.NotEmpty(r.French));
        var dates = await CountAsync(db, "SELECT count(*) FROM orleans_grain_state s, jsonb_each(s.payload -> 'keyDates') k WHERE s.state_name = 'dossier'");
        Assert.True(dates > 0);

        var report = await Release1Fixture.MigrateAsync(cs, Ct);
        Assert.Equal(Migrator.All.Where(m => m.Number > ReasonsInStateUpTo).Select(m => m.Number), report.Applied.Select(m => m.Number));

        var moved = await ReadAsync(db, "SELECT grain_key, name, french, dutch FROM key_date_texts WHERE grain_type = 'dossier'");
        Assert.Equal(before.Order(), moved.Order());
        Assert.Equal(0L, await CountAsync(db, """
            SELECT count(*) FROM orleans_grain_state s, jsonb_each(s.payload -> 'keyDates') k
            WHERE s.state_name = 'dossier' AND (k.value ? 'french' OR k.value ? 'dutch')
            """));
        // The dates themselves are all still there, with their day and due instant.
        Assert.Equal(dates, await CountAsync(db, """
            SELECT count(*) FROM orleans_grain_state s, jsonb_each(s.payload -> 'keyDates') k
            WHERE s.state_name = 'dossier' AND k.value ? 'date' AND k.value ? 'dueAt'
            """));
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<List<(string Key, string Name, string French, string Dutch)>> ReadAsync(NpgsqlDataSource db, string sql)
    {
        var rows = new List<(string, string, string, string)>();
        await using var cmd = db.CreateCommand(sql);
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            rows.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }

        return rows;
    }
}
