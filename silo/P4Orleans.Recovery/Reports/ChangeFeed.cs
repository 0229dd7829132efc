using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Reports;

/// <summary>One change of one dossier, as ONSS mirrors it (no personal data: the journal holds none).</summary>
/// <param name="Position">The change's place in the feed (opaque; pass it as <c>after</c> to read on from it).</param>
/// <param name="DossierId">The dossier.</param>
/// <param name="OnssReference">ONSS's reference of the title (kept after a purge: it names the title, not the person).</param>
/// <param name="At">When the change happened (UTC).</param>
/// <param name="Kind">The kind of change (a journal kind: transition, deadline-reached, office-served...).</param>
/// <param name="Facts">The change's facts as the journal recorded them.</param>
public sealed record ChangeFeedItem(string Position, string DossierId, string? OnssReference, DateTimeOffset At, string Kind, JsonElement? Facts);

/// <summary>A page of the feed.</summary>
/// <param name="Items">The changes, in feed order.</param>
/// <param name="Next">The cursor to read on from (the last item's position, or the cursor asked when the page is empty).</param>
/// <param name="More">True when more changes are readable now past <paramref name="Next"/>.</param>
public sealed record ChangeFeedPage(IReadOnlyList<ChangeFeedItem> Items, string? Next, bool More);

/// <summary>
/// The feed's cursor: the transaction id and the position of the last row read, in base64url so that clients keep it
/// opaque. Rows are ordered by (transaction, position); see migration 0011 for why.
/// </summary>
public readonly record struct ChangeFeedCursor(ulong Tx, long Position)
{
    private const string Version = "c1";

    /// <summary>The cursor as the client sees it.</summary>
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{Version}.{Tx}.{Position}")));

    /// <summary>Reads a cursor the feed gave; false for anything else.</summary>
    public static bool TryDecode(string? text, out ChangeFeedCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(bytes).Split('.');
        if (parts.Length != 3 || parts[0] != Version
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var tx)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return false;
        }

        cursor = new ChangeFeedCursor(tx, position);
        // Round trip: one cursor has one spelling (no leading zeros, no padding variants).
        return cursor.Encode() == text;
    }
}

/// <summary>
/// ONSS's change feed: the dossiers' journal entries of the kinds ONSS mirrors, in commit-safe order, without gaps or
/// duplicates across concurrent writers (migration 0011). A change is in the feed exactly when its state is stored,
/// since the journal row is written in the same statement as the state (or in the same transaction, by bulk intake).
/// </summary>
public sealed class ChangeFeedSql(NpgsqlDataSource db, PlatformClusterOptions cluster)
{
    /// <summary>The journal kinds the feed carries: status changes, deadlines reached, acts, money, closure, purge.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
    [
        JournalKinds.Submitted, JournalKinds.Transition, JournalKinds.Dispatched, JournalKinds.OfficeAccepted, JournalKinds.OfficeRefused,
        JournalKinds.OfficeMissedAcceptance, JournalKinds.OfficeReleased, JournalKinds.DeadlineReached, JournalKinds.OfficeServed,
        JournalKinds.OppositionFiled, JournalKinds.JudgmentRecorded, JournalKinds.SeizureReported, JournalKinds.SeizuresConservatory,
        JournalKinds.PaymentRecorded, JournalKinds.CostCharged, JournalKinds.LedgerAdjusted, JournalKinds.InterventionClosed,
        JournalKinds.PersonalDataPurged,
    ];

    private static readonly string[] KindArray = [.. Kinds];

    /// <summary>
    /// The feed's query: $1 service, $2 the cursor's transaction (text), $3 its position, $4 the kinds, $5 the rows
    /// asked. One statement, one snapshot: the horizon and the rows are read together.
    /// </summary>
    public const string Sql = """
        SELECT j.tx::text, j.position, j.grain_key, s.payload ->> 'reference', j.at, j.kind, j.data
        FROM journal j
        LEFT JOIN orleans_grain_state s ON s.service_id = j.service_id AND s.state_name = j.grain_type AND s.grain_key = j.grain_key
        WHERE j.service_id = $1 AND j.grain_type = 'dossier'
          AND (j.tx, j.position) > ($2::text::xid8, $3)
          AND j.tx < pg_snapshot_xmin(pg_current_snapshot())
          AND j.kind = ANY($4)
        ORDER BY j.tx, j.position
        LIMIT $5
        """;

    /// <summary>Up to <paramref name="limit"/> changes after <paramref name="after"/> (from the start when null).</summary>
    public async Task<ChangeFeedPage> ReadAsync(ChangeFeedCursor? after, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var cmd = db.CreateCommand(Sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (after?.Tx ?? 0).ToString(CultureInfo.InvariantCulture) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = after?.Position ?? 0L });
        cmd.Parameters.Add(new NpgsqlParameter { Value = KindArray });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        var items = new List<ChangeFeedItem>(Math.Min(limit, 1000));
        var more = false;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                if (items.Count == limit)
                {
                    more = true;
                    break;
                }

                var cursor = new ChangeFeedCursor(ulong.Parse(r.GetString(0), CultureInfo.InvariantCulture), r.GetInt64(1));
                JsonElement? facts = r.IsDBNull(6) ? null : Parse(r.GetString(6));
                items.Add(new ChangeFeedItem(cursor.Encode(), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.GetFieldValue<DateTimeOffset>(4), r.GetString(5), facts));
            }
        }

        return new ChangeFeedPage(items, items.Count > 0 ? items[^1].Position : after?.Encode(), more);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
