using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Compliance;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Compliance;

/// <summary>The access-anomaly report over audit entries made by real requests, on a clock the test moves (Brussels is UTC+1 in March 2026).</summary>
public sealed class AccessAnomalyReportTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task each_kind_of_anomaly_is_found_with_the_audit_entries_behind_it_and_nothing_else()
    {
        var onssUser = await _s.Api.UserAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        var onss = _s.Api.ClientFor(onssUser);
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        await _s.RegisterOfficeAsync(operators, "namur-a", "namur");
        var (id, _) = await _s.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-ANOMALY"));
        var reader = await _s.Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "liege-a");
        var steady = await _s.Api.UserAsync(Roles.BailiffClerk, OrganisationKind.BailiffOffice, "liege-a");
        var prober = await _s.Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "namur-a");
        var (readerClient, steadyClient, proberClient) = (_s.Api.ClientFor(reader), _s.Api.ClientFor(steady), _s.Api.ClientFor(prober));
        var auditor = await _s.AuditorAsync();

        // Monday 2 to Friday 6 March, 10:00 in Brussels: two reads a day each (a median of 2).
        for (var day = 0; day < 5; day++)
        {
            for (var i = 0; i < 2; i++)
            {
                await ExpectAsync(await readerClient.GetAsync("/bailiff/dossiers", Ct), HttpStatusCode.OK);
                await ExpectAsync(await steadyClient.GetAsync("/bailiff/dossiers", Ct), HttpStatusCode.OK);
            }
            _s.Clock.Advance(TimeSpan.FromDays(day == 4 ? 3 : 1));
        }

        // Monday 9 March: 11 reads (above 5 x 2) and 10 reads (not above it).
        for (var i = 0; i < 11; i++)
        {
            await ExpectAsync(await readerClient.GetAsync("/bailiff/dossiers", Ct), HttpStatusCode.OK);
            if (i < 10)
            {
                await ExpectAsync(await steadyClient.GetAsync("/bailiff/dossiers", Ct), HttpStatusCode.OK);
            }
        }
        // A namur bailiff probes a liege dossier and a dossier that does not exist; ONSS is refused the bailiff's list.
        await ExpectAsync(await proberClient.GetAsync($"/bailiff/dossiers/{id}", Ct), HttpStatusCode.NotFound);
        await ExpectAsync(await proberClient.GetAsync($"/bailiff/dossiers/d{new string('0', 31)}", Ct), HttpStatusCode.NotFound);
        await ExpectAsync(await onss.GetAsync("/bailiff/dossiers", Ct), HttpStatusCode.Forbidden);
        // The Chamber reports namur-a's departure; its bailiff's token is refused from then on.
        var chamber = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.ChamberFeed));
        await ExpectAsync(await chamber.PostAsync("/chamber/offices/namur-a/departure", null, Ct), HttpStatusCode.OK);
        await ExpectAsync(await proberClient.GetAsync("/bailiff/dossiers", Ct), HttpStatusCode.Unauthorized);
        // 20:30 in Brussels: ONSS reads its dossier out of hours.
        _s.Clock.Advance(TimeSpan.FromHours(10.5));
        await ExpectAsync(await onss.GetAsync($"/onss/dossiers/{id}", Ct), HttpStatusCode.OK);
        _s.Clock.Advance(TimeSpan.FromHours(13.5));

        var report = await ReadAsync<AccessAnomalyReport>(await auditor.GetAsync("/security/reports/access-anomalies?from=2026-03-02&to=2026-03-10", Ct));
        var seqs = await SeqsAsync();
        var spike = Assert.Single(report.Findings, f => f.Kind == "read-spike");
        Assert.Equal((reader.Id, "liege-a", new DateOnly(2026, 3, 9), 11, 2.0), (spike.UserId, spike.OrganisationId, spike.Day, spike.Count, spike.Baseline));
        Assert.Equal(seqs.Where(e => e.User == reader.Id && e.At >= new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero)).Select(e => e.Seq), spike.AuditSeqs);

        var probe = Assert.Single(report.Findings, f => f.Kind == "probe");
        Assert.Equal((prober.Id, 2), (probe.UserId, probe.Count));
        Assert.Equal(seqs.Where(e => e.User == prober.Id && e.Outcome.EndsWith(":404", StringComparison.Ordinal)).Select(e => e.Seq), probe.AuditSeqs);

        var refused = report.Findings.Where(f => f.Kind == "refused").OrderBy(f => f.UserId == onssUser.Id ? 0 : 1).ToList();
        Assert.Equal([(onssUser.Id, 1), (prober.Id, 1)], refused.Select(f => (f.UserId, f.Count)));
        Assert.Equal(seqs.Where(e => e.User == onssUser.Id && e.Outcome == "denied:403").Select(e => e.Seq), refused[0].AuditSeqs);

        var after = Assert.Single(report.Findings, f => f.Kind == "after-departure");
        var refusedAfter = Assert.Single(seqs, e => e.User == prober.Id && e.Outcome == "refused:suspended:401");
        Assert.Equal((prober.Id, 1, refusedAfter.Seq), (after.UserId, after.Count, after.AuditSeqs.Single()));

        var late = Assert.Single(report.Findings, f => f.Kind == "out-of-hours");
        Assert.Equal((onssUser.Id, 1), (late.UserId, late.Count));
        Assert.Equal(6, report.Findings.Count);

        // The spike's day outside the period is not reported; the period's own limits are 400 problems.
        Assert.DoesNotContain((await ReadAsync<AccessAnomalyReport>(await auditor.GetAsync("/security/reports/access-anomalies?from=2026-03-02&to=2026-03-08", Ct))).Findings,
            f => f.Kind == "read-spike");
        foreach (var query in new[] { "", "?from=2026-03-02", "?from=2026-03-10&to=2026-03-02", "?from=2025-01-01&to=2026-03-02", "?from=x&to=2026-03-02",
            "?from=0001-01-01&to=0001-01-02", "?from=9999-12-30&to=9999-12-31", "?from=1989-12-31&to=1990-01-01", "?from=2999-12-31&to=3000-01-01" })
        {
            var bad = await auditor.GetAsync($"/security/reports/access-anomalies{query}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task the_reports_are_for_the_security_coordinator_and_the_data_protection_manager_only()
    {
        var dpo = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.DataProtectionManager));
        var others = new List<(string Role, HttpClient Client)>();
        foreach (var role in new[] { Roles.Operator, Roles.UserRegistrar, Roles.Ops, Roles.OnssAgent, Roles.Bailiff })
        {
            others.Add((role, _s.Api.ClientFor(await _s.Api.UserAsync(role))));
        }
        foreach (var path in new[] { "/security/reports/access-anomalies?from=2026-03-01&to=2026-03-02", "/security/reports/infractions?from=2026-03-01&to=2026-03-02",
                     "/security/reports/retention", "/security/reports/yearly/2026", "/security/campaigns", "/security/incidents", "/security/backup-tests" })
        {
            await ExpectAsync(await dpo.GetAsync(path, Ct), HttpStatusCode.OK);
            foreach (var (role, client) in others)
            {
                var response = await client.GetAsync(path, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} on {path}: {(int)response.StatusCode}");
            }
            Assert.Equal(HttpStatusCode.Unauthorized, (await _s.Api.CreateClient().GetAsync(path, Ct)).StatusCode);
        }
        // The records are the coordinator's: the data-protection manager reads them, and writes none.
        await ExpectAsync(await dpo.PostAsJsonAsync("/security/incidents", new NewIncident(_s.Today, IncidentSeverity.Low, "x"), Json, Ct), HttpStatusCode.Forbidden);
        await ExpectAsync(await dpo.PutAsJsonAsync("/security/reports/yearly/2026/statement", new ReportStatement("x"), Json, Ct), HttpStatusCode.Forbidden);
        await ExpectAsync(await dpo.PostAsJsonAsync("/security/campaigns",
            new NewCampaign("x", _s.Today, _s.Today, null, 1, 1), Json, Ct), HttpStatusCode.Forbidden);
    }

    private async Task<List<(long Seq, Guid? User, DateTimeOffset At, string Outcome)>> SeqsAsync()
    {
        await using var cmd = _s.Api.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
            "SELECT seq, user_id, at, outcome FROM audit_log ORDER BY seq");
        var list = new List<(long, Guid?, DateTimeOffset, string)>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            list.Add((r.GetInt64(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3)));
        }
        return list;
    }
}
