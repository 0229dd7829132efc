using System.Text;
using Npgsql;

namespace P4Orleans.Api.Compliance;

// The evidence of each chapter, counted from the audit log, the registry and the records; then the Markdown.
public sealed partial class YearlySecurityReport
{
    // Each figure by its name in the document: one query over the year's audit entries.
    private const string AuditFigures = """
        WITH a AS (SELECT * FROM audit_log WHERE at >= $1 AND at < $2),
        dep AS (
            SELECT d.request_id, d.at - min(s.at) AS delay
            FROM a d JOIN a s ON s.request_id = d.request_id AND s.action = 'users.status-changed'
            WHERE d.action = 'chamber.office-departure' AND d.outcome LIKE 'ok%'
            GROUP BY d.request_id, d.at)
        SELECT
            count(*) FILTER (WHERE action = 'users.registered'),
            count(*) FILTER (WHERE action = 'users.recertified'),
            count(*) FILTER (WHERE action = 'users.status-changed' AND details::jsonb -> 'after' ->> 'status' = 'Suspended'),
            count(*) FILTER (WHERE action = 'users.status-changed' AND details::jsonb ->> 'reason' = 'recertification-overdue'),
            count(*) FILTER (WHERE action = 'users.status-changed' AND details::jsonb -> 'after' ->> 'status' = 'Revoked'),
            count(*) FILTER (WHERE action = 'users.roles-changed'),
            count(*) FILTER (WHERE action = 'chamber.office-update' AND outcome LIKE 'ok%'),
            count(*) FILTER (WHERE action = 'chamber.office-departure' AND outcome LIKE 'ok%'),
            count(*) FILTER (WHERE action = 'users.status-changed' AND role LIKE '%ChamberFeed%'),
            coalesce((SELECT max(extract(epoch FROM delay)) * 1000 FROM dep), 0)::bigint,
            count(*) FILTER (WHERE action = 'audit.verify' AND outcome LIKE 'ok%'),
            count(*) FILTER (WHERE outcome LIKE 'denied:%' OR outcome LIKE 'refused:%'),
            count(*),
            (SELECT count(*) FROM users WHERE status = 'Active'),
            (SELECT count(*) FROM audit_campaigns WHERE created_at >= $1 AND created_at < $2),
            (SELECT count(*) FROM audit_campaigns WHERE closed_at >= $1 AND closed_at < $2),
            count(*) FILTER (WHERE action = 'chamber.function-change' AND outcome LIKE 'ok%'),
            count(*) FILTER (WHERE action = 'chamber.person-departure' AND outcome LIKE 'ok%'),
            count(*) FILTER (WHERE action = 'keys.rotated' AND outcome LIKE 'ok%'),
            coalesce((SELECT max((details::jsonb ->> 'keyId')::int) FROM a WHERE action = 'keys.rotated' AND outcome LIKE 'ok%'), 0)::bigint
        FROM a
        """;

    private static readonly string[] FigureNames =
    [
        "users-registered", "users-recertified", "users-suspended", "users-suspended-unconfirmed", "users-revoked", "roles-changed",
        "chamber-office-updates", "chamber-departures", "chamber-suspensions", "chamber-slowest-ms", "audit-verifications", "refused-requests",
        "audit-entries", "users-active-now", "campaigns-opened", "campaigns-closed", "chamber-function-changes", "chamber-person-departures",
        "key-rotations", "key-latest",
    ];

    private async Task<string> GenerateAsync(int year, string? statement, DateTimeOffset? finalisedAt, CancellationToken cancellationToken)
    {
        var period = new ReportPeriod(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var cmd = db.CreateCommand(AuditFigures))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
            cmd.Parameters.Add(new NpgsqlParameter { Value = period.End });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            await r.ReadAsync(cancellationToken);
            for (var i = 0; i < FigureNames.Length; i++)
            {
                figures[FigureNames[i]] = r.GetInt64(i);
            }
        }
        var incidents = await records.IncidentsAsync(year, cancellationToken);
        var backups = await records.BackupTestsAsync(year, cancellationToken);
        var purges = await retention.ForYearAsync(year, cancellationToken);
        var breaches = await infractions.ReportAsync(period, null, cancellationToken);

        var md = new StringBuilder();
        md.Append("# Yearly security report ").Append(year).Append('\n').Append('\n');
        md.Append(Norms.Source).Append(". ").Append(Norms.ToBeConfirmed).Append('\n').Append('\n');
        md.Append(finalisedAt is { } at ? $"Finalised on {at:yyyy-MM-dd HH:mm} UTC." : "Draft: the figures are those of the moment it is read.").Append('\n');
        foreach (var chapter in Norms.Chapters)
        {
            md.Append('\n').Append("## ").Append(chapter.Id).Append(". ").Append(chapter.Title).Append('\n').Append('\n');
            if (chapter.Evidence.Count == 0)
            {
                md.Append("- The platform holds no evidence for this chapter: see the coordinator's section.\n");
            }
            foreach (var evidence in chapter.Evidence)
            {
                md.Append(evidence switch
                {
                    "statement" => "- The coordinator's section closes this report.\n",
                    "campaigns" => $"- Internal audit campaigns opened: {N(figures["campaigns-opened"])}; closed: {N(figures["campaigns-closed"])}.\n",
                    "users" => $"- Users registered: {N(figures["users-registered"])}; reviewed (recertified): {N(figures["users-recertified"])}; " +
                        $"suspended: {N(figures["users-suspended"])} (of which not recertified in time: {N(figures["users-suspended-unconfirmed"])}); " +
                        $"revoked: {N(figures["users-revoked"])}; changes of roles: {N(figures["roles-changed"])}; active now: {N(figures["users-active-now"])}.\n",
                    "chamber" => $"- Chamber changes of offices: {N(figures["chamber-office-updates"])}; departures: {N(figures["chamber-departures"])}, " +
                        $"suspending {N(figures["chamber-suspensions"])} users; slowest departure in effect within {N(figures["chamber-slowest-ms"])} ms " +
                        "(the suspensions commit before the Chamber's request is answered); " +
                        $"changes of a person's function or office: {N(figures["chamber-function-changes"])}; " +
                        $"departures of persons: {N(figures["chamber-person-departures"])} (revoked before the answer).\n",
                    "audit-chain" => $"- Audit entries: {N(figures["audit-entries"])}; verifications of the hash chain: {N(figures["audit-verifications"])}.\n",
                    "anomalies" => $"- Refused requests: {N(figures["refused-requests"])} (details: GET /security/reports/access-anomalies).\n",
                    "keys" => figures["key-rotations"] == 0
                        ? "- Master key rotations recorded (`keys rotate`, audited): none in the year.\n"
                        : $"- Master key rotations recorded (`keys rotate`, audited): {N(figures["key-rotations"])}; the newest key of the year: key {N(figures["key-latest"])} " +
                            "(older keys keep unwrapping; nothing is re-encrypted).\n",
                    "purges" => $"- Purges done in the year: {N(purges.Done)}; due or overdue at {purges.AsOf:yyyy-MM-dd}: {N(purges.Due)}; blocked: {N(purges.Blocked)}.\n",
                    "incidents" => $"- Incidents recorded: {N(incidents.Count)} (critical {N(incidents.Count(i => i.Severity == IncidentSeverity.Critical))}, " +
                        $"high {N(incidents.Count(i => i.Severity == IncidentSeverity.High))}); unresolved: {N(incidents.Count(i => i.ResolvedOn is null))}.\n" +
                        string.Concat(incidents.Select(i => $"  - {i.OccurredOn:yyyy-MM-dd} ({i.Severity}): {OneLine(i.Summary)}\n")),
                    "backups" => $"- Backup tests: {N(backups.Count(b => b.Kind == BackupTestKind.Backup))}; restore tests: {N(backups.Count(b => b.Kind == BackupTestKind.Restore))}; " +
                        $"failed: {N(backups.Count(b => !b.Succeeded))}.\n",
                    "infractions" => $"- Infractions found in the bailiffs' responses: {N(breaches.Offices.Sum(o => o.Items.Count))} in {N(breaches.Offices.Count)} offices" +
                        (breaches.Offices.Count == 0 ? ".\n" : ": " + string.Join(", ", breaches.Offices.SelectMany(o => o.Counts)
                            .GroupBy(c => c.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {N(g.Sum(c => c.Value))}")) + ".\n"),
                    _ => $"- (unknown evidence '{evidence}')\n",
                });
            }
        }
        md.Append('\n').Append("## The coordinator's section\n\n").Append(statement ?? "(not written yet)").Append('\n');
        return md.ToString();
    }

    // A summary printed on one list line: its line breaks would end the item.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
