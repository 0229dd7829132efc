using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Recovery.Reports;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Reports;

/// <summary>Reads ONSS's change feed as a client does, and the journal as the truth to compare it with.</summary>
internal static class FeedReader
{
    /// <summary>One page after <paramref name="after"/>.</summary>
    public static async Task<ChangeFeedPage> PageAsync(HttpClient onss, string? after, int limit, List<string>? bodies = null)
    {
        var response = await onss.GetAsync($"/onss/changes?limit={limit}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"), Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
        bodies?.Add(await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ChangeFeedPage>(Json, Ct))!;
    }

    /// <summary>Every page from <paramref name="after"/> until the feed says nothing more is readable.</summary>
    public static async Task<(List<ChangeFeedItem> Items, string? Next)> DrainAsync(HttpClient onss, string? after, int limit, List<string>? bodies = null)
    {
        var items = new List<ChangeFeedItem>();
        for (var pages = 0; pages < 10_000; pages++)
        {
            var page = await PageAsync(onss, after, limit, bodies);
            Assert.True(page.Items.Count <= limit);
            items.AddRange(page.Items);
            after = page.Next;
            if (!page.More)
            {
                return (items, after);
            }
        }

        throw new InvalidOperationException("The feed never ended.");
    }

    /// <summary>
    /// Reads on from <paramref name="after"/> until the feed has given every journal row committed now past it. Tests of
    /// other classes run their own databases on the same server, and a transaction open there holds back the horizon
    /// for a moment (the horizon is the server's): so poll, with a bound.
    /// </summary>
    public static async Task<(List<ChangeFeedItem> Items, string? Next)> CatchUpAsync(Scenario s, HttpClient onss, string? after, int limit, List<string>? bodies = null)
    {
        var from = after is null ? default : ChangeFeedCursor.TryDecode(after, out var c) ? c : throw new ArgumentException("Bad cursor", nameof(after));
        var target = (await JournalAsync(s)).Count(r => Later(r, from));
        var items = new List<ChangeFeedItem>();
        for (var i = 0; i < 500; i++)
        {
            var (page, next) = await DrainAsync(onss, after, limit, bodies);
            items.AddRange(page);
            after = next;
            if (items.Count >= target)
            {
                break;
            }

            await Task.Delay(10, Ct);
        }

        return (items, after);
    }

    private static bool Later(ChangeFeedCursor row, ChangeFeedCursor cursor) =>
        row.Tx > cursor.Tx || (row.Tx == cursor.Tx && row.Position > cursor.Position);

    /// <summary>The journal rows the feed carries, in (transaction, position) order, as cursors.</summary>
    public static async Task<List<ChangeFeedCursor>> JournalAsync(Scenario s)
    {
        var db = s.Api.Services.GetRequiredService<NpgsqlDataSource>();
        // Ordered by the column, qualified: a bare "tx" would name the output column, text, and put 1005 before 988.
        await using var cmd = db.CreateCommand(
            "SELECT j.tx::text, j.position FROM journal j WHERE j.grain_type = 'dossier' AND j.kind = ANY($1) ORDER BY j.tx, j.position");
        cmd.Parameters.Add(new NpgsqlParameter { Value = ChangeFeedSql.Kinds.ToArray() });
        var rows = new List<ChangeFeedCursor>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            rows.Add(new ChangeFeedCursor(ulong.Parse(r.GetString(0), System.Globalization.CultureInfo.InvariantCulture), r.GetInt64(1)));
        }

        return rows;
    }

    public static ChangeFeedCursor Cursor(ChangeFeedItem item) =>
        ChangeFeedCursor.TryDecode(item.Position, out var c) ? c : throw new InvalidOperationException($"Bad position {item.Position}");

    /// <summary>Appends a journal row as a writer would, in <paramref name="tx"/>; returns its position.</summary>
    public static async Task<long> InsertAsync(Scenario s, NpgsqlConnection conn, NpgsqlTransaction tx, string grainKey, long seq)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO journal (service_id, grain_type, grain_key, seq, at, kind, data)
            VALUES ($1, 'dossier', $2, $3, $4, 'payment-recorded', '{"amountCents": 1}') RETURNING position
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = s.Api.Services.GetRequiredService<PlatformClusterOptions>().ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = grainKey });
        cmd.Parameters.Add(new NpgsqlParameter { Value = seq });
        cmd.Parameters.Add(new NpgsqlParameter { Value = s.Clock.GetUtcNow() });
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>
    /// The feed's items are exactly the journal's rows of the feed's kinds, in order. On a difference the failure lists
    /// both sides and every journal row of the database (keys, kinds, services: no personal data), so that a rare
    /// difference explains itself.
    /// </summary>
    public static async Task AssertMatchesJournalAsync(Scenario s, IReadOnlyList<ChangeFeedItem> items)
    {
        var journal = await JournalAsync(s);
        var read = items.Select(Cursor).ToList();
        if (journal.SequenceEqual(read))
        {
            return;
        }

        var db = s.Api.Services.GetRequiredService<NpgsqlDataSource>();
        var dump = new System.Text.StringBuilder();
        await using (var cmd = db.CreateCommand(
            "SELECT current_database(), j.tx::text, j.position, j.service_id, j.grain_type, j.grain_key, j.seq, j.kind FROM journal j ORDER BY j.tx, j.position"))
        await using (var r = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await r.ReadAsync(Ct))
            {
                dump.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"{r.GetString(0)} {r.GetString(1)}/{r.GetInt64(2)} {r.GetString(3)} {r.GetString(4)} {r.GetString(5)} #{r.GetInt64(6)} {r.GetString(7)}").AppendLine();
            }
        }

        dump.AppendLine("feed:");
        foreach (var item in items)
        {
            dump.Append(System.Globalization.CultureInfo.InvariantCulture, $"{item.Position} {item.DossierId} {item.Kind}").AppendLine();
        }

        Assert.Fail($"The feed ({read.Count} items) differs from the journal ({journal.Count} rows).\n{dump}");
    }
}
