using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Compliance;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Compliance;

/// <summary>The analysis of the bailiffs' responses, over dossiers the test drives through the real gateway and silo.</summary>
public sealed class InfractionReportTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task late_acceptance_missed_acceptance_late_service_missing_report_and_impossible_dates_are_counted_per_office()
    {
        var (onss, operators, auditor) = (await _s.OnssAsync(), await _s.OperatorAsync(), await _s.AuditorAsync());
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var ids = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            ids.Add(await _s.SubmitAsync(onss, Contrainte($"ONSS-2026-INFR-{i}", Debtor.Default with { Niss = Niss(600 + i) })));
        }
        await _s.DispatchAsync();
        var bailiff = await _s.BailiffAsync("liege-a");
        var (d1, d2, d3, d4) = (ids[0], ids[1], ids[2], ids[3]);

        // Monday 2 March 10:00 UTC (dispatched at 09:00): two acceptances in time, the third dossier served the same day.
        _s.Clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(bailiff, $"/bailiff/dossiers/{d2}/acceptance", null);
        await PostAsync(bailiff, $"/bailiff/dossiers/{d3}/acceptance", null);
        await PostAsync(bailiff, $"/bailiff/dossiers/{d3}/service", new ServiceReport(_s.Today, ServiceMode.InPerson, null));
        // Tuesday 10:00: 25 hours after the dispatch, past the 24-hour command.
        _s.Clock.Advance(TimeSpan.FromHours(24));
        await PostAsync(bailiff, $"/bailiff/dossiers/{d1}/acceptance", null);
        // Friday: the fourth dossier's acceptance deadline (three working days) has passed.
        _s.Clock.Advance(TimeSpan.FromDays(3));
        await _s.PollRemindersAsync();
        // Saturday 11 April, 40 days after the assignment: the first dossier is served, late; the second still is not.
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 11, 9, 0, 0, TimeSpan.Zero));
        await PostAsync(bailiff, $"/bailiff/dossiers/{d1}/service", new ServiceReport(_s.Today, ServiceMode.InPerson, null));
        // Entries of an earlier release, which accepted impossible dates (today's grains refuse them).
        await ImportServedAsync(d3, 10_000, new DateOnly(2026, 2, 10), new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
        await ImportServedAsync(d3, 10_001, new DateOnly(2026, 3, 20), new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));

        var report = await ReadAsync<InfractionReport>(await auditor.GetAsync("/security/reports/infractions?from=2026-03-01&to=2026-04-30", Ct));
        var office = Assert.Single(report.Offices);
        Assert.Equal("liege-a", office.OfficeId);
        Assert.Equal(new Dictionary<string, int>
        {
            ["late-acceptance"] = 1, ["missed-acceptance"] = 1, ["late-service"] = 1, ["missing-report"] = 1,
            ["act-before-assignment"] = 1, ["act-before-title"] = 1, ["act-in-the-future"] = 1,
        }.OrderBy(k => k.Key), office.Counts.OrderBy(k => k.Key));
        Assert.Equal(d1, Assert.Single(office.Items, i => i.Kind == "late-acceptance").DossierId);
        Assert.Equal("accepted 25 h after the dispatch", Assert.Single(office.Items, i => i.Kind == "late-acceptance").Detail);
        Assert.Equal(d4, Assert.Single(office.Items, i => i.Kind == "missed-acceptance").DossierId);
        Assert.Equal("served 40 days after the assignment", Assert.Single(office.Items, i => i.Kind == "late-service").Detail);
        Assert.Equal(d2, Assert.Single(office.Items, i => i.Kind == "missing-report").DossierId);
        Assert.All(office.Items.Where(i => i.Kind.StartsWith("act-", StringComparison.Ordinal)), i => Assert.Equal(d3, i.DossierId));

        // One office, another office, a period before everything: the figures follow.
        Assert.Single((await ReadAsync<InfractionReport>(await auditor.GetAsync("/security/reports/infractions?from=2026-03-01&to=2026-04-30&officeId=liege-a", Ct))).Offices);
        Assert.Empty((await ReadAsync<InfractionReport>(await auditor.GetAsync("/security/reports/infractions?from=2026-03-01&to=2026-04-30&officeId=namur-a", Ct))).Offices);
        Assert.Empty((await ReadAsync<InfractionReport>(await auditor.GetAsync("/security/reports/infractions?from=2026-01-01&to=2026-02-28", Ct))).Offices);
        // A period without its end, upside down, an office id too long: 400 problems.
        foreach (var query in new[] { "?from=2026-03-01", "?from=2026-04-30&to=2026-03-01", $"?from=2026-03-01&to=2026-04-30&officeId={new string('x', 65)}" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync($"/security/reports/infractions{query}", Ct)).StatusCode);
        }
    }

    private async Task ImportServedAsync(string dossierId, long seq, DateOnly servedOn, DateTimeOffset at)
    {
        await using var cmd = _s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            INSERT INTO journal (service_id, grain_type, grain_key, seq, at, kind, data)
            SELECT service_id, grain_type, grain_key, $2, $3, 'office-served',
                   jsonb_build_object('officeId', 'liege-a', 'assignedOn', '2026-03-02', 'servedOn', $4::date, 'daysToService', 0)
            FROM journal WHERE grain_type = 'dossier' AND grain_key = $1 LIMIT 1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = seq });
        cmd.Parameters.Add(new NpgsqlParameter { Value = at });
        cmd.Parameters.Add(new NpgsqlParameter { Value = servedOn });
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync(Ct));
    }
}
