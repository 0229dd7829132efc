using System.Net;
using System.Net.Http.Json;
using P4Orleans.Api.Compliance;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Compliance;

/// <summary>Internal audit campaigns and the yearly security report, through the real gateway.</summary>
public sealed class CampaignAndYearlyReportTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task a_campaign_draws_the_same_sample_from_the_same_seed_and_its_record_freezes_when_closed()
    {
        var (onss, operators, coordinator) = (await _s.OnssAsync(), await _s.OperatorAsync(), await _s.AuditorAsync());
        await _s.RegisterOfficeAsync(operators, "liege-c");
        var ids = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            ids.Add((await _s.SubmitAndDispatchAsync(onss, operators, Contrainte($"ONSS-2026-CAMP-{i}", Debtor.Default with { Niss = Niss(800 + i) }))).DossierId);
        }

        var request = new NewCampaign("First quarter", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), null, 3, 4, 42);
        var first = await ReadAsync<Campaign>(await PostAsync(coordinator, "/security/campaigns", request, HttpStatusCode.Created));
        var second = await ReadAsync<Campaign>(await PostAsync(coordinator, "/security/campaigns", request, HttpStatusCode.Created));
        Assert.Equal(3, first.Sample.DossierIds.Count);
        Assert.Equal(4, first.Sample.AuditSeqs.Count);
        Assert.All(first.Sample.DossierIds, id => Assert.Contains(id, ids));
        Assert.Equal(first.Sample.DossierIds, second.Sample.DossierIds);
        Assert.Equal(first.Sample.AuditSeqs, second.Sample.AuditSeqs);
        // Another seed draws a different order of the same five; a draw of everything is the whole population.
        var all = await ReadAsync<Campaign>(await PostAsync(coordinator, "/security/campaigns", request with { Dossiers = 10, Seed = 7 }, HttpStatusCode.Created));
        Assert.Equal(ids.Order(), all.Sample.DossierIds.Order());
        // A seed drawn by the platform is recorded, so the draw can be made again.
        var drawn = await ReadAsync<Campaign>(await PostAsync(coordinator, "/security/campaigns", request with { Seed = null }, HttpStatusCode.Created));
        var again = await ReadAsync<Campaign>(await PostAsync(coordinator, "/security/campaigns", request with { Seed = drawn.Seed }, HttpStatusCode.Created));
        Assert.Equal(drawn.Sample.DossierIds, again.Sample.DossierIds);
        Assert.Equal(drawn.Sample.AuditSeqs, again.Sample.AuditSeqs);
        // The office's scope has only its dossiers; another office's is empty.
        var other = await ReadAsync<Campaign>(await PostAsync(coordinator, "/security/campaigns", request with { OfficeId = "namur-x" }, HttpStatusCode.Created));
        Assert.Empty(other.Sample.DossierIds);

        var path = $"/security/campaigns/{first.Id}";
        Assert.Equal(first.Sample.DossierIds, (await ReadAsync<Campaign>(await coordinator.GetAsync(path, Ct))).Sample.DossierIds);
        await ExpectAsync(await coordinator.PutAsJsonAsync(path, new CampaignFindings("No access without cause.", null), Json, Ct), HttpStatusCode.OK);
        var closed = await ReadAsync<Campaign>(await coordinator.PutAsJsonAsync(path, new CampaignFindings(null, "None.", Close: true), Json, Ct));
        Assert.Equal(("No access without cause.", "None."), (closed.Findings, closed.FollowUp));
        Assert.NotNull(closed.ClosedAt);
        await ExpectAsync(await coordinator.PutAsJsonAsync(path, new CampaignFindings("changed", null), Json, Ct), HttpStatusCode.Conflict);
        await ExpectAsync(await coordinator.PutAsJsonAsync($"/security/campaigns/{Guid.NewGuid()}", new CampaignFindings("x", null), Json, Ct), HttpStatusCode.NotFound);
        Assert.Equal(6, (await ReadAsync<List<Campaign>>(await coordinator.GetAsync("/security/campaigns", Ct))).Count);

        foreach (var bad in new[] { request with { Title = " " }, request with { Dossiers = 1001 }, request with { Accesses = -1 },
                     request with { To = new DateOnly(2026, 2, 1) }, request with { To = new DateOnly(2027, 6, 1) } })
        {
            await PostAsync(coordinator, "/security/campaigns", bad, HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task the_yearly_report_has_every_chapter_with_the_years_counts_and_freezes_when_finalised()
    {
        var coordinatorUser = await _s.Api.UserAsync(Roles.SecurityCoordinator);
        var coordinator = _s.Api.ClientFor(coordinatorUser);
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-y");
        await _s.Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "liege-y");
        var suspended = await _s.Api.UserAsync(Roles.Operator);
        var revoked = await _s.Api.UserAsync(Roles.Operator);
        var chamber = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.ChamberFeed));
        // Six users registered; one suspended and one revoked by the coordinator, one suspended by the Chamber's departure.
        await ExpectAsync(await coordinator.PutAsJsonAsync($"/admin/users/{suspended.Id}/status", new UsersApi.StatusChange(UserStatus.Suspended), Json, Ct), HttpStatusCode.OK);
        await ExpectAsync(await coordinator.PutAsJsonAsync($"/admin/users/{revoked.Id}/status", new UsersApi.StatusChange(UserStatus.Revoked), Json, Ct), HttpStatusCode.OK);
        await PostAsync(chamber, "/chamber/offices/liege-y/departure", null);
        await ExpectAsync(await coordinator.GetAsync("/security/audit/verify", Ct), HttpStatusCode.OK);
        await PostAsync(coordinator, "/security/incidents", new NewIncident(_s.Today, IncidentSeverity.High, "Token used from an unknown network.\nUser suspended."), HttpStatusCode.Created);
        await PostAsync(coordinator, "/security/incidents", new NewIncident(_s.Today, IncidentSeverity.Low, "Phishing mail reported.", _s.Today), HttpStatusCode.Created);
        await PostAsync(coordinator, "/security/backup-tests", new NewBackupTest(BackupTestKind.Backup, _s.Today, true), HttpStatusCode.Created);
        await PostAsync(coordinator, "/security/backup-tests", new NewBackupTest(BackupTestKind.Restore, _s.Today, false, "Restore too slow."), HttpStatusCode.Created);
        await PostAsync(coordinator, "/security/incidents", new NewIncident(_s.Today.AddDays(1), IncidentSeverity.Low, "x"), HttpStatusCode.BadRequest);
        await PostAsync(coordinator, "/security/incidents", new NewIncident(_s.Today, IncidentSeverity.Low, "x", _s.Today.AddDays(-1)), HttpStatusCode.BadRequest);
        await PostAsync(coordinator, "/security/backup-tests", new { kind = "Snapshot", performedOn = _s.Today, succeeded = true }, HttpStatusCode.BadRequest);
        Assert.Equal(2, (await ReadAsync<List<Incident>>(await coordinator.GetAsync("/security/incidents?year=2026", Ct))).Count);

        var draft = await (await coordinator.GetAsync("/security/reports/yearly/2026", Ct)).Content.ReadAsStringAsync(Ct);
        var norms = SecurityNorms.Load();
        Assert.Equal(10, norms.Chapters.Count);
        Assert.All(norms.Chapters, c => Assert.Contains($"## {c.Id}. {c.Title}\n", draft, StringComparison.Ordinal));
        Assert.Contains("Users registered: 6; reviewed (recertified): 0; suspended: 2 (of which not recertified in time: 0); revoked: 1; changes of roles: 0; active now: 3.", draft, StringComparison.Ordinal);
        Assert.Contains("departures: 1, suspending 1 users", draft, StringComparison.Ordinal);
        Assert.Contains("verifications of the hash chain: 1.", draft, StringComparison.Ordinal);
        Assert.Contains("Incidents recorded: 2 (critical 0, high 1); unresolved: 1.", draft, StringComparison.Ordinal);
        Assert.Contains("Token used from an unknown network. User suspended.", draft, StringComparison.Ordinal);
        Assert.Contains("Backup tests: 1; restore tests: 1; failed: 1.", draft, StringComparison.Ordinal);
        Assert.Contains("(not written yet)", draft, StringComparison.Ordinal);

        // The coordinator's section is needed to finalise; once finalised nothing changes, not even a later count.
        await PostAsync(coordinator, "/security/reports/yearly/2026/finalisation", null, HttpStatusCode.Conflict);
        await ExpectAsync(await coordinator.PutAsJsonAsync("/security/reports/yearly/2026/statement", new ReportStatement("Keys rotated in June."), Json, Ct), HttpStatusCode.NoContent);
        var final = await (await PostAsync(coordinator, "/security/reports/yearly/2026/finalisation", null)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Keys rotated in June.", final, StringComparison.Ordinal);
        await PostAsync(coordinator, "/security/incidents", new NewIncident(_s.Today, IncidentSeverity.Critical, "Later."), HttpStatusCode.Created);
        Assert.Equal(final, await (await coordinator.GetAsync("/security/reports/yearly/2026", Ct)).Content.ReadAsStringAsync(Ct));
        await ExpectAsync(await coordinator.PutAsJsonAsync("/security/reports/yearly/2026/statement", new ReportStatement("changed"), Json, Ct), HttpStatusCode.Conflict);
        await PostAsync(coordinator, "/security/reports/yearly/2026/finalisation", null, HttpStatusCode.Conflict);

        foreach (var year in new[] { "2027", "1989" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.GetAsync($"/security/reports/yearly/{year}", Ct)).StatusCode);
        }
        await ExpectAsync(await coordinator.PutAsJsonAsync("/security/reports/yearly/2025/statement", new ReportStatement(new string('x', 20_001)), Json, Ct), HttpStatusCode.BadRequest);
        await ExpectAsync(await coordinator.PutAsJsonAsync("/security/reports/yearly/2025/statement", new ReportStatement(" "), Json, Ct), HttpStatusCode.BadRequest);
    }
}
